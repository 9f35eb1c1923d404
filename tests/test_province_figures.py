"""Each organisation's figures from its summary, sorted and ranked: pure, no server."""

from __future__ import annotations

import pytest

from bot.province.figures import OrgFigures, figures_of, rank_by_progress, sort_figures


def _row(org: str, percent: float | None, overdue: int, measures: int = 10) -> OrgFigures:
    done = None if percent is None else round(measures * percent / 100)
    return OrgFigures(org, f"อบต.{org}", f"อำเภอ{org}", "2026-10", measures, done, overdue, 0,
                      percent)  # fmt: skip


def test_figures_come_from_the_summary_totals() -> None:
    summary = {
        "totals": {"measures": 24, "done": 6, "overdue": 3, "no_report": 12, "percent_done": 25.0},
        "frozen_at": "2026-11-01T00:00:00+07:00",
    }
    row = figures_of("demo", "อบต.ตัวอย่าง", "บ้านฝาง", "2026-10", summary)
    assert (row.measures, row.done, row.overdue, row.no_report, row.percent_done) == (
        24, 6, 3, 12, 25.0,
    )  # fmt: skip
    assert row.has_figures and row.is_behind and row.frozen_at
    empty = figures_of("new", "อบต.ใหม่", "", "2026-10", None)
    assert not empty.has_figures and not empty.is_behind


def test_ranking_puts_the_most_done_first_then_the_fewest_overdue() -> None:
    rows = [_row("c", 50.0, 4), _row("a", 80.0, 0), _row("b", 50.0, 1), _row("d", None, 0)]
    rows[3] = figures_of("d", "อบต.d", "", "2026-10", None)
    assert [r.org_id for r in rank_by_progress(rows)] == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("key", "descending", "expected"),
    [
        ("percent", True, ["a", "b", "c", "d"]),
        ("percent", False, ["c", "b", "a", "d"]),
        ("overdue", True, ["c", "b", "a", "d"]),
        ("name", False, ["a", "b", "c", "d"]),
        ("name", True, ["d", "c", "b", "a"]),
    ],
)
def test_sorting_by_a_column_keeps_organisations_without_figures_last(
    key: str, descending: bool, expected: list[str]
) -> None:
    rows = [_row("a", 90.0, 0), _row("b", 50.0, 2), _row("c", 10.0, 5)]
    rows.append(figures_of("d", "อบต.d", "", "2026-10", None))
    assert [r.org_id for r in sort_figures(rows, key, descending)] == expected


def test_an_unknown_sort_key_is_refused() -> None:
    with pytest.raises(ValueError):
        sort_figures([], "budget")
