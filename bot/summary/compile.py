"""Compile an organisation's monthly summary from its measures and reports: pure, no I/O.

The status of a measure as of a moment is that of its latest report made before
the moment, leaving out reports that an amendment (``supersedes``) replaced.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from operator import attrgetter
from typing import Any

from bot.domain.model import Measure, Organisation, Report, Status
from bot.domain.thai import BANGKOK, month_range
from bot.summary.figures import (
    COUNT_KEYS,
    NO_REPORT,
    SCHEMA_VERSION,
    LateReport,
    OnTime,
    OverdueMeasure,
    Summary,
    Tally,
)

ASSESSMENTS = ("IIT", "EIT", "OIT")
INDICATORS = tuple(str(i) for i in range(1, 11))
NONE_KEY = "none"  # measures without an assessment or indicator


@dataclass(frozen=True)
class MeasureState:
    """Where one measure stood at a moment."""

    latest: Report | None = None
    done_since: datetime | None = None
    evidence: int = 0

    @property
    def status(self) -> str:
        """The latest status, or "no_report"."""
        return self.latest.status.value if self.latest else NO_REPORT


_EMPTY = MeasureState()


def month_cutoff(year: int, month: int) -> datetime:
    """Return the moment a month ends in Bangkok (the first instant of the next month)."""
    return datetime.combine(month_range(year, month)[1] + timedelta(days=1), time(), BANGKOK)


def state_at(
    reports: Sequence[Report], cutoff: datetime, rejected: Collection[str] = frozenset()
) -> MeasureState:
    """Return a measure's state from its reports made before cutoff.

    Evidence refused after its download (``rejected`` ids) is not counted.
    """
    counted = [r for r in reports if r.at < cutoff]
    if not counted:
        return _EMPTY
    replaced = {r.supersedes for r in counted if r.supersedes}
    effective = sorted((r for r in counted if r.id not in replaced), key=attrgetter("at"))
    latest = effective[-1]
    evidence = len({e for r in effective for e in r.evidence} - set(rejected))
    if latest.status is not Status.DONE:
        return MeasureState(latest, None, evidence)
    first = latest
    for report in reversed(effective):
        if report.status is not Status.DONE:
            break
        first = report
    # An amendment that kept "done" keeps the date the measure was first reported done.
    by_id = {r.id: r for r in counted}
    while first.supersedes in by_id and by_id[first.supersedes].status is Status.DONE:
        first = by_id[first.supersedes]
    return MeasureState(latest, first.at, evidence)


def _division_rows(
    org: Organisation, measures: Iterable[Measure]
) -> tuple[dict[str | None, Tally], dict[str, str]]:
    """Return an empty tally per division (the organisation's first) and a name lookup."""
    rows: dict[str | None, Tally] = {d.name: Tally() for d in org.divisions}
    canonical = {d.name: d.name for d in org.divisions}
    for d in org.divisions:
        canonical.update({alias: d.name for alias in d.aliases if alias not in canonical})
    for m in measures:
        for name in m.divisions:
            rows.setdefault(canonical.get(name, name), Tally())
        if not m.divisions:
            rows.setdefault(None, Tally())
    return rows, canonical


def compile_summary(
    org: Organisation,
    measures: Sequence[Measure],
    reports_by_measure: Mapping[str, Sequence[Report]],
    year: int,
    month: int,
    previous: Mapping[str, Any] | None,
    *,
    now: datetime | None = None,
    rejected: Collection[str] = frozenset(),
) -> Summary:
    """Compile an organisation's summary as of the end of a month (or as of now, if earlier)."""
    first_day, last_day = month_range(year, month)
    month_start = datetime.combine(first_day, time(), BANGKOK)
    cutoff = month_cutoff(year, month)
    partial = False
    if now is not None and now < cutoff:
        partial, cutoff = True, max(now, month_start)
        as_of = cutoff.astimezone(BANGKOK).date()
        overdue_before = as_of  # today is not over yet
    else:
        as_of, overdue_before = last_day, last_day + timedelta(days=1)
    ordered = sorted(measures, key=attrgetter("number"))
    totals = Tally()
    by_assessment = {key: Tally() for key in ASSESSMENTS}
    by_indicator = {key: Tally() for key in INDICATORS}
    divisions, canonical = _division_rows(org, ordered)
    overdue: list[OverdueMeasure] = []
    no_report: list[int] = []
    done_this_month: list[int] = []
    statuses: dict[int, str] = {}
    due = on_time = late_done = evidence = 0
    for m in ordered:
        state = state_at(reports_by_measure.get(m.id, ()), cutoff, rejected)
        status = state.status
        is_done = status == Status.DONE.value
        is_overdue = m.end is not None and m.end < overdue_before and not is_done
        totals.add(status, is_overdue)
        assessment = m.assessment.value if m.assessment else NONE_KEY
        by_assessment.setdefault(assessment, Tally()).add(status, is_overdue)
        indicator = str(m.indicator) if m.indicator else NONE_KEY
        by_indicator.setdefault(indicator, Tally()).add(status, is_overdue)
        for name in dict.fromkeys(canonical.get(n, n) for n in m.divisions) or [None]:
            divisions[name].add(status, is_overdue)
        statuses[m.number] = status
        evidence += state.evidence
        if status == NO_REPORT:
            no_report.append(m.number)
        if state.done_since is not None and state.done_since >= month_start:
            done_this_month.append(m.number)
        if is_overdue and m.end is not None:
            overdue.append(
                OverdueMeasure(
                    m.number, m.title, list(m.divisions), m.end, (as_of - m.end).days, status,
                    assessment if m.assessment else None, m.item,
                )
            )  # fmt: skip
        if m.end is not None and m.end < overdue_before:
            due += 1
            if state.done_since is not None:
                done_day = state.done_since.astimezone(BANGKOK).date()
                on_time += done_day <= m.end
                late_done += done_day > m.end
    overdue.sort(key=lambda o: (-o.days_overdue, o.number))
    summary = Summary(
        org=org.id,
        org_name=org.name,
        year=year,
        month=month,
        as_of=as_of,
        partial=partial,
        totals=totals,
        by_assessment=by_assessment,
        by_indicator=by_indicator,
        by_division=list(divisions.items()),
        overdue=overdue,
        no_report=no_report,
        done_this_month=done_this_month,
        statuses=statuses,
        on_time=OnTime(due, on_time, late_done),
        evidence_count=evidence,
    )
    if previous is not None:
        summary.previous = {"month": previous.get("month"), **previous["totals"]}
        summary.changes = changes_since(summary, previous)
    if not partial:
        summary.late_reports = late_reports(
            statuses, ordered, reports_by_measure, year, month, as_of_next=None
        )
    return summary


def changes_since(summary: Summary, previous: Mapping[str, Any]) -> dict[str, Any]:
    """Return what changed since the previous month's summary (counts and measure numbers)."""
    before = previous["totals"]
    now = summary.totals.as_json()
    changes: dict[str, Any] = {key: now[key] - before.get(key, 0) for key in COUNT_KEYS}
    was_pct, now_pct = before.get("percent_done"), now["percent_done"]
    changes["percent_done"] = (
        round(now_pct - was_pct, 1) if was_pct is not None and now_pct is not None else None
    )
    old = {int(number): status for number, status in previous.get("statuses", {}).items()}
    done = Status.DONE.value
    changes["newly_done"] = [
        n for n, s in summary.statuses.items() if s == done and old.get(n) != done
    ]
    changes["reopened"] = [
        n for n, s in summary.statuses.items() if s != done and old.get(n) == done
    ]
    was_overdue = {o["number"] for o in previous.get("overdue", [])}
    changes["newly_overdue"] = [o.number for o in summary.overdue if o.number not in was_overdue]
    return changes


def late_reports(
    statuses: Mapping[int, str],
    measures: Iterable[Measure],
    reports_by_measure: Mapping[str, Sequence[Report]],
    year: int,
    month: int,
    as_of_next: datetime | None,
) -> list[LateReport]:
    """Return reports of the month after (up to as_of_next) that differ from the month's status."""
    start = month_cutoff(year, month)
    stop = month_cutoff(year + month // 12, month % 12 + 1)
    if as_of_next is not None:
        stop = min(stop, as_of_next)
    month_end = (start - timedelta(days=1)).date()
    found: list[LateReport] = []
    for m in measures:
        was = statuses.get(m.number, NO_REPORT)
        reports = reports_by_measure.get(m.id, ())
        replaced = {r.supersedes for r in reports if r.supersedes and r.at < stop}
        for r in reports:
            if start <= r.at < stop and r.status.value != was and r.id not in replaced:
                day = r.at.astimezone(BANGKOK).date()
                found.append(
                    LateReport(
                        m.number, m.title, m.item, r.status.value, was, r.at, (day - month_end).days
                    )
                )
    found.sort(key=lambda late: (late.at, late.number))
    return found


def summary_json(summary: Summary) -> dict[str, Any]:
    """Return the summary as JSON-ready data (the shape snapshots are stored in)."""
    return {
        "version": SCHEMA_VERSION,
        "org": summary.org,
        "org_name": summary.org_name,
        "month": summary.month_key,
        "as_of": summary.as_of.isoformat(),
        "partial": summary.partial,
        "totals": summary.totals.as_json(),
        "by_assessment": {k: t.as_json() for k, t in summary.by_assessment.items()},
        "by_indicator": {k: t.as_json() for k, t in summary.by_indicator.items()},
        "by_division": [{"division": name, **t.as_json()} for name, t in summary.by_division],
        "overdue": [o.as_json() for o in summary.overdue],
        "no_report": list(summary.no_report),
        "done_this_month": list(summary.done_this_month),
        "statuses": {str(n): s for n, s in summary.statuses.items()},
        "previous": summary.previous,
        "changes": summary.changes,
        "on_time": {
            "due": summary.on_time.due,
            "done_on_time": summary.on_time.done_on_time,
            "done_late": summary.on_time.done_late,
        },
        "on_time_rate": summary.on_time.rate,
        "evidence_count": summary.evidence_count,
        "late_reports": [late.as_json() for late in summary.late_reports],
    }
