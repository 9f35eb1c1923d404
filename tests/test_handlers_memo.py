"""The memo in chat (simulator): chain set-up, send back, revise and resend, bad input."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.app.runtime import build_runtime
from bot.demo import ensure_demo
from bot.store import keys as k
from bot.store.memos import MemoStore
from bot.store.redis_store import RedisStore
from bot.web import create_app
from tests.chat_helpers import Talker

pytestmark = pytest.mark.store
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
MEMO = "six_month-2570"


@pytest.fixture()
def core(store: RedisStore, tmp_path: Path):  # type: ignore[no-untyped-def]
    ensure_demo(store, today=date(2026, 11, 21))
    app = create_app(build_runtime(Config(data_dir=tmp_path, demo=False, with_clock=False), store))
    chat = app.extensions["ita"].core
    chat.clock = lambda: NOW
    return chat


def last_push(store: RedisStore, persona: str) -> list[dict]:  # type: ignore[type-arg]
    raw = store.r.lrange(k.SIM_OUTBOX.format(user=persona), -1, -1)
    return json.loads(raw[0]) if raw else []


def push_text(store: RedisStore, persona: str) -> str:
    return json.dumps(last_push(store, persona), ensure_ascii=False)


def test_sent_back_revised_and_resent_keeps_versions(core, store: RedisStore) -> None:  # type: ignore[no-untyped-def]
    secretary, head, deputy = (Talker(core, p) for p in ("p_secretary", "p_head", "p_deputy"))
    assert "ยังไม่มีบันทึก" in secretary.send("บันทึก")
    assert "ร่าง ยังไม่ได้ส่ง" in secretary.tap("บันทึกรอบ 6 เดือน")
    assert "ส่งบันทึก" in secretary.tap("ส่งเสนอ")
    assert "บันทึกที่รอความเห็นของคุณ" in head.send("บันทึก")
    head.tap(f"memoack:{MEMO}:1:0:1")
    assert "กรุณาพิมพ์ความเห็นที่ให้แก้ไข" in deputy.tap(f"memoback:{MEMO}:1:1")
    assert "ส่งบันทึกกลับ" in deputy.send("กรุณาเพิ่มผลของกองช่าง")
    assert "กรุณาเพิ่มผลของกองช่าง" in push_text(store, "p_secretary")
    assert "ส่งกลับโดย นางรองปลัด ช่วยงาน" in secretary.send("บันทึก")
    assert "พิมพ์สิ่งที่แก้ไข" in secretary.tap(f"memosend:{MEMO}")
    assert "ส่งบันทึก" in secretary.send("เพิ่มผลของกองช่างแล้ว")
    memo = MemoStore(store.r).get("demo", MEMO)
    assert memo is not None and memo.version == 2 and memo.status == "pending"
    assert memo.note == "เพิ่มผลของกองช่างแล้ว" and memo.number == 1
    assert [a["action"] for a in memo.history[0]["acks"]] == ["ack", "return"]
    # Buttons of version 1 no longer count.
    assert "ฉบับก่อน" in head.tap(f"memoack:{MEMO}:1:0:1")
    assert "บันทึกความเห็นแล้ว" in head.tap(f"memoack:{MEMO}:2:0:1")


def test_chain_set_in_chat(core, store: RedisStore) -> None:  # type: ignore[no-untyped-def]
    secretary = Talker(core, "p_secretary")
    assert "หัวหน้าสำนักปลัด" in secretary.send("สายบันทึก")
    before = store.r.get("ita:{demo}:memo:chain")
    assert "ไม่พบบุคคล" in secretary.send("สายบันทึก ปลัด=ไม่มีใคร")
    assert "อ่านขั้น" in secretary.send("สายบันทึก ปลัด นายก")
    assert store.r.get("ita:{demo}:memo:chain") == before
    said = secretary.send("สายบันทึก รองปลัด=นางรองปลัด; ปลัด=ผู้บริหาร; นายก=นายนายก")
    assert "3 ขั้น" in said
    assert [s.person for s in MemoStore(store.r).chain("demo")] == [
        "p_deputy", "role:chief", "p_mayor",
    ]  # fmt: skip
    assert "ไม่ได้เปิดให้" in Talker(core, "p_staff1").send("สายบันทึก")


def test_bad_input_in_chat(core, store: RedisStore) -> None:  # type: ignore[no-untyped-def]
    secretary, head = Talker(core, "p_secretary"), Talker(core, "p_head")
    assert "ประจำเดือน ต.ค. 2569" in secretary.send("บันทึก ต.ค. ๖๙")
    assert store.r.get("ita:{demo}:memo:month-2026-10") is not None  # a draft of that month
    assert "ยังไม่เริ่ม" in secretary.send("บันทึก มี.ค. 2600")
    assert "อ่านเดือน" in secretary.send("บันทึก อะไรก็ได้")
    assert "ไม่มีบันทึกที่รอความเห็นของคุณ" in head.send("บันทึก")
    assert "ไม่พบบันทึก" in secretary.tap("memosend:six_month-2400")
    assert "ไม่ได้เปิดให้" in head.tap(f"memosend:{MEMO}")
    assert "ใช้ไม่ได้แล้ว" in head.tap(f"memoack:{MEMO}:x")
    assert store.r.get(f"ita:{{demo}}:memo:{MEMO}") is None
    assert store.r.get("ita:{demo}:memo:month-2600-03") is None
