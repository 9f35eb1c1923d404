"""A plan read from a file, before it is saved: rows to check, warnings, the secretary's fixes.

Pure: data in, data out. Kept as JSON in Redis (bot/plan/previews.py) between the
upload and the save, so any host can show, fix and save it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from datetime import date
from enum import Enum
from typing import Any

from bot.domain.divisions import DivisionMatcher
from bot.domain.model import Assessment, Organisation, Status
from bot.domain.thai import fiscal_year_of
from bot.domain.timeframe import TimeframeError, parse_timeframe
from bot.plan.rows import ImportedMeasure, PlanImport
from bot.plan.service import blocking_problems
from bot.texts import t

MODES = ("add", "replace")
# Text columns that can hold the title; the secretary picks one when the reader chose wrong.
# Every text column a reader fills qualifies, so a column readers learn later is offered too.
TITLE_FIELDS = tuple(
    f.name
    for f in fields(ImportedMeasure)
    if f.type in ("str", str) and f.name not in ("source", "timeframe_text")
)
EDITABLE = ("title", "method", "divisions", "timeframe")
NO_TIMEFRAME = {"", "-", "–", "—"}


@dataclass
class PlanPreview:
    """One uploaded plan waiting for the secretary: what was read and what she changed."""

    token: str
    org_id: str
    person_id: str
    file_name: str
    plan: PlanImport
    mode: str = "add"  # "add": add and update; "replace": archive measures not in the file
    title_field: str = "title"
    edited: list[int] = field(default_factory=list)  # rows the secretary fixed by hand


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _measure_json(m: ImportedMeasure) -> dict[str, Any]:
    return {f.name: _plain(getattr(m, f.name)) for f in fields(m)}


def _measure_from(data: dict[str, Any]) -> ImportedMeasure:
    known = {f.name for f in fields(ImportedMeasure)}
    values = {name: value for name, value in data.items() if name in known}
    for name in ("start", "end"):
        values[name] = date.fromisoformat(values[name]) if values.get(name) else None
    values["status"] = Status(values["status"]) if values.get("status") else None
    values["assessment"] = Assessment(values["assessment"]) if values.get("assessment") else None
    return ImportedMeasure(**values)


def preview_to_json(p: PlanPreview) -> dict[str, Any]:
    """Encode a preview for Redis."""
    return {
        "token": p.token, "org_id": p.org_id, "person_id": p.person_id,
        "file_name": p.file_name, "mode": p.mode, "title_field": p.title_field,
        "edited": p.edited,
        "plan": {
            "measures": [_measure_json(m) for m in p.plan.measures],
            "warnings": p.plan.warnings, "fiscal_year": p.plan.fiscal_year,
            "unknown_divisions": p.plan.unknown_divisions,
        },
    }  # fmt: skip


def preview_from_json(data: dict[str, Any]) -> PlanPreview:
    """Decode a preview read from Redis."""
    plan = data["plan"]
    return PlanPreview(
        token=data["token"], org_id=data["org_id"], person_id=data["person_id"],
        file_name=data["file_name"], mode=data.get("mode", "add"),
        title_field=data.get("title_field", "title"),
        edited=data.get("edited", []),
        plan=PlanImport(
            measures=[_measure_from(m) for m in plan["measures"]],
            warnings=list(plan.get("warnings", [])), fiscal_year=plan.get("fiscal_year"),
            unknown_divisions=list(plan.get("unknown_divisions", [])),
        ),
    )  # fmt: skip


def effective_plan(p: PlanPreview) -> PlanImport:
    """The plan as it will be saved: the chosen title column, unresolved divisions only."""
    measures = list(p.plan.measures)
    if p.title_field != "title":
        measures = [
            _with_text(_with_text(m, p.title_field, m.title), "title", getattr(m, p.title_field))
            for m in measures
        ]
    return replace(p.plan, measures=measures, unknown_divisions=unresolved_divisions(p))


def _with_text(m: ImportedMeasure, name: str, value: str) -> ImportedMeasure:
    """A copy of a row with one text column changed."""
    out = replace(m)
    setattr(out, name, value)
    return out


def _names(m: ImportedMeasure, division: str) -> bool:
    """Whether the reader warned about this unknown division on this row."""
    return any(f'"{division}"' in w for w in m.warnings)


def unresolved_divisions(p: PlanPreview) -> list[str]:
    """Unknown division names still in the plan: not in a fixed row, nor only in dropped rows."""
    found = []
    for name in p.plan.unknown_divisions:
        rows = [i for i, m in enumerate(p.plan.measures) if _names(m, name)]
        # A name no row warns about cannot be traced to a row: it still blocks.
        if not rows or any(i not in p.edited for i in rows):
            found.append(name)
    return found


def _norm_title(title: str) -> str:
    return re.sub(r"\s+", "", title)


def _has_timeframe(m: ImportedMeasure) -> bool:
    return bool(m.start or m.end) or m.timeframe_text.strip() not in NO_TIMEFRAME


def row_notes(plan: PlanImport, lang: str = "th") -> list[list[str]]:
    """Per row: what the secretary should look at (no timeframe, no division, duplicate)."""
    titles = Counter(_norm_title(m.title) for m in plan.measures if m.title.strip())
    notes: list[list[str]] = []
    for m in plan.measures:
        mine: list[str] = []
        if not m.title.strip():
            mine.append(t("setup.preview.no_title", lang))
        if not _has_timeframe(m):
            mine.append(t("setup.preview.no_timeframe", lang))
        if not m.divisions:
            mine.append(t("setup.preview.no_division", lang))
        if m.title.strip() and titles[_norm_title(m.title)] > 1:
            mine.append(t("setup.preview.duplicate", lang))
        notes.append(mine)
    return notes


def plan_fiscal_year(plan: PlanImport) -> int | None:
    """The plan's fiscal year (BE): as the file says, else the one most of its measures end in."""
    if plan.fiscal_year is not None:
        return plan.fiscal_year
    years = Counter(fiscal_year_of(d) for m in plan.measures if (d := m.end or m.start))
    return years.most_common(1)[0][0] if years else None


def plan_notes(p: PlanPreview, current_fiscal_year: int, lang: str = "th") -> list[str]:
    """Warnings about the whole plan: another fiscal year, rows lacking things, duplicates."""
    plan = effective_plan(p)
    notes: list[str] = []
    year = plan_fiscal_year(plan)
    if year is not None and year != current_fiscal_year:
        notes.append(t("setup.preview.other_year", lang, year=year, current=current_fiscal_year))
    rows = row_notes(plan, lang)
    for key in ("no_timeframe", "no_division", "duplicate"):
        count = sum(t(f"setup.preview.{key}", lang) in r for r in rows)
        if count:
            notes.append(t(f"setup.preview.count_{key}", lang, count=count))
    return notes


def problems(p: PlanPreview) -> list[str]:
    """What stops the save: unknown divisions, unreadable timeframes, no measure at all."""
    plan = effective_plan(p)
    found = blocking_problems(plan)
    if not plan.measures:
        found.append(t("setup.preview.empty"))
    found += [
        t("setup.preview.problem_no_title", row=i + 1)
        for i, m in enumerate(plan.measures)
        if not m.title.strip()
    ]
    return found


class EditError(ValueError):
    """A fix the secretary typed that cannot be used; the message says why (Thai)."""


def edit_row(p: PlanPreview, org: Organisation, index: int, name: str, value: str) -> None:
    """Change one cell of a row (title, method, divisions or timeframe); EditError if unusable."""
    if not 0 <= index < len(p.plan.measures) or name not in EDITABLE:
        raise EditError(t("setup.preview.bad_row"))
    m = p.plan.measures[index]
    value = value.strip()[:1000]
    if name == "divisions":
        match = DivisionMatcher(org.divisions).match(value)
        if match.unknown or not match.divisions:
            shown = ", ".join(match.unknown) or value or "-"
            raise EditError(t("setup.preview.bad_division", value=shown))
        changed = replace(m, divisions=list(match.divisions))
    elif name == "timeframe":
        parsed = parse_timeframe(value, fiscal_year=p.plan.fiscal_year)
        if isinstance(parsed, TimeframeError):
            raise EditError(parsed.message("th"))
        changed = replace(
            m, timeframe_text=value, start=parsed.start, end=parsed.end, timeframe_defaulted=False
        )
    else:
        field_name = p.title_field if name == "title" else name
        if field_name == "method" and name == "method" and p.title_field == "method":
            field_name = "title"
        if name == "title" and not value:
            raise EditError(t("setup.preview.no_title"))
        changed = _with_text(m, field_name, value)
    p.plan.measures[index] = changed
    mark_checked(p, index)


def mark_checked(p: PlanPreview, index: int) -> None:
    """Record that the secretary fixed or confirmed a row by hand."""
    if 0 <= index < len(p.plan.measures) and index not in p.edited:
        p.edited.append(index)


def drop_row(p: PlanPreview, index: int) -> ImportedMeasure:
    """Leave one row out of the plan; EditError when there is no such row."""
    if not 0 <= index < len(p.plan.measures):
        raise EditError(t("setup.preview.bad_row"))
    p.edited = [i if i < index else i - 1 for i in p.edited if i != index]
    dropped = p.plan.measures.pop(index)
    # An unknown division only the dropped row named no longer stands in the way.
    p.plan.unknown_divisions = [
        name
        for name in p.plan.unknown_divisions
        if not _names(dropped, name) or any(_names(m, name) for m in p.plan.measures)
    ]
    return dropped


def choose_title(p: PlanPreview, field_name: str) -> None:
    """Use another text column as the measure's title; EditError for an unknown column."""
    if field_name not in TITLE_FIELDS:
        raise EditError(t("setup.preview.bad_row"))
    p.title_field = field_name


def choose_mode(p: PlanPreview, mode: str) -> None:
    """Add to the plan or replace it; EditError for anything else."""
    if mode not in MODES:
        raise EditError(t("setup.preview.bad_row"))
    p.mode = mode
