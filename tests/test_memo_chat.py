"""The memo through signed LINE webhooks: the secretary sends, four steps comment in turn."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.app.runtime import build_runtime
from bot.demo import ensure_demo
from bot.memo.model import ChainStep
from bot.memo.service import bundle, render_bundle
from bot.store import audit
from bot.store.memos import MemoStore
from bot.store.redis_store import RedisStore
from bot.web import create_app
from tests.fakes import FakeLineServer, FakeTelegramServer
from tests.fakes.tg_updates import tg_callback_query_update, tg_message, tg_message_update
from tests.fakes.webhooks import (
    line_source,
    line_webhook_request,
    postback_event,
    text_message_event,
)
from tests.platform_helpers import TELEGRAM_SECRET, platform_config

pytestmark = pytest.mark.store
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # Tue 1 Dec 2026, 09:00 in Bangkok
MEMO = "six_month-2570"
USERS = {
    "p_secretary": "U" + "a" * 32,
    "p_head": "U" + "b" * 32,
    "p_deputy": "U" + "c" * 32,
    "p_chief": "U" + "d" * 32,
    "p_mayor": "U" + "e" * 32,
}


@pytest.fixture()
def app(store: RedisStore, fake_line: FakeLineServer, tmp_path: Path):  # type: ignore[no-untyped-def]
    ensure_demo(store, today=date(2026, 11, 21))
    for person_id, line_id in USERS.items():
        person = store.get_person("demo", person_id)
        assert person is not None
        person.chat_ids["line"] = line_id
        store.save_person(person)
    config = platform_config(fake_line).with_overrides(data_dir=tmp_path)
    application = create_app(build_runtime(config, store))
    application.extensions["ita"].core.clock = lambda: NOW
    return application


def send(app, person: str, event: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    body, headers = line_webhook_request(
        event, secret=app.extensions["ita"].config.line_channel_secret
    )
    assert app.test_client().post("/webhooks/line", data=body, headers=headers).status_code == 200


def say(app, fake: FakeLineServer, person: str, text: str) -> str:  # type: ignore[no-untyped-def]
    send(app, person, text_message_event(text, source=line_source(USERS[person])))
    return "\n".join(fake.replies()[-1].texts)


def tap(app, fake: FakeLineServer, person: str, data: str) -> str:  # type: ignore[no-untyped-def]
    send(app, person, postback_event(data, source=line_source(USERS[person])))
    return "\n".join(fake.replies()[-1].texts)


def pushed_choices(fake: FakeLineServer, person: str) -> dict[str, str]:
    """The buttons of the last card pushed to a person (quick replies of its last message)."""
    call = [c for c in fake.pushes() if c.to == USERS[person]][-1]
    items = call.messages[-1].get("quickReply", {}).get("items", [])
    return {i["action"]["label"]: i["action"]["data"] for i in items}


def fold(text: str) -> str:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return re.sub("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+", lambda m: "".join(sorted(m[0])), text)


def memo_json(store: RedisStore) -> dict[str, Any]:
    memo = MemoStore(store.r).get("demo", MEMO)
    assert memo is not None
    return memo.to_json()


def test_six_month_memo_up_the_chain(app, store: RedisStore, fake_line: FakeLineServer) -> None:  # type: ignore[no-untyped-def]
    detail = say(app, fake_line, "p_secretary", "บันทึก 6 เดือน")
    assert "ร่าง" in detail and "หัวหน้าสำนักปลัด" in detail
    assert "ส่งบันทึก" in tap(app, fake_line, "p_secretary", f"memosend:{MEMO}")
    head = pushed_choices(fake_line, "p_head")
    assert set(head) >= {"ทราบ", "ทราบ+เผยแพร่เว็บ", "ทราบ+เร่งรัดกอง", "พิมพ์ความเห็น"}
    card = [c for c in fake_line.pushes() if c.to == USERS["p_head"]][-1].messages[-1]
    assert card["type"] == "flex" and "๖" not in card["altText"]

    # Not their turn yet: a clear answer, nothing stored.
    before = memo_json(store)
    early = f"memoack:{MEMO}:1:1:1"
    assert "ยังไม่ถึงขั้นของคุณ" in tap(app, fake_line, "p_deputy", early)
    assert memo_json(store) == before

    assert "บันทึกความเห็นแล้ว" in tap(app, fake_line, "p_head", head["ทราบ+เผยแพร่เว็บ"])
    assert "ลงความเห็นบันทึกนี้ไปแล้ว" in tap(app, fake_line, "p_head", head["ทราบ+เผยแพร่เว็บ"])

    deputy = pushed_choices(fake_line, "p_deputy")
    assert "กรุณาพิมพ์ความเห็น" in tap(app, fake_line, "p_deputy", deputy["พิมพ์ความเห็น"])
    before = memo_json(store)
    assert "ยาวเกินไป" in say(app, fake_line, "p_deputy", "ก" * 10_000)
    assert "ยาวเกินไป" in say(app, fake_line, "p_deputy", "ก" * 400)
    assert memo_json(store) == before
    assert "บันทึกความเห็นแล้ว" in say(app, fake_line, "p_deputy", "ทราบ ให้ติดตามกองคลัง")

    chief = pushed_choices(fake_line, "p_chief")
    tap(app, fake_line, "p_chief", chief["ทราบ+เร่งรัดกอง"])
    mayor = pushed_choices(fake_line, "p_mayor")
    assert "ครบทุกขั้น" in tap(app, fake_line, "p_mayor", mayor["ทราบ"])
    done = [c for c in fake_line.pushes() if c.to == USERS["p_secretary"]][-1]
    assert any("ลงความเห็นครบ" in text for text in done.texts)

    memo = memo_json(store)
    assert memo["status"] == "complete" and memo["number"] == 1
    acks = [(a["person"], a["comment"], a["channel"]) for a in memo["acks"]]
    assert acks == [
        ("p_head", "ทราบ เห็นควรเผยแพร่บนเว็บไซต์", "line"),
        ("p_deputy", "ทราบ ให้ติดตามกองคลัง", "line"),
        ("p_chief", "ทราบ ให้เร่งรัดกองที่ยังไม่ดำเนินการ", "line"),
        ("p_mayor", "ทราบ", "line"),
    ]
    logged = [e.action for e in audit.entries(store.r, "demo") if e.target == MEMO]
    assert logged.count("memo_ack") == 4 and logged.count("memo_send") == 1
    assert "ลงความเห็นครบ" in say(app, fake_line, "p_secretary", "บันทึก 6 เดือน")

    saved = MemoStore(store.r).get("demo", MEMO)
    assert saved is not None
    pdf = render_bundle(bundle(store, None, saved, NOW), "pdf")
    text = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    flat = fold(text)
    order = [
        "บันทึกข้อความ", "ที่ขก๘๘๘๐๑.๐๐๒/๑", "เรื่องรายงานผล", "๑.เรื่องเดิม", "๒.ข้อเท็จจริง",
        "๓.กฎหมาย/ระเบียบที่เกี่ยวข้อง", "๔.ข้อเสนอแนะ", "จึงเรียนมาเพื่อโปรดทราบ",
        "(นางสาวเลขาติดตามงาน)",
        "ความเห็นของหัวหน้าสำนักปลัด", "ทราบเห็นควรเผยแพร่บนเว็บไซต์", "(นายหัวหน้าสำนักงานดี)",
        "วันที่๑ธันวาคม๒๕๖๙",
        "ความเห็นของรองปลัด", "ทราบให้ติดตามกองคลัง", "(นางรองปลัดช่วยงาน)",
        "รองปลัดองค์การบริหารส่วนตำบลบ้านตัวอย่าง",
        "ความเห็นของปลัด", "ทราบให้เร่งรัดกองที่ยังไม่ดำเนินการ", "(นายปลัดใจดี)",
        "ความเห็นของนายก", "(นายนายกบ้านตัวอย่าง)", "นายกองค์การบริหารส่วนตำบลบ้านตัวอย่าง",
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม",  # the attachment follows
    ]  # fmt: skip
    at = 0
    for part in order:
        found = flat.find(fold(part), at)
        assert found >= 0, part
        at = found
    link = re.search(r"https://bot\.example\.org(/files/\S+)", "\n".join(done.texts))
    assert link is not None
    served = app.test_client().get(link[1])
    assert served.status_code == 200 and served.data.startswith(b"%PDF")
    assert json.dumps(memo)  # stored as JSON


TG_MAYOR = 777001


def test_a_step_on_telegram(
    store: RedisStore, fake_line: FakeLineServer, fake_telegram: FakeTelegramServer, tmp_path: Path
) -> None:
    ensure_demo(store, today=date(2026, 11, 21))
    secretary = store.get_person("demo", "p_secretary")
    mayor = store.get_person("demo", "p_mayor")
    assert secretary is not None and mayor is not None
    secretary.chat_ids["line"], mayor.chat_ids["telegram"] = USERS["p_secretary"], str(TG_MAYOR)
    store.save_person(secretary)
    store.save_person(mayor)
    MemoStore(store.r).set_chain("demo", [ChainStep("นายก", "p_mayor", "นายก")], "p_secretary", NOW)
    config = platform_config(fake_line, fake_telegram).with_overrides(data_dir=tmp_path)
    app = create_app(build_runtime(config, store))
    app.extensions["ita"].core.clock = lambda: NOW
    say(app, fake_line, "p_secretary", "บันทึก 6 เดือน")
    tap(app, fake_line, "p_secretary", f"memosend:{MEMO}")
    card = fake_telegram.sent_messages(TG_MAYOR)[-1]
    markup = card.params.get("reply_markup") or {}
    markup = json.loads(markup) if isinstance(markup, str) else markup
    buttons = {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}
    assert all(len(data.encode()) <= 64 for data in buttons.values())

    def tg(update: dict[str, Any]) -> None:
        response = app.test_client().post(
            "/webhooks/telegram", json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
        )  # fmt: skip
        assert response.status_code == 200

    message = tg_message("...", chat_id=TG_MAYOR)
    tg(tg_callback_query_update(buttons["พิมพ์ความเห็น"], from_id=TG_MAYOR, message=message))
    tg(tg_message_update("ทราบ อนุมัติให้เผยแพร่", chat_id=TG_MAYOR))
    assert any("บันทึกความเห็นแล้ว" in text for text in fake_telegram.texts_to(TG_MAYOR))
    memo = memo_json(store)
    assert memo["status"] == "complete"
    assert [(a["comment"], a["channel"]) for a in memo["acks"]] == [
        ("ทราบ อนุมัติให้เผยแพร่", "telegram")
    ]
