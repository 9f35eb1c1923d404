"""The summary in chat: card and chart, acknowledgement once, the report file, monthly push."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.app.runtime import build_runtime
from bot.chat.messages import Card, File, Image
from bot.delivery.monthly_push import deliver_monthly
from bot.demo import ensure_demo
from bot.store import keys as k
from bot.store.acks import acks
from bot.store.redis_store import RedisStore
from bot.web import create_app
from tests.chat_helpers import Talker

pytestmark = pytest.mark.store
NOW = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)  # Tue 1 Dec 2026, 08:30 in Bangkok


@pytest.fixture()
def app(store: RedisStore, tmp_path: Path):  # type: ignore[no-untyped-def]
    ensure_demo(store, today=date(2026, 11, 21))
    config = Config(data_dir=tmp_path, demo=False, with_clock=False)
    runtime = build_runtime(config, store, clock=lambda: NOW)
    return create_app(runtime)


def test_chief_sees_card_and_chart_acknowledges_once(app, store: RedisStore) -> None:  # type: ignore[no-untyped-def]
    core = app.extensions["ita"].core
    chief = Talker(core, "p_chief")
    chief.send("สรุป พ.ย. 69")
    card = next(r for r in chief.last if isinstance(r, Card))
    image = next(r for r in chief.last if isinstance(r, Image))
    assert {o.data for o in card.options} == {"ack:2026-11", "sumfile:2026-11"}
    assert "ITA" in card.alt_text or card.body
    client = app.test_client()
    png = client.get(image.url.replace("http://127.0.0.1:8000", ""))
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    assert "บันทึกการรับทราบแล้ว" in chief.tap("ack:2026-11")
    assert "รับทราบสรุปนี้ไปแล้ว" in chief.tap("ack:2026-11")
    assert list(acks(store.r, "demo", "2026-11")) == ["p_chief"]
    secretary = Talker(core, "p_secretary")
    secretary.send("สรุป พ.ย. 69")
    assert "นายปลัด ใจดี" in "\n".join(getattr(r, "text", "") for r in secretary.last)
    chief.tap("sumfile:2026-11")
    file = next(r for r in chief.last if isinstance(r, File))
    # Buddhist Era in the names people read (issue 13, defect 10), as on the dashboard.
    assert "พ.ย. 2569" in file.name and "2026" not in file.name
    pdf = client.get(file.url.replace("http://127.0.0.1:8000", ""))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert "2026" not in pdf.headers["Content-Disposition"]
    assert client.get("/files/forged-token").status_code == 404


def test_staff_cannot_ask_for_the_summary(app) -> None:  # type: ignore[no-untyped-def]
    staff = Talker(app.extensions["ita"].core, "p_staff2")
    assert "ไม่ได้เปิดให้บทบาทของคุณ" in staff.send("สรุป")
    assert "ใช้ไม่ได้แล้ว" in staff.tap("ack:2026-11") or "ไม่ได้เปิดให้" in staff.tap("ack:2026-11")


def test_monthly_push_on_the_first_working_day_once(app, store: RedisStore) -> None:  # type: ignore[no-untyped-def]
    runtime = app.extensions["ita"].runtime
    assert deliver_monthly(runtime, datetime(2026, 11, 30, 1, 30, tzinfo=UTC)) == 0
    assert deliver_monthly(runtime, NOW) == 2  # the chief and the secretary
    assert deliver_monthly(runtime, NOW) == 0
    runtime.outbox.start_worker(threads=1)  # the outbox's workers send them
    try:
        runtime.outbox.join()
    finally:
        runtime.outbox.stop()
    pushed = store.r.lrange(k.SIM_OUTBOX.format(user="p_chief"), 0, -1)
    assert len(pushed) == 1 and b"ack:2026-11" in pushed[0]
    assert store.r.lrange(k.SIM_OUTBOX.format(user="p_staff1"), 0, -1) == []
