"""Monthly summary figures (run by hand: .venv/bin/python bench/bench_summary.py).

    .venv/bin/python bench/bench_summary.py [--orgs 7850] [--reports 120]

1. One organisation, 60 measures, 1,000 reports: compile (pure) and read + compile
   from Redis; target <= 50 ms. Baselines: reading the same data without compiling.
2. Freeze one month for 785 and 7,850 organisations of 60 measures from a real server
   (REDIS_URL, else an embedded Valkey); target <= 5 min and <= 1 GB peak RSS, linear.
   Each run is a child process, so its peak RSS is its own; the baseline run reads and
   decodes the same data without compiling.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from typing import Any

import redis
from common import CountingConnection, counting_client, row, server_url, timed

from bot.domain.divisions import default_divisions
from bot.domain.model import Assessment, Measure, Organisation, Report, Status
from bot.domain.thai import BANGKOK
from bot.store import codec
from bot.store import keys as k
from bot.store.org_data import read_orgs
from bot.store.redis_store import RedisStore
from bot.summary import SnapshotStore, compile_summary, freeze_month

YEAR, MONTH = 2023, 3
NOW = datetime(2023, 4, 1, 6, tzinfo=BANGKOK)
TITLE = "ผู้บริหารกำหนดมาตรการป้องกันการรับสินบนและผลประโยชน์ทับซ้อน จัดทำคู่มือการปฏิบัติงาน"
TEMPLATES = 16  # distinct plans; organisation i gets plan i % TEMPLATES
DIVISIONS = default_divisions()


def make_plan(seed: int, reports: int) -> tuple[list[Measure], dict[str, list[Report]]]:
    """Return 60 measures and `reports` reports spread over Oct 2565 - mid Apr 2566."""
    rnd = random.Random(seed)
    measures = []
    for n in range(1, 61):
        indicator = rnd.randint(1, 10)
        kind = Assessment.IIT if indicator <= 5 else Assessment.EIT if indicator <= 8 else None
        kind = kind or Assessment.OIT
        end = date(2023, rnd.choice((1, 3, 3, 6, 9)), 28)
        divisions = [d.name for d in rnd.sample(DIVISIONS, rnd.choice((1, 1, 2)))]
        measures.append(
            Measure(f"m{n:02d}", n, f"{TITLE} {n}", method="จัดประชุม เผยแพร่ รายงานผล",
                    divisions=divisions, assessment=kind, indicator=indicator,
                    item=f"O{rnd.randint(1, 43)}" if kind is Assessment.OIT else None,
                    start=date(2022, 10, 1), end=end, fiscal_year=2566)
        )  # fmt: skip
    by_measure: dict[str, list[Report]] = {m.id: [] for m in measures}
    start = datetime(2022, 10, 1, 8, tzinfo=BANGKOK)
    for i in range(reports):
        m = rnd.choice(measures)
        history = by_measure[m.id]
        at = start + timedelta(minutes=rnd.randint(0, 196 * 24 * 60))
        amends = history[-1].id if history and rnd.random() < 0.1 else None
        history.append(
            Report(f"r{seed}_{i}", m.id, rnd.choice(list(Status)), at, f"p{rnd.randint(1, 9)}",
                   "line", percent=rnd.choice((None, 50)), text="ประชุมชี้แจงแล้ว",
                   evidence=[f"e{i}"] if rnd.random() < 0.3 else [], supersedes=amends)
        )  # fmt: skip
    for history in by_measure.values():
        history.sort(key=lambda r: r.at)
    return measures, by_measure


def org_of(i: int) -> Organisation:
    return Organisation(f"o{i:05d}", f"องค์การบริหารส่วนตำบลทดสอบ {i}", DIVISIONS)


def populate(client: redis.Redis, orgs: int, reports: int, batch: int = 200) -> None:
    """Store `orgs` organisations, 60 measures each, straight through pipelines."""
    encoded: list[tuple[dict[Any, Any], dict[str, list[str]]]] = []
    for seed in range(TEMPLATES):
        measures, by_measure = make_plan(seed, reports)
        encoded.append(
            (
                {m.id: codec.dump_measure(m) for m in measures},
                {mid: [codec.dump_report(r) for r in rs] for mid, rs in by_measure.items() if rs},
            )
        )
    for first in range(0, orgs, batch):
        pipe = client.pipeline(transaction=False)
        for i in range(first, min(first + batch, orgs)):
            org = org_of(i)
            raw_measures, raw_reports = encoded[i % TEMPLATES]
            pipe.set(k.org_key(k.ORG, org.id), codec.dump_org(org))
            pipe.sadd(k.ORGS, org.id)
            pipe.hset(k.org_key(k.MEASURES, org.id), mapping=raw_measures)
            for mid, raws in raw_reports.items():
                pipe.rpush(k.org_key(k.REPORTS, org.id, measure=mid), *raws)
        pipe.execute()


def peak_rss_mb() -> float:
    """Peak RSS of this process: VmHWM, which exec resets (ru_maxrss keeps the parent's)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(phase: str, url: str, orgs: int) -> None:
    """Run one measured phase and print its figures as JSON (called in a child process)."""
    client = redis.Redis.from_url(url)
    ids = [org_of(i).id for i in range(orgs)]
    rss_before = peak_rss_mb()
    start = time.perf_counter()
    if phase == "read":
        for first in range(0, orgs, 100):
            read_orgs(client, ids[first : first + 100], ["2023-03", "2023-02"])
        done = orgs
    else:
        store = RedisStore(client)
        done = freeze_month(store, SnapshotStore(client), YEAR, MONTH, now=NOW, org_ids=ids).frozen
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": peak_rss_mb(), "start_mb": rss_before,
                      "done": done}))  # fmt: skip


def run_child(phase: str, url: str, orgs: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", phase, "--url", url, "--orgs", str(orgs)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_org(url: str) -> None:
    measures, by_measure = make_plan(99, 1000)
    org = Organisation("one", "อบต.หนึ่ง", DIVISIONS)
    compile_s = timed(lambda: compile_summary(org, measures, by_measure, YEAR, MONTH, None), 21)
    touch_s = timed(lambda: sum(len(r.evidence) for rs in by_measure.values() for r in rs), 21)
    row("compile 60 measures, 1,000 reports", f"{compile_s * 1000:.1f} ms", "<= 50 ms",
        f"touch reports {touch_s * 1000:.2f} ms", compile_s <= 0.05)  # fmt: skip
    client = counting_client(url)
    client.flushdb()
    store = RedisStore(client)
    store.save_org(org)
    for m in measures:
        store.save_measure(org.id, m)
    pipe = client.pipeline(transaction=False)
    for rs in by_measure.values():
        for r in rs:
            store.add_report(org.id, r, pipeline=pipe)
    pipe.execute()

    def read_and_compile() -> None:
        data = read_orgs(client, ["one"], ["2023-03", "2023-02"])[0]
        assert data is not None
        compile_summary(data.org, data.measures, data.reports, YEAR, MONTH, None)

    read_s = timed(lambda: read_orgs(client, ["one"], ["2023-03", "2023-02"]), 21)
    both_s = timed(read_and_compile, 21)
    CountingConnection.sent = 0
    read_orgs(client, ["one"], ["2023-03", "2023-02"])
    trips = CountingConnection.sent
    row("read + compile one org from Redis", f"{both_s * 1000:.1f} ms", "<= 50 ms",
        f"read only {read_s * 1000:.1f} ms", both_s <= 0.05)  # fmt: skip
    row("round trips to read one org", f"{trips}", "<= 2", "1 per report list: 61", trips <= 2)
    client.flushdb()


def many_orgs(url: str, orgs: int, reports: int) -> None:
    client = redis.Redis.from_url(url)
    client.flushdb()
    start = time.perf_counter()
    populate(client, orgs, reports)
    print(f"\nstored {orgs:,} orgs x 60 measures x {reports} reports "
          f"in {time.perf_counter() - start:.0f} s\n")  # fmt: skip
    results = {}
    for n in sorted({max(1, orgs // 10), orgs}):
        client.delete(*[k.org_key(k.SUMMARY, org_of(i).id, month="2023-03") for i in range(n)])
        read = run_child("read", url, n)
        made = run_child("compile", url, n)
        assert made["done"] == n, made
        results[n] = made
        row(f"freeze month, {n:,} orgs", f"{made['seconds']:.1f} s", "<= 300 s",
            f"read only {read['seconds']:.1f} s", made["seconds"] <= 300 * n / 7850)  # fmt: skip
        row(f"peak RSS, {n:,} orgs", f"{made['peak_mb']:.0f} MB", "<= 1024 MB",
            f"read only {read['peak_mb']:.0f} MB", made["peak_mb"] <= 1024)  # fmt: skip
        print(f"{'':<38} {made['seconds'] / n * 1000:>11.2f} ms/org   (imports alone "
              f"{made['start_mb']:.0f} MB)")  # fmt: skip
    small, big = min(results), max(results)
    if small != big:
        ratio = (results[big]["seconds"] / big) / (results[small]["seconds"] / small)
        row("per-org time, large / small run", f"{ratio:.2f}x", "~1 (linear)",
            f"{small:,} vs {big:,} orgs", 0.7 <= ratio <= 1.4)  # fmt: skip
    client.flushdb()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=7850)
    parser.add_argument("--reports", type=int, default=120, help="reports per organisation")
    parser.add_argument("--child", choices=("read", "compile"))
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.url, args.orgs)
        return
    with server_url() as url:
        one_org(url)
        many_orgs(url, args.orgs, args.reports)


if __name__ == "__main__":
    main()
