"""Each organisation of a province in a few figures, from its monthly summary: pure, no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SORT_KEYS = ("percent", "overdue", "done", "no_report", "measures", "name", "district")


@dataclass(frozen=True)
class OrgFigures:
    """One organisation's standing in a month (None figures: no summary of that month yet)."""

    org_id: str
    name: str
    district: str
    month: str
    measures: int | None = None
    done: int | None = None
    overdue: int | None = None
    no_report: int | None = None
    percent_done: float | None = None
    frozen_at: str | None = None

    @property
    def has_figures(self) -> bool:
        """Whether a summary gave the figures."""
        return self.measures is not None

    @property
    def is_behind(self) -> bool:
        """Whether the organisation has measures past their end and not done."""
        return bool(self.overdue)


def figures_of(
    org_id: str, name: str, district: str, month: str, summary: Mapping[str, Any] | None
) -> OrgFigures:
    """Return an organisation's figures from its summary JSON (the `summary --format json` keys)."""
    if summary is None:
        return OrgFigures(org_id, name, district, month)
    totals = summary["totals"]
    return OrgFigures(
        org_id,
        name,
        district,
        month,
        measures=totals["measures"],
        done=totals["done"],
        overdue=totals["overdue"],
        no_report=totals["no_report"],
        percent_done=totals["percent_done"],
        frozen_at=summary.get("frozen_at"),
    )


def _sort_value(row: OrgFigures, key: str) -> tuple[Any, ...]:
    if key == "name":
        return (row.name,)
    if key == "district":
        return (row.district, row.name)
    value = {
        "percent": row.percent_done,
        "overdue": row.overdue,
        "done": row.done,
        "no_report": row.no_report,
        "measures": row.measures,
    }[key]
    return (value if value is not None else 0.0, row.name)


def sort_figures(
    rows: Sequence[OrgFigures], key: str = "percent", descending: bool = True
) -> list[OrgFigures]:
    """Return rows sorted by a column; organisations without figures always come last."""
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}")
    with_figures = [r for r in rows if r.has_figures or key in ("name", "district")]
    without = [r for r in rows if r not in with_figures]
    ordered = sorted(with_figures, key=lambda r: _sort_value(r, key), reverse=descending)
    return ordered + sorted(without, key=lambda r: r.name)


def rank_by_progress(rows: Sequence[OrgFigures]) -> list[OrgFigures]:
    """Return rows best first: most done in percent, then fewest overdue, then by name."""
    with_figures = [r for r in rows if r.has_figures]
    ranked = sorted(with_figures, key=lambda r: (-(r.percent_done or 0.0), r.overdue or 0, r.name))
    return ranked + sorted((r for r in rows if not r.has_figures), key=lambda r: r.name)
