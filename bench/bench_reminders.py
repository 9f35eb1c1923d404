"""Reminder figures (run by hand): tick cost, sender throughput, LINE quota cost."""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import redis
from common import ROOT, row, server_url

sys.path.insert(0, str(ROOT))

from bot.demo import ensure_demo  # noqa: E402
from bot.reminders.preview import (  # noqa: E402
    naive_push_count,
    plan_org,
    pushes_per_person_month,
)
from bot.store import keys as k  # noqa: E402
from bot.store.policies import PolicyStore  # noqa: E402
from bot.store.redis_store import RedisStore  # noqa: E402
from bot.store.schedule import Schedule  # noqa: E402

ORGS, PEOPLE = 7_850, 8


def fill(client: redis.Redis, planned: int, due: int, now: datetime) -> None:
    """Plan `planned` messages over the year, `due` of them due at now."""
    client.delete(k.PLANNED, k.PLANNED_DATA, k.CLAIMED)
    rnd = random.Random(7)
    payload = json.dumps(
        {
            "org": "o",
            "person": "p",
            "day": "2026-11-30",
            "at": 0,
            "items": [{"measure_id": "m_0123456789", "number": 12, "kind": "before_end"}] * 2,
        }
    )
    pipe = client.pipeline(transaction=False)
    for i in range(planned):
        org, person = i % ORGS, (i // ORGS) % PEOPLE
        mid = f"org{org}|p{person}|{i}"
        score = now.timestamp() - 60 if i < due else now.timestamp() + rnd.randint(60, 3e7)
        pipe.zadd(k.PLANNED, {mid: score})
        pipe.hset(k.PLANNED_DATA, mid, payload)
        if i % 20_000 == 0:
            pipe.execute()
    pipe.execute()


def claim_ms(client: redis.Redis, now: datetime) -> float:
    """Time claiming and reading what is due (the tick's Redis work)."""
    schedule = Schedule(client)
    start = time.perf_counter()
    ids = schedule.claim_due(now, limit=1_000)
    schedule.payloads(ids)
    return (time.perf_counter() - start) * 1000


def bench_tick(client: redis.Redis) -> None:
    now = datetime(2026, 11, 30, 1, 30, tzinfo=UTC)
    results = {}
    for planned, due in ((50_000, 1_000), (500_000, 1_000), (500_000, 100)):
        fill(client, planned, due, now)
        results[(planned, due)] = claim_ms(client, now)
    ms = results[(500_000, 1_000)]
    row(
        "tick: claim 1,000 due of 500,000",
        f"{ms:.1f} ms",
        "<= 200 ms",
        f"of 50,000: {results[(50_000, 1_000)]:.1f} ms",
        ms <= 200,
    )
    row(
        "tick: claim 100 due of 500,000",
        f"{results[(500_000, 100)]:.1f} ms",
        "grows w/ due",
        "-",
        True,
    )
    client.delete(k.PLANNED, k.PLANNED_DATA, k.CLAIMED)


def bench_sender(url: str) -> None:
    """Push through the SDK vs raw HTTP, against the fake with and without its spec check."""
    for validate in (False, True):
        sdk_rate, raw_rate = push_rates(url, validate)
        label = "checked against the spec" if validate else "fake without spec check"
        row(
            f"sender: LINE pushes ({label})",
            f"{sdk_rate:.0f} /s",
            ">= 500 /s",
            f"raw HTTP {raw_rate:.0f} /s",
            sdk_rate >= 500,
        )


def _serve_fake(validate: bool, conn: object, stop: object) -> None:
    """Run the fake LINE server in its own process, so it does not share our GIL."""
    sys.path.insert(0, str(ROOT))
    from tests.fakes import FakeLineServer

    with FakeLineServer(validate=validate) as fake:
        conn.send(fake.base_url)  # type: ignore[attr-defined]
        stop.wait()  # type: ignore[attr-defined]


def push_rates(url: str, validate: bool) -> tuple[float, float]:
    """Return pushes/s through LinePlatform and through bare urllib3, same server, same run."""
    import multiprocessing as mp

    parent, child = mp.Pipe()
    stop = mp.Event()
    proc = mp.Process(target=_serve_fake, args=(validate, child, stop), daemon=True)
    proc.start()
    base_url = parent.recv()
    try:
        return _push_rates(url, base_url)
    finally:
        stop.set()
        proc.join(5)


def _push_rates(url: str, base_url: str) -> tuple[float, float]:
    import urllib3

    from bot.app.config import Config
    from bot.chat.messages import Text
    from bot.platforms.line.platform import LinePlatform

    config = Config(
        line_channel_access_token="bench",
        line_channel_secret="bench",
        line_api_base_url=base_url,
        line_data_api_base_url=base_url,
    )
    line = LinePlatform(config, RedisStore(redis.Redis.from_url(url)))
    n, threads = 2_000, 2  # the outbox worker's threads
    reply = [Text("แจ้งเตือน: มาตรการ 12 เหลือ 3 วัน (ครบ 30 พ.ย. 2569)")]
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(lambda i: line.push(f"U{i:032x}", reply, f"bench-{i}"), range(n)))
    sdk_rate = n / (time.perf_counter() - start)
    assert all(r.is_sent for r in results), "pushes failed"
    http = urllib3.PoolManager(maxsize=threads)
    body = json.dumps({"to": "U" + "0" * 32, "messages": [{"type": "text", "text": "x"}]})
    headers = {"Authorization": "Bearer x", "Content-Type": "application/json"}
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(
            pool.map(
                lambda i: http.request(
                    "POST", base_url + "/v2/bot/message/push", body=body, headers=headers
                ),
                range(n),
            )
        )
    raw_rate = n / (time.perf_counter() - start)
    return sdk_rate, raw_rate


def bench_quota(url: str) -> None:
    client = redis.Redis.from_url(url)
    client.flushdb()
    store = RedisStore(client)
    today = datetime.now(UTC).date()
    ensure_demo(store, today=today)
    fy_start = date(today.year if today.month >= 10 else today.year - 1, 10, 1)
    messages = plan_org(
        store, "demo", fy_start, fy_start + timedelta(days=364), PolicyStore(client)
    )
    per = pushes_per_person_month(messages)
    naive = naive_push_count(messages)
    months = {m for _, m in per}
    people = {p for p, _ in per}
    naive_per = naive / max(1, len(people) * len(months))
    row(
        "pushes per person per month (max)",
        f"{max(per.values())}",
        "<= 300",
        f"naive {naive} total",
        max(per.values()) <= 300,
    )
    row(
        "pushes per person per month (mean)",
        f"{statistics.mean(per.values()):.1f}",
        "-",
        f"naive mean {naive_per:.1f}",
        True,
    )
    by_month: dict[str, int] = {}
    for (_, month), count in per.items():
        by_month[month] = by_month.get(month, 0) + count
    row(
        "whole organisation, busiest month",
        f"{max(by_month.values())}",
        "<= 300",
        "one LINE channel",
        max(by_month.values()) <= 300,
    )
    client.flushdb()


def main() -> None:
    with server_url() as url:
        client = redis.Redis.from_url(url)
        client.flushdb()
        bench_tick(client)
        bench_sender(url)
        bench_quota(url)
        client.flushdb()


if __name__ == "__main__":
    Path(ROOT / "data").mkdir(exist_ok=True)
    main()
