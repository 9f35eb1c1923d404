"""The plan as table rows for the dashboard: filters, Thai dates, days left or overdue."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.domain.model import Assessment, Measure, Report, Status
from bot.domain.thai import format_date_en, format_date_th
from bot.texts import t

NO_REPORT = "none"  # the status filter for measures nobody has reported on yet
STATUS_CHOICES = (Status.NOT_STARTED.value, Status.IN_PROGRESS.value, Status.DONE.value, NO_REPORT)
ASSESSMENT_CHOICES = tuple(a.value for a in Assessment)


@dataclass(frozen=True)
class PlanFilters:
    """What the plan page is narrowed to; empty strings mean "all"."""

    division: str = ""
    status: str = ""
    assessment: str = ""


def read_filters(
    args: Mapping[str, str], divisions: Sequence[str], own_division: str | None
) -> PlanFilters:
    """Read the query string; unknown values mean "all", staff stay in their division."""
    division = args.get("division", "")
    status = args.get("status", "")
    assessment = args.get("assessment", "")
    return PlanFilters(
        division=own_division
        if own_division is not None
        else (division if division in divisions else ""),
        status=status if status in STATUS_CHOICES else "",
        assessment=assessment if assessment in ASSESSMENT_CHOICES else "",
    )


def date_text(d: date | None, lang: str = "th") -> str:
    """Format a date for people ("31 มี.ค. 2566"), or "-" when there is none."""
    if d is None:
        return "-"
    return format_date_th(d) if lang == "th" else format_date_en(d)


def due_text(end: date | None, is_done: bool, today: date, lang: str = "th") -> tuple[str, str]:
    """Return the days-left words and a CSS class: done, no end, overdue, today or left."""
    if is_done:
        return t("dashboard.due.done", lang), "due-done"
    if end is None:
        return t("dashboard.due.none", lang), "due-none"
    days = (end - today).days
    if days < 0:
        return t("dashboard.due.overdue", lang, days=-days), "due-overdue"
    if days == 0:
        return t("dashboard.due.today", lang), "due-today"
    return t("dashboard.due.left", lang, days=days), "due-left"


def _matches(m: Measure, report: Report | None, f: PlanFilters) -> bool:
    status = report.status.value if report else NO_REPORT
    return (
        (not f.division or f.division in m.divisions)
        and (not f.status or f.status == status)
        and (not f.assessment or (m.assessment is not None and m.assessment.value == f.assessment))
    )


def plan_table(
    measures: Sequence[Measure],
    latest: Mapping[str, Report],
    filters: PlanFilters,
    today: date,
    lang: str = "th",
) -> list[dict[str, Any]]:
    """Return the measures that pass the filters as rows ready for the template."""
    rows = []
    for m in measures:
        report = latest.get(m.id)
        if not _matches(m, report, filters):
            continue
        due, due_class = due_text(
            m.end, report is not None and report.status is Status.DONE, today, lang
        )
        rows.append({
            "id": m.id, "number": m.number, "title": m.title, "item": m.item,
            "assessment": m.assessment.value if m.assessment else "",
            "indicator": m.indicator, "divisions": m.divisions,
            "start": date_text(m.start, lang), "end": date_text(m.end, lang),
            "status": report.status.value if report else None,
            "percent": report.percent if report else None,
            "due": due, "due_class": due_class,
        })  # fmt: skip
    return rows
