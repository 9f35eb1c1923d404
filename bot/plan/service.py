"""Importing a plan file into the store, all or nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.domain.model import Division, Measure, Organisation
from bot.domain.timeframe import TimeframeError, parse_timeframe
from bot.plan.docx_reader import read_blocks, read_docx_plan
from bot.plan.limits import DEFAULT_LIMITS, PlanLimits, check_file_size
from bot.plan.pdf_reader import pdf_blocks
from bot.plan.rows import ImportedMeasure, PlanImport, PlanImportError
from bot.plan.tabular import read_tabular_plan
from bot.store.redis_store import PlanSave, RedisStore
from bot.texts import t

Reader = Callable[[Path, Sequence[Division], str, PlanLimits], PlanImport]


def read_pdf_plan(
    path: Path, divisions: Sequence[Division], name: str, limits: PlanLimits
) -> PlanImport:
    """Read a plan exported to PDF through the Word reader's table rules."""
    check_file_size(path, name, limits)
    return read_blocks(pdf_blocks(path, name, limits), divisions, name, limits)


READERS: dict[str, Reader] = {
    ".docx": read_docx_plan,
    ".pdf": read_pdf_plan,
    ".xlsx": read_tabular_plan,
    ".csv": read_tabular_plan,
}


class PlanRejected(Exception):
    """The plan was read but has problems that must be fixed before it is stored."""

    def __init__(self, plan: PlanImport, problems: list[str]) -> None:
        self.plan = plan
        self.problems = problems
        self.message = (
            t("plan.rejected", count=len(problems)) + "\n" + "\n".join(f"- {p}" for p in problems)
        )
        super().__init__(self.message)


@dataclass
class ImportOutcome:
    """A plan read from a file and, unless it was a dry run, what saving it changed."""

    plan: PlanImport
    saved: PlanSave | None
    problems: list[str]


def read_plan_file(
    path: Path,
    org: Organisation,
    name: str | None = None,
    limits: PlanLimits = DEFAULT_LIMITS,
) -> PlanImport:
    """Read a DOCX, PDF, XLSX or CSV plan; name is the file's name as the user knows it."""
    name = name or path.name
    suffix = Path(name).suffix.lower() if Path(name).suffix else path.suffix.lower()
    reader = READERS.get(suffix) or READERS.get(path.suffix.lower())
    if reader is None:
        raise PlanImportError("unsupported_type", path=name)
    return reader(path, org.divisions, name, limits)


def _is_unreadable_timeframe(m: ImportedMeasure, fiscal_year: int | None) -> bool:
    if m.start or m.end or not m.timeframe_text.strip():
        return False
    return isinstance(parse_timeframe(m.timeframe_text, fiscal_year=fiscal_year), TimeframeError)


def blocking_problems(plan: PlanImport) -> list[str]:
    """Return what stops a plan from being stored: unknown divisions, unreadable timeframes."""
    problems = [t("plan.problem.unknown_division", value=d) for d in plan.unknown_divisions]
    for m in plan.measures:
        if _is_unreadable_timeframe(m, plan.fiscal_year):
            problems.append(
                t("plan.problem.timeframe", source=m.source, value=m.timeframe_text.strip())
            )
    return problems


def to_measure(m: ImportedMeasure, fiscal_year: int | None) -> Measure:
    """Turn an imported row into a measure to store (id and number are assigned on save)."""
    return Measure(
        id="",
        number=0,
        title=m.title,
        method=m.method,
        divisions=list(m.divisions),
        assessment=m.assessment,
        indicator=m.indicator,
        item=m.item,
        start=m.start,
        end=m.end,
        timeframe_text=m.timeframe_text,
        timeframe_defaulted=m.timeframe_defaulted,
        follow_up=m.follow_up,
        fiscal_year=fiscal_year,
    )


def save_import(store: RedisStore, org_id: str, plan: PlanImport, **options: Any) -> PlanSave:
    """Store an imported plan in one transaction, statuses included.

    ``options`` go to ``RedisStore.save_plan``: replace_all, actor, claim, after.
    """
    measures = [to_measure(m, plan.fiscal_year) for m in plan.measures]
    return store.save_plan(org_id, measures, statuses=[m.status for m in plan.measures], **options)


def import_plan_file(
    store: RedisStore,
    org_id: str,
    path: Path,
    dry_run: bool = False,
    name: str | None = None,
    limits: PlanLimits = DEFAULT_LIMITS,
) -> ImportOutcome:
    """Read, check and (unless dry_run) store a plan file; nothing is stored on a problem."""
    org = store.require_org(org_id)
    plan = read_plan_file(path, org, name, limits)
    problems = blocking_problems(plan)
    if dry_run:
        return ImportOutcome(plan=plan, saved=None, problems=problems)
    if problems:
        raise PlanRejected(plan, problems)
    return ImportOutcome(plan=plan, saved=save_import(store, org_id, plan), problems=[])


def describe_outcome(outcome: ImportOutcome) -> str:
    """Summarise an import for people: counts per division, warnings, what changed."""
    plan = outcome.plan
    per_division = Counter(d for m in plan.measures for d in m.divisions)
    lines = [t("plan.preview_head", count=len(plan.measures))]
    lines += [t("plan.preview_division", division=d, count=n) for d, n in per_division.items()]
    warnings = list(plan.warnings) + [w for m in plan.measures for w in m.warnings]
    if warnings:
        lines.append(t("plan.preview_warnings", count=len(warnings)))
        lines += [f"- {w}" for w in warnings]
    if outcome.problems:
        lines.append(t("plan.rejected", count=len(outcome.problems)))
        lines += [f"- {p}" for p in outcome.problems]
    if outcome.saved is None:
        lines.append(t("plan.dry_run_note"))
    else:
        s = outcome.saved
        lines.append(
            t(
                "plan.saved",
                created=s.created,
                updated=s.updated,
                unchanged=s.unchanged,
                kept=s.kept,
            )
        )
    return "\n".join(lines)


def plan_rows(store: RedisStore, org_id: str) -> list[dict[str, Any]]:
    """Return the plan as rows for `plan show --json` and the web page."""
    latest = store.latest_reports(org_id)
    rows = []
    for m in store.measures(org_id):
        report = latest.get(m.id)
        rows.append(
            {
                "id": m.id,
                "number": m.number,
                "title": m.title,
                "divisions": m.divisions,
                "start": m.start.isoformat() if m.start else None,
                "end": m.end.isoformat() if m.end else None,
                "assessment": m.assessment.value if m.assessment else None,
                "indicator": m.indicator,
                "item": m.item,
                "status": report.status.value if report else None,
                "percent": report.percent if report else None,
                "last_report_at": report.at.isoformat() if report else None,
            }
        )
    return rows
