"""The clock: its jobs, and the lease that keeps a second clock from ticking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis
from apscheduler.schedulers.background import BackgroundScheduler

from bot.app.config import Config
from bot.app.runtime import build_runtime
from bot.store import keys as k
from bot.store.redis_store import RedisStore
from scheduler.clock import Clock

pytestmark = pytest.mark.store


def test_jobs_are_in_bangkok_time_with_coalescing(store: RedisStore, tmp_path: Path) -> None:
    clock = Clock(build_runtime(Config(data_dir=tmp_path), store))
    jobs = {job.id: job for job in clock.scheduler.get_jobs()}
    assert set(jobs) == {"tick", "monthly_summary", "memo_duty", "retry_evidence", "check_quota"}
    assert str(clock.scheduler.timezone) == "Asia/Bangkok"
    assert all(job.coalesce and job.max_instances == 1 for job in jobs.values())


def test_only_the_lease_holder_ticks(
    store: RedisStore, new_client: Callable[..., redis.Redis], tmp_path: Path
) -> None:
    first = Clock(build_runtime(Config(data_dir=tmp_path), store), BackgroundScheduler())
    other_store = RedisStore(new_client())
    second = Clock(build_runtime(Config(data_dir=tmp_path), other_store), BackgroundScheduler())
    ticks: list[str] = []
    first.runtime.tick = lambda now, *_: ticks.append("first") or _result()  # type: ignore[method-assign]
    second.runtime.tick = lambda now, *_: ticks.append("second") or _result()  # type: ignore[method-assign]
    now = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)
    for _ in range(3):
        first.tick(now)
        second.tick(now)
    assert ticks == ["first"] * 3
    first.lease.release()
    second.tick(now)
    assert ticks[-1] == "second" and store.r.get(k.CLOCK_LEASE) == second.lease.token.encode()


def _result():  # type: ignore[no-untyped-def]
    from bot.store.schedule import TickResult

    return TickResult()


def test_the_lease_is_renewed_while_a_long_job_runs(
    store: RedisStore, new_client: Callable[..., redis.Redis]
) -> None:
    import threading
    import time

    from bot.store.lease import Lease

    first = Lease(store.r, "ita:test:lease", ttl_ms=300)
    second = Lease(new_client(), "ita:test:lease", ttl_ms=300)
    assert first.acquire() and first.fence >= 1
    stolen: list[bool] = []

    def try_to_take() -> None:
        for _ in range(10):
            stolen.append(second.acquire())
            time.sleep(0.1)

    with first.renewed():
        thief = threading.Thread(target=try_to_take)
        thief.start()
        time.sleep(1.2)  # four times the lease's life
        thief.join()
        assert first.held()
    assert not any(stolen)
    time.sleep(0.4)  # no longer renewed: it expires, and the next holder gets a larger fence
    assert second.acquire() and second.fence > first.fence


def test_a_clock_that_lost_its_lease_stops_between_organisations(
    store: RedisStore, redis_url: str, tmp_path: Path
) -> None:
    from bot.demo import ensure_demo
    from bot.domain.divisions import default_divisions
    from bot.domain.model import Organisation

    ensure_demo(store)
    for i in range(3):
        store.create_org(Organisation(f"org{i}", f"อบต.ทดสอบ {i}", default_divisions()))
    clock = Clock(build_runtime(Config(data_dir=tmp_path), store), BackgroundScheduler())
    planned: list[str] = []
    real = clock.runtime.schedule.plan

    def plan_then_lose(messages):  # type: ignore[no-untyped-def]
        planned.append("x")
        store.r.set(k.CLOCK_LEASE, "another-clock")  # the lease passed on meanwhile
        return real(messages)

    clock.runtime.schedule.plan = plan_then_lose  # type: ignore[method-assign]
    clock.tick(datetime(2026, 11, 23, 1, 30, tzinfo=UTC))
    assert planned == ["x"]  # stopped after the first organisation, not all four
