"""Health and the read-only plan page of the local demo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.app.runtime import build_runtime
from bot.demo import ensure_demo
from bot.store.redis_store import RedisStore
from bot.web import create_app

pytestmark = pytest.mark.store


def test_healthz_and_demo_plan_page(store: RedisStore, tmp_path: Path) -> None:
    ensure_demo(store, today=date(2026, 11, 21))
    client = create_app(
        build_runtime(Config(data_dir=tmp_path, with_clock=False), store)
    ).test_client()
    assert client.get("/healthz").get_json() == {"status": "ok", "redis": "ok"}
    page = client.get("/plans/demo").get_data(as_text=True)
    assert "องค์การบริหารส่วนตำบลบ้านตัวอย่าง" in page and "อยู่ระหว่างดำเนินการ" in page
    assert page.count("<tr>") == 25  # header + 24 measures
    assert client.get("/plans/nope").status_code == 404


def test_plan_pages_need_sign_in_outside_the_local_demo(store: RedisStore, tmp_path: Path) -> None:
    ensure_demo(store, today=date(2026, 11, 21))
    config = Config(data_dir=tmp_path, with_clock=False, demo=False)
    client = create_app(build_runtime(config, store)).test_client()
    assert client.get("/plans/demo").status_code == 302


def test_no_simulator_in_production(store: RedisStore, tmp_path: Path) -> None:
    config = Config(
        env="production",
        redis_url="redis://x",
        data_dir=tmp_path,
        demo=False,
        with_clock=False,
        secret_key="s",
    )
    client = create_app(build_runtime(config, store)).test_client()
    assert client.post("/simulator/send", data={"persona": "p", "text": "x"}).status_code == 404
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 302


def test_readyz_writes_and_reads_and_reports_the_clock_and_outbox(
    store: RedisStore, tmp_path: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    import redis

    from bot.app.runtime import build_runtime
    from bot.store import keys as k

    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    config = Config(data_dir=tmp_path, with_clock=False, demo=False)
    app = create_app(build_runtime(config, store, clock=lambda: now))
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["clock"] == "missing" and ready.get_json()["outbox_backlog"] == 0
    store.r.set(k.CLOCK_HEARTBEAT, (now - timedelta(seconds=30)).isoformat())
    body = app.test_client().get("/readyz").get_json()
    assert body["clock"] == "ok" and body["clock_heartbeat_age_s"] == 30
    store.r.set(k.CLOCK_HEARTBEAT, (now - timedelta(minutes=10)).isoformat())
    assert app.test_client().get("/readyz").get_json()["clock"] == "stale"
    down = RedisStore(redis.Redis(port=1, socket_connect_timeout=0.2))
    dead = create_app(build_runtime(config, down))
    assert dead.test_client().get("/readyz").status_code == 503
