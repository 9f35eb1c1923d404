"""National scale: N organisations (60 measures, 20 people each), a tick, memory, a morning.

    python bench/bench_national.py [--orgs N] [--json]

Prints, beside a baseline measured in the same run:
- the time and Redis round trips of a tick with the same due work at N and N/10
  organisations (the tick must not grow with organisations: ratio at most 1.2);
- the time to drain the busiest morning (every organisation's 08:30 messages) with two
  worker threads through the fake LINE server (target 10 minutes at 7,850);
- Redis memory per organisation (target at most 200 KB, planned reminders included).
With --json: {"orgs", "tick_ms", "tick_ms_small", "tick_round_trips", "drain_s",
"memory_per_org_bytes"}.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import redis
from common import CountingConnection, counting_client, row, server_url

from bot.app.config import Config
from bot.app.runtime import Runtime, build_runtime
from bot.domain.divisions import default_divisions
from bot.domain.model import Measure, Organisation, Person, Role
from bot.domain.thai import BANGKOK
from bot.store.redis_store import RedisStore
from tests.fakes import LINE_ACCESS_TOKEN, LINE_CHANNEL_SECRET, FakeLineServer

MONDAY = date(2026, 11, 30)  # a working day: the busiest kind of morning
MORNING = datetime(2026, 11, 30, 1, 30, tzinfo=UTC)  # 08:30 in Bangkok


def build_orgs(store: RedisStore, first: int, count: int) -> None:
    """Create count organisations with 60 measures and 20 people each."""
    divisions = [d.name for d in default_divisions()]
    for n in range(first, first + count):
        org_id = f"org{n:05d}"
        store.save_org(Organisation(org_id, f"อบต.ทดสอบ {n}", default_divisions()))
        measures = [
            Measure(
                "", 0, f"มาตรการ {i} ของหน่วยงาน {n}",
                divisions=[divisions[i % len(divisions)]],
                start=MONDAY - timedelta(days=60 + i % 30),
                end=MONDAY + timedelta(days=(i * 7) % 120 - 20),
            )
            for i in range(60)
        ]  # fmt: skip
        store.save_plan(org_id, measures, at=MORNING)
        with store.r.pipeline(transaction=False) as pipe:
            for p in range(20):
                role = Role.SECRETARY if p == 0 else Role.CHIEF if p == 1 else Role.STAFF
                division = divisions[p % len(divisions)] if role is Role.STAFF else None
                person = Person(f"p{p}", org_id, f"คน {p}", [role], division)
                person.chat_ids["line"] = f"U{n:05d}{p:02d}".ljust(33, "0")
                store.save_person(person, pipeline=pipe)
            pipe.execute()


def tick_cost(rt: Runtime, at: datetime) -> tuple[float, int]:
    """Time and round trips of one tick with nothing new to plan and nothing due."""
    CountingConnection.sent = 0
    start = time.perf_counter()
    rt.tick(at)
    return (time.perf_counter() - start) * 1000, CountingConnection.sent


def drain_morning(rt: Runtime, fake: FakeLineServer) -> tuple[float, int]:
    """Plan everyone's morning, tick at 08:30, and time two workers sending it all."""
    rt.outbox.broker.flush_all()
    start = time.perf_counter()
    result = rt.tick(MORNING)
    rt.outbox.start_worker(threads=2)
    try:
        rt.outbox.join(timeout_ms=3_600_000)
    finally:
        rt.outbox.stop()
    return time.perf_counter() - start, result.enqueued


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=785)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    n, small = args.orgs, max(1, args.orgs // 10)
    with server_url() as url, FakeLineServer(validate=False, quota=None) as fake:
        client = counting_client(url)
        client.flushdb()
        store = RedisStore(client)
        config = Config(
            data_dir=Path(tempfile.mkdtemp()), demo=False, with_clock=False,
            line_channel_secret=LINE_CHANNEL_SECRET, line_channel_access_token=LINE_ACCESS_TOKEN,
            line_api_base_url=fake.base_url, line_data_api_base_url=fake.data_base_url,
        )  # fmt: skip
        rt = build_runtime(config, store, clock=lambda: MORNING)
        # The same due work at N/10 and at N: a quiet minute after the day's first pass.
        build_orgs(store, 0, small)
        rt.plan_ahead(MORNING - timedelta(hours=8))
        small_ms, _ = tick_cost(rt, MORNING - timedelta(hours=8, minutes=-1))
        build_orgs(store, small, n - small)
        rt.plan_ahead(MORNING - timedelta(hours=8, minutes=-2))  # the new ones were marked
        big_ms, trips = tick_cost(rt, MORNING - timedelta(hours=8, minutes=-3))
        used = int(redis.Redis.from_url(url).info("memory")["used_memory"])
        empty = 1_000_000  # an empty Valkey uses about 1 MB
        per_org = (used - empty) // n
        drain_s, sent = drain_morning(rt, fake)
        client.flushdb()
    figures = {
        "orgs": n,
        "tick_ms": round(big_ms, 1),
        "tick_ms_small": round(small_ms, 1),
        "tick_round_trips": trips,
        "drain_s": round(drain_s, 1),
        "memory_per_org_bytes": per_org,
    }
    if args.json:
        print(json.dumps(figures))
        return
    ratio = big_ms / max(small_ms, 0.001)
    baseline = f"{small} orgs {small_ms:.1f} ms"
    row(f"quiet tick at {n} orgs", f"{big_ms:.1f} ms", "ratio<=1.2", baseline, ratio <= 1.2)
    row("round trips of that tick", f"{trips}", "flat", "-", True)
    minutes = drain_s / 60
    row(f"drain the 08:30 morning ({sent} msgs)", f"{drain_s:.0f} s", "<=600 s @7850",
        f"{sent / max(drain_s, 0.001):.0f} msgs/s", n < 7850 or drain_s <= 600)  # fmt: skip
    row("Redis memory per organisation", f"{per_org / 1024:.0f} KB", "<= 200 KB",
        "planned 2 days ahead", per_org <= 200 * 1024)  # fmt: skip
    print(f"(Bangkok morning {MORNING.astimezone(BANGKOK):%H:%M}, {minutes:.1f} min to drain)")


if __name__ == "__main__":
    main()
