"""Plan import and storage figures (run by hand: .venv/bin/python bench/bench_plan.py)."""

from __future__ import annotations

import json
from dataclasses import replace

import docx
from common import SHARED, CountingConnection, counting_client, row, server_url, timed

from bot.domain.divisions import default_divisions
from bot.domain.model import Organisation
from bot.plan.docx_reader import read_docx_plan
from bot.plan.service import to_measure
from bot.store import codec
from bot.store import keys as k
from bot.store.plans import VERSIONS_KEPT
from bot.store.redis_store import RedisStore

SAMPLE = next((SHARED / "samples").glob("004_*.docx"))


def main() -> None:
    divisions = default_divisions()
    plan = read_docx_plan(SAMPLE, divisions)
    print(f"sample: {SAMPLE.name}, {len(plan.measures)} measures\n")

    seconds = timed(lambda: read_docx_plan(SAMPLE, divisions))
    baseline = timed(lambda: docx.Document(str(SAMPLE)))
    row(
        "import 51-measure DOCX",
        f"{seconds * 1000:.0f} ms",
        "<= 1000 ms",
        f"open only {baseline * 1000:.0f} ms",
        seconds <= 1.0,
    )

    measures = [to_measure(m, plan.fiscal_year) for m in plan.measures]
    sixty = measures + [replace(m, title=m.title + " (ต่อ)") for m in measures[:9]]
    with server_url() as url:
        client = counting_client(url)
        client.flushdb()
        store = RedisStore(client)
        store.create_org(Organisation("bench", "อบต.ทดสอบ", divisions))
        CountingConnection.sent = 0
        store.save_plan("bench", sixty)
        trips = CountingConnection.sent
        CountingConnection.sent = 0
        for m in sixty:  # the naive way, for comparison: one write per measure
            client.hset("naive", m.title, codec.dump_measure(m))
        naive = CountingConnection.sent
        row(
            "save 60-measure plan",
            f"{trips} round trips",
            "<= 5",
            f"naive {naive} trips",
            trips <= 5,
        )
        CountingConnection.sent = 0
        store.save_plan("bench", sixty)
        row(
            "re-save same plan",
            f"{CountingConnection.sent} round trips",
            "<= 5",
            "-",
            CountingConnection.sent <= 5,
        )

        org_keys = [
            k.org_key(t, "bench")
            for t in (k.MEASURES, k.MEASURES_BY_NUMBER, k.MEASURES_BY_END, k.MEASURE_KEYS)
        ]
        org_keys += [k.org_key(k.MEASURES_BY_DIVISION, "bench", division=d.name) for d in divisions]
        used = sum(client.memory_usage(key, samples=0) or 0 for key in org_keys)
        raw = sum(len(codec.dump_measure(m).encode()) for m in store.measures("bench"))
        per = used / len(sixty)
        row(
            "Redis memory per measure",
            f"{per:.0f} B",
            "<= 2048 B",
            f"JSON alone {raw / len(sixty):.0f} B",
            per <= 2048,
        )
        versions = client.memory_usage(k.org_key(k.PLAN_VERSIONS, "bench"), samples=0) or 0
        whole = raw / len(sixty)
        row(
            "undo versions after 2 saves",
            f"{versions / len(sixty):.0f} B/measure",
            "<= 100 B",
            f"whole plan copied {whole:.0f} B x {VERSIONS_KEPT}",
            versions / len(sixty) <= 100,
        )
        longest = max(store.measures("bench"), key=lambda m: len(codec.dump_measure(m)))
        print(
            f"\nlongest measure JSON: {len(codec.dump_measure(longest).encode())} B "
            f"({json.loads(codec.dump_measure(longest))['title'][:40]}...)"
        )
        client.flushdb()


if __name__ == "__main__":
    main()
