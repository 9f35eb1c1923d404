"""The figures of a monthly summary, as small dataclasses with their JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

NO_REPORT = "no_report"
# Every measure is in exactly one of these, in the order charts stack them.
STATUS_KEYS = ("done", "in_progress", "not_started", NO_REPORT)
COUNT_KEYS = ("measures", *STATUS_KEYS, "overdue")
SCHEMA_VERSION = 1


def percent(part: int, whole: int) -> float | None:
    """Return part/whole as a percentage with one decimal, or None when whole is 0."""
    return round(part * 100 / whole, 1) if whole else None


@dataclass
class Tally:
    """How many measures of a group are in each status, and how many are overdue."""

    measures: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    no_report: int = 0
    overdue: int = 0

    def add(self, status: str, is_overdue: bool) -> None:
        """Count one measure."""
        self.measures += 1
        setattr(self, status, getattr(self, status) + 1)
        self.overdue += is_overdue

    @property
    def percent_done(self) -> float | None:
        """Share of the measures that are done, in percent (None without measures)."""
        return percent(self.done, self.measures)

    def as_json(self) -> dict[str, Any]:
        """Return the counts and percent_done as JSON-ready data."""
        data: dict[str, Any] = {key: getattr(self, key) for key in COUNT_KEYS}
        data["percent_done"] = self.percent_done
        return data


@dataclass(frozen=True)
class OverdueMeasure:
    """A measure whose end date had passed as of the summary without being done."""

    number: int
    title: str
    divisions: list[str]
    end: date
    days_overdue: int
    status: str
    assessment: str | None = None
    item: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data."""
        return {
            "number": self.number,
            "title": self.title,
            "divisions": list(self.divisions),
            "end": self.end.isoformat(),
            "days_overdue": self.days_overdue,
            "status": self.status,
            "assessment": self.assessment,
            "item": self.item,
        }


@dataclass(frozen=True)
class LateReport:
    """A report made after the month ended that would have changed the month's figures."""

    number: int
    title: str
    item: str | None
    status: str
    was: str
    at: datetime
    days_late: int

    def as_json(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data."""
        return {
            "number": self.number,
            "title": self.title,
            "item": self.item,
            "status": self.status,
            "was": self.was,
            "at": self.at.isoformat(),
            "days_late": self.days_late,
        }


@dataclass(frozen=True)
class OnTime:
    """Measures whose end date had passed, and whether they were done by it."""

    due: int = 0
    done_on_time: int = 0
    done_late: int = 0

    @property
    def rate(self) -> float | None:
        """Share of due measures done by their end date, in percent (None if none were due)."""
        return percent(self.done_on_time, self.due)


@dataclass
class Summary:
    """One organisation's measures as of a month end (or as of now, for the current month)."""

    org: str
    org_name: str
    year: int
    month: int
    as_of: date
    partial: bool
    totals: Tally
    by_assessment: dict[str, Tally]
    by_indicator: dict[str, Tally]
    by_division: list[tuple[str | None, Tally]]
    overdue: list[OverdueMeasure]
    no_report: list[int]
    done_this_month: list[int]
    statuses: dict[int, str]
    on_time: OnTime
    evidence_count: int
    previous: dict[str, Any] | None = None
    changes: dict[str, Any] | None = None
    late_reports: list[LateReport] = field(default_factory=list)

    @property
    def month_key(self) -> str:
        """Return the month as "2023-03"."""
        return f"{self.year:04d}-{self.month:02d}"
