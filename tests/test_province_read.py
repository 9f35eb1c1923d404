"""Reading a province: frozen month-end figures in a bounded number of round trips."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.model import Measure, Organisation
from bot.province.read import last_ended_month, live_figures, month_figures
from bot.store import keys as k
from bot.store.redis_store import RedisStore
from bot.summary.snapshots import SnapshotStore

pytestmark = pytest.mark.store
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


def _province(store: RedisStore, count: int) -> None:
    for i in range(count):
        org_id = f"o{i:03d}"
        store.create_org(Organisation(org_id, f"อบต.{i:03d}", province="ขอนแก่น"))
        store.save_plan(org_id, [Measure("", 0, f"มาตรการ {n}") for n in range(3)])


def test_last_ended_month_is_the_one_before_in_bangkok() -> None:
    assert last_ended_month(NOW) == (2026, 10)
    assert last_ended_month(datetime(2026, 11, 30, 17, 0, tzinfo=UTC)) == (2026, 11)  # 00:00 +7


def test_frozen_figures_are_read_as_frozen_and_missing_ones_frozen_once(
    store: RedisStore,
) -> None:
    _province(store, 3)
    frozen = {"org": "o000", "month": "2026-10", "frozen_at": "2026-11-01T00:00:00+07:00",
              "totals": {"measures": 9, "done": 9, "overdue": 0, "no_report": 0,
                         "percent_done": 100.0}}  # fmt: skip
    assert SnapshotStore(store.r).freeze("o000", 2026, 10, frozen)
    rows = {r.org_id: r for r in month_figures(store, "ขอนแก่น", 2026, 10, NOW)}
    assert rows["o000"].measures == 9 and rows["o000"].percent_done == 100.0  # not recompiled
    assert rows["o001"].measures == 3 and rows["o001"].done == 0
    assert store.r.exists(k.org_key(k.SUMMARY, "o002", month="2026-10"))
    with pytest.raises(ValueError):
        month_figures(store, "ขอนแก่น", 2026, 11, NOW)  # the month runs: nothing frozen yet


def test_a_hundred_frozen_organisations_take_two_round_trips(
    store: RedisStore, round_trips: list[int], masters: int
) -> None:
    _province(store, 100)
    month_figures(store, "ขอนแก่น", 2026, 10, NOW)  # freezes them all
    round_trips[0] = 0
    rows = month_figures(store, "ขอนแก่น", 2026, 10, NOW)
    assert len(rows) == 100 and all(r.has_figures for r in rows)
    assert round_trips[0] == 1 + masters  # the ids, then the records (a trip per master)


def test_live_figures_take_a_bounded_number_of_round_trips(
    store: RedisStore, round_trips: list[int], masters: int
) -> None:
    _province(store, 120)
    round_trips[0] = 0
    rows = live_figures(store, "ขอนแก่น", NOW)
    assert len(rows) == 120 and {r.month for r in rows} == {"2026-11"}
    # The ids, then one per hundred organisations (on a cluster, one per master each).
    assert round_trips[0] == 1 + 2 * masters
