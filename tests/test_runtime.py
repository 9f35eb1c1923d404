"""The runtime's tick plans what changed, and every organisation once a day (issue 12)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.app.runtime import Runtime, build_runtime
from bot.demo import ensure_demo
from bot.domain.divisions import default_divisions
from bot.domain.model import Channel, Organisation, Report, Status
from bot.store import keys as k
from bot.store.policies import PolicyStore
from bot.store.redis_store import RedisStore, new_id

pytestmark = pytest.mark.store
MONDAY = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # 08:00 in Bangkok


def planned(rt: Runtime, now: datetime) -> list[str]:
    seen: list[str] = []
    real = rt._plan_org

    def spy(org_id: str, today: date, days: int) -> int:
        seen.append(org_id)
        return real(org_id, today, days)

    rt._plan_org = spy  # type: ignore[method-assign]
    try:
        rt.plan_ahead(now)
    finally:
        rt._plan_org = real  # type: ignore[method-assign]
    return sorted(seen)


def test_a_tick_plans_only_what_changed_and_everything_once_a_day(
    store: RedisStore, tmp_path: Path
) -> None:
    ensure_demo(store, today=date(2026, 11, 30))
    store.create_org(Organisation("quiet", "อบต.เงียบ", default_divisions()))
    rt = build_runtime(Config(data_dir=tmp_path), store)
    assert planned(rt, MONDAY) == ["demo", "quiet"]  # the day's first tick: everyone
    assert planned(rt, MONDAY + timedelta(minutes=1)) == []  # nothing changed
    measure = store.measures("demo")[0]
    store.add_report(
        "demo", Report(new_id("r"), measure.id, Status.DONE, MONDAY, "p_staff1", Channel.WEB)
    )
    assert planned(rt, MONDAY + timedelta(minutes=2)) == ["demo"]
    PolicyStore(store.r).add_holiday("quiet", date(2026, 12, 2), "งานประจำปี")
    assert planned(rt, MONDAY + timedelta(minutes=3)) == ["quiet"]
    assert planned(rt, MONDAY + timedelta(days=1)) == ["demo", "quiet"]  # a new day


def test_an_organisation_whose_planning_failed_is_planned_at_the_next_tick(
    store: RedisStore, tmp_path: Path
) -> None:
    ensure_demo(store, today=date(2026, 11, 30))
    rt = build_runtime(Config(data_dir=tmp_path), store)

    def lose_the_lease() -> None:
        raise RuntimeError("the lease passed to another clock")

    with pytest.raises(RuntimeError):
        rt.plan_ahead(MONDAY, check=lose_the_lease)
    assert store.r.sismember(k.REPLAN, "demo")
    assert rt.plan_ahead(MONDAY + timedelta(minutes=1)) > 0
    assert not store.r.sismember(k.REPLAN, "demo")


def test_one_tick_claims_everything_due_in_batches(
    store: RedisStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.app.runtime

    monkeypatch.setattr(bot.app.runtime, "CLAIM_BATCH", 100)
    ensure_demo(store, today=date(2026, 11, 30))
    rt = build_runtime(Config(data_dir=tmp_path), store)
    at = datetime(2026, 11, 30, 1, 30, tzinfo=UTC)  # 08:30 in Bangkok
    rt.schedule.plan(
        {"id": f"demo|p{i}|2026-11-30", "org": "demo", "person": f"p{i}", "day": "2026-11-30",
         "at": at.timestamp(), "at_iso": at.isoformat(), "digest": False, "missing": [],
         "items": []}
        for i in range(250)
    )  # fmt: skip
    handed: list[str] = []
    monkeypatch.setattr(rt.outbox, "enqueue_many", handed.extend)
    rt.plan_ahead = lambda now, days=1, check=None: 0  # type: ignore[method-assign, misc]
    result = rt.tick(at)
    assert result.claimed == result.enqueued == len(handed) == 250  # not capped at a batch
    assert store.r.zcard(k.PLANNED) == 0


def test_the_runtime_hands_the_core_everything_at_build(store: RedisStore, tmp_path: Path) -> None:
    rt = build_runtime(Config(data_dir=tmp_path), store)
    core = rt.core
    assert core.router.fallbacks is not None and core.router.match_command("ช่วยเหลือ")
    assert set(core.evidence.fetchers) == {"simulator", "line", "telegram"}
    assert core.evidence.fetchers["simulator"] == rt.simulator.fetch
    assert rt.menus is not None and core.person_changed == rt.menus.sync
    assert core.notify is not None
    assert not hasattr(rt, "extra")
