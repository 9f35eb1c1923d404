"""The province page and card (run by hand: .venv/bin/python bench/bench_province.py).

    .venv/bin/python bench/bench_province.py [--orgs 100] [--baseline 10]

Two provinces on a real server (REDIS_URL, else an embedded Valkey): one of 100
organisations and a baseline one of 10, each with 60 measures and 120 reports, March
2566 frozen. Measured in the same run for both:
1. the dashboard's province page (`GET /dash/province`, Flask test client, signed in as
   the province's viewer): median wall time over 5 loads, target < 1 s for 100, and the
   Redis round trips of one load (bounded: the same for 10 and 100);
2. the chat card `สรุปจังหวัด` (this month compiled live for each organisation).
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import redis
from common import CountingConnection, counting_client, row, server_url, timed

from bot.app.config import Config
from bot.app.runtime import build_runtime
from bot.domain.divisions import default_divisions
from bot.domain.model import Measure, Organisation, Person, Report, Role, Status
from bot.domain.province import province_scope
from bot.domain.thai import BANGKOK
from bot.province.card import province_card
from bot.province.read import live_figures
from bot.store import codec
from bot.store import keys as k
from bot.store.provinces import index_province
from bot.store.redis_store import RedisStore
from bot.summary import SnapshotStore, freeze_month
from bot.web import create_app
from bot.web.app_services import services
from bot.web.signin import create_signin_link

NOW = datetime(2023, 4, 3, 9, tzinfo=BANGKOK)
TEMPLATES = 8
TITLE = "ผู้บริหารกำหนดมาตรการป้องกันการรับสินบนและผลประโยชน์ทับซ้อน จัดทำคู่มือการปฏิบัติงาน"


def make_plan(seed: int, reports: int) -> tuple[list[Measure], dict[str, list[Report]]]:
    """Return 60 measures of fiscal 2566 and `reports` reports from Oct 2565 to Mar 2566."""
    rnd = random.Random(seed)
    divisions = [d.name for d in default_divisions()]
    measures = [
        Measure(f"m{n:02d}", n, f"{TITLE} {n}", divisions=[rnd.choice(divisions)],
                start=date(2022, 10, 1), end=date(2023, rnd.choice((1, 3, 6, 9)), 28),
                fiscal_year=2566)
        for n in range(1, 61)
    ]  # fmt: skip
    by_measure: dict[str, list[Report]] = {m.id: [] for m in measures}
    start = datetime(2022, 10, 1, 8, tzinfo=BANGKOK)
    for i in range(reports):
        m = rnd.choice(measures)
        at = start + timedelta(minutes=rnd.randint(0, 180 * 24 * 60))
        by_measure[m.id].append(
            Report(f"r{seed}_{i}", m.id, rnd.choice(list(Status)), at, "p1", "line")
        )
    for history in by_measure.values():
        history.sort(key=lambda r: r.at)
    return measures, by_measure


def populate(client: redis.Redis, province: str, orgs: int) -> list[str]:
    """Store a province of `orgs` organisations (60 measures, 120 reports each)."""
    plans = []
    for seed in range(TEMPLATES):
        measures, by_measure = make_plan(seed, 120)
        plans.append(
            ({m.id: codec.dump_measure(m) for m in measures},
             {mid: [codec.dump_report(r) for r in rs] for mid, rs in by_measure.items() if rs})
        )  # fmt: skip
    ids = []
    pipe = client.pipeline(transaction=False)
    for i in range(orgs):
        name = f"องค์การบริหารส่วนตำบล{province}ที่ {i + 1}"
        org = Organisation(f"{province[:2]}{i:04d}", name, default_divisions(),
                           province=province, district=f"อำเภอที่ {i % 9}")  # fmt: skip
        raw_measures, raw_reports = plans[i % TEMPLATES]
        pipe.set(k.org_key(k.ORG, org.id), codec.dump_org(org))
        pipe.sadd(k.ORGS, org.id)
        index_province(pipe, org.id, None, province)
        pipe.hset(k.org_key(k.MEASURES, org.id), mapping=raw_measures)
        for mid, raws in raw_reports.items():
            pipe.rpush(k.org_key(k.REPORTS, org.id, measure=mid), *raws)
        latest = {mid: raws[-1] for mid, raws in raw_reports.items()}  # as add_report keeps it
        pipe.hset(k.org_key(k.LATEST_REPORT, org.id), mapping=latest)
        ids.append(org.id)
    pipe.execute()
    return ids


def signed_in_client(app: Any, store: RedisStore, province: str) -> Any:
    """A test client signed in as the province's viewer through a real one-time link."""
    viewer = Person(f"v_{len(province)}", province_scope(province), "ผู้ติดตาม", [Role.PROVINCE])
    store.save_person(viewer)
    with app.app_context():
        token = create_signin_link(store, services().config, viewer).rsplit("/", 1)[1]
    client = app.test_client()
    page = client.get(f"/signin/{token}").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf is not None
    assert client.post(f"/signin/{token}", data={"csrf_token": csrf.group(1)}).status_code == 302
    return client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=100)
    parser.add_argument("--baseline", type=int, default=10)
    args = parser.parse_args()
    with server_url() as url, tempfile.TemporaryDirectory() as tmp:
        client = counting_client(url)
        client.flushdb()
        store = RedisStore(client)
        sizes = {"ขอนแก่น": args.orgs, "อ่างทอง": args.baseline}
        for province, count in sizes.items():
            ids = populate(client, province, count)
            freeze_month(store, SnapshotStore(client), 2023, 3, NOW, org_ids=ids)
        config = Config(data_dir=Path(tmp), demo=False, with_clock=False)
        app = create_app(build_runtime(config, store, clock=lambda: NOW))
        figures: dict[str, dict[str, float]] = {}
        for province, count in sizes.items():
            web = signed_in_client(app, store, province)
            page = web.get("/dash/province?month=2566-03")
            assert page.status_code == 200 and page.text.count("<tr data-org=") == count
            CountingConnection.sent = 0
            web.get("/dash/province?month=2566-03&sort=overdue")
            trips = CountingConnection.sent
            seconds = timed(lambda web=web: web.get("/dash/province?month=2566-03"))  # type: ignore[misc]
            card = timed(
                lambda p=province: province_card(p, live_figures(store, p, NOW), NOW.date())
            )
            figures[province] = {"page": seconds, "trips": trips, "card": card}
        big, small = figures["ขอนแก่น"], figures["อ่างทอง"]
        row(f"province page, {args.orgs} organisations", f"{big['page'] * 1000:.0f} ms", "< 1 s",
            f"{args.baseline}: {small['page'] * 1000:.0f} ms", big["page"] < 1.0)  # fmt: skip
        row("  Redis round trips per page load", f"{big['trips']:.0f}", "bounded",
            f"{args.baseline}: {small['trips']:.0f}", big["trips"] == small["trips"])  # fmt: skip
        row(f"สรุปจังหวัด card, {args.orgs} organisations", f"{big['card'] * 1000:.0f} ms", "< 1 s",
            f"{args.baseline}: {small['card'] * 1000:.0f} ms", big["card"] < 1.0)  # fmt: skip
        client.flushdb()


if __name__ == "__main__":
    main()
