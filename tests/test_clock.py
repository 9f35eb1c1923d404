"""The clock: its jobs, and the lease that keeps a second clock from ticking."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis
from apscheduler.schedulers.background import BackgroundScheduler

from bot.config import Config
from bot.runtime import build_runtime
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


def test_only_the_lease_holder_ticks(store: RedisStore, redis_url: str, tmp_path: Path) -> None:
    first = Clock(build_runtime(Config(data_dir=tmp_path), store), BackgroundScheduler())
    other_store = RedisStore(redis.Redis.from_url(redis_url))
    second = Clock(build_runtime(Config(data_dir=tmp_path), other_store), BackgroundScheduler())
    ticks: list[str] = []
    first.runtime.tick = lambda now: ticks.append("first") or _result()  # type: ignore[method-assign]
    second.runtime.tick = lambda now: ticks.append("second") or _result()  # type: ignore[method-assign]
    now = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)
    for _ in range(3):
        first.tick(now)
        second.tick(now)
    assert ticks == ["first"] * 3
    first.lease.release()
    second.tick(now)
    assert ticks[-1] == "second" and store.r.get(k.CLOCK_LEASE) == second.lease.token.encode()


def _result():  # type: ignore[no-untyped-def]
    from bot.schedule import TickResult

    return TickResult()
