"""A newcomer's whole journey through signed webhooks, on LINE and on Telegram.

Join with an invite, list measures, report with evidence, amend, and see it in
`plan show`, with the real core and every request checked by the fake servers.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.app.runtime import build_runtime
from bot.cli.main import main
from bot.demo import ensure_demo
from bot.domain.model import Role, Status
from bot.store.invites import create_invite
from bot.store.redis_store import RedisStore
from bot.web import create_app
from tests.fakes import FakeLineServer, FakeTelegramServer
from tests.fakes.tg_updates import tg_callback_query_update, tg_message, tg_message_update
from tests.fakes.webhooks import (
    image_message_event,
    line_source,
    line_webhook_request,
    postback_event,
    text_message_event,
)
from tests.platform_helpers import TELEGRAM_SECRET, platform_config

pytestmark = pytest.mark.store
LINE_USER = "U" + "1" * 32
TG_USER = 4242
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64


@pytest.fixture()
def app(
    store: RedisStore, fake_line: FakeLineServer, fake_telegram: FakeTelegramServer, tmp_path: Path
):  # type: ignore[no-untyped-def]
    ensure_demo(store, today=date.today())
    config = platform_config(fake_line, fake_telegram).with_overrides(data_dir=tmp_path)
    return create_app(build_runtime(config, store))


def line_send(app, event: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    body, headers = line_webhook_request(
        event, secret=app.extensions["ita"].config.line_channel_secret
    )
    assert app.test_client().post("/webhooks/line", data=body, headers=headers).status_code == 200


def last_line_options(fake: FakeLineServer) -> dict[str, str]:
    messages = fake.replies()[-1].json["messages"]
    items = messages[-1].get("quickReply", {}).get("items", [])
    return {i["action"]["label"]: i["action"]["data"] for i in items}


def last_line_text(fake: FakeLineServer) -> str:
    return "\n".join(m.get("text", "") for m in fake.replies()[-1].json["messages"])


def test_line_journey(
    app,
    store: RedisStore,
    fake_line: FakeLineServer,
    redis_url: str,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    me = line_source(LINE_USER)
    code = create_invite(store, "demo", Role.STAFF, "กองคลัง").code
    line_send(app, text_message_event(code, source=me))
    assert "ยินดีต้อนรับ" in last_line_text(fake_line)
    line_send(app, text_message_event("งานของฉัน", source=me))
    assert "มาตรการของ กองคลัง" in last_line_text(fake_line)
    first = next(data for data in last_line_options(fake_line).values() if data.startswith("rm:"))
    line_send(app, postback_event(first, source=me))
    line_send(app, postback_event(last_line_options(fake_line)["ดำเนินการแล้ว"], source=me))
    line_send(app, text_message_event("จัดทำคู่มือและเผยแพร่แล้ว 100%", source=me))
    photo = image_message_event(source=me)
    fake_line.set_content(photo["message"]["id"], JPEG, "image/jpeg")
    line_send(app, photo)
    assert "รับหลักฐานที่ 1" in last_line_text(fake_line)
    line_send(app, postback_event(last_line_options(fake_line)["เสร็จสิ้น"], source=me))
    line_send(app, postback_event(last_line_options(fake_line)["ยืนยัน"], source=me))
    assert "บันทึกรายงานแล้ว" in last_line_text(fake_line)
    app.extensions["ita"].core.evidence.wait()
    number = int(first.split(":")[1])
    measure = store.measure_by_number("demo", number)
    report = store.latest_report("demo", measure.id)
    assert report.status is Status.DONE and report.channel == "line"
    record = app.extensions["ita"].core.evidence.get("demo", report.evidence[0])
    assert record["state"] == "ok" and record["mime"] == "image/jpeg"
    # An amendment starts from the previous report (issue 13, defect 6): the evidence stays.
    line_send(app, text_message_event("แก้ไข", source=me))
    line_send(app, postback_event(last_line_options(fake_line)["เปลี่ยนสถานะ"], source=me))
    line_send(app, postback_event(last_line_options(fake_line)["อยู่ระหว่างดำเนินการ"], source=me))
    line_send(app, text_message_event("ยังต้องแก้คู่มือ 80%", source=me))
    line_send(app, postback_event(last_line_options(fake_line)["ยืนยัน"], source=me))
    history = store.reports("demo", measure.id)
    assert history[-1].supersedes == history[-2].id
    assert history[-1].evidence == history[-2].evidence
    monkeypatch.setenv("REDIS_URL", redis_url)
    assert main(["plan", "show", "--org", "demo", "--json"]) == 0
    row = next(r for r in json.loads(capsys.readouterr().out)["measures"] if r["number"] == number)
    assert (row["status"], row["percent"]) == ("in_progress", 80)


def tg_send(app, update: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    response = app.test_client().post(
        "/webhooks/telegram",
        json=update,
        headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
    )
    assert response.status_code == 200


def last_tg(fake: FakeTelegramServer) -> tuple[str, dict[str, str]]:
    call = fake.sent_messages(TG_USER)[-1]
    markup = call.params.get("reply_markup") or {}
    if isinstance(markup, str):
        markup = json.loads(markup)
    buttons = {
        b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row
    }
    return call.params.get("text", ""), buttons


def test_telegram_journey(app, store: RedisStore, fake_telegram: FakeTelegramServer) -> None:  # type: ignore[no-untyped-def]
    code = create_invite(store, "demo", Role.STAFF, "กองคลัง").code
    tg_send(app, tg_message_update(f"/start {code}", chat_id=TG_USER))
    assert "ยินดีต้อนรับ" in "\n".join(fake_telegram.texts_to(TG_USER))
    tg_send(app, tg_message_update("งานของฉัน", chat_id=TG_USER))
    text, buttons = last_tg(fake_telegram)
    first = next(v for v in buttons.values() if v.startswith("rm:"))

    def tap(data: str) -> None:
        message = tg_message("...", chat_id=TG_USER)
        tg_send(app, tg_callback_query_update(data, from_id=TG_USER, message=message))

    tap(first)
    tap(last_tg(fake_telegram)[1]["อยู่ระหว่างดำเนินการ"])
    tg_send(app, tg_message_update("ประชุมชี้แจงแล้ว ๕๐%", chat_id=TG_USER))
    tap(last_tg(fake_telegram)[1]["ไม่มีหลักฐาน"])
    tap(last_tg(fake_telegram)[1]["ยืนยัน"])
    assert "บันทึกรายงานแล้ว" in last_tg(fake_telegram)[0]
    measure = store.measure_by_number("demo", int(first.split(":")[1]))
    report = store.latest_report("demo", measure.id)
    assert (report.status, report.percent, report.channel) == (
        Status.IN_PROGRESS,
        50,
        "telegram",
    )
    assert len(fake_telegram.answered_callback_queries()) == 4  # every tap is answered


def test_secretary_through_line_webhooks(app, store: RedisStore, fake_line: FakeLineServer) -> None:  # type: ignore[no-untyped-def]
    """Invite a division, see who is late, fix a timeframe, ask for the dashboard: on LINE."""
    secretary_line = "U" + "5" * 32
    code = create_invite(store, "demo", Role.SECRETARY).code
    me = line_source(secretary_line)
    line_send(app, text_message_event(code, source=me))
    line_send(app, text_message_event("เชิญ กองช่าง", source=me))
    assert "กองช่าง" in last_line_text(fake_line)
    line_send(app, text_message_event("ใครยังไม่รายงาน", source=me))
    assert "เกินกำหนด" in last_line_text(fake_line) or "รายงาน" in last_line_text(fake_line)
    line_send(app, text_message_event("แก้ไข 4 ระยะเวลา ม.ค.70-เม.ย.70", source=me))
    line_send(app, postback_event(last_line_options(fake_line)["ยืนยัน"], source=me))
    assert "บันทึกการแก้ไข" in last_line_text(fake_line)
    measure = store.measure_by_number("demo", 4)
    assert (measure.start, measure.end) == (date(2027, 1, 1), date(2027, 4, 30))
    line_send(app, text_message_event("สถานะ", source=me))
    assert "IIT" in last_line_text(fake_line)
    line_send(app, text_message_event("เว็บ", source=me))
    assert "/signin/" in last_line_text(fake_line)


def test_an_event_whose_step_crashed_is_handled_when_redelivered(  # type: ignore[no-untyped-def]
    app, store: RedisStore, fake_line: FakeLineServer
) -> None:
    from bot.store import keys as k

    me = line_source(LINE_USER)
    code = create_invite(store, "demo", Role.STAFF, "กองคลัง").code
    line_send(app, text_message_event(code, source=me))
    event = text_message_event("งานของฉัน", source=me)
    key = k.DEDUPE.format(platform="line", event=event["webhookEventId"])
    core = app.extensions["ita"].core
    real = core._route

    def crash(ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("the worker died mid-step")

    core._route = crash
    line_send(app, event)
    assert store.r.get(key) == b"taken" and 0 < store.r.ttl(key) <= 120
    core._route = real
    replies = len(fake_line.replies())
    # Within the claim the redelivery is neither handled twice nor swallowed: 503, LINE retries.
    body, headers = line_webhook_request(
        {**event, "replyToken": "d" * 32}, secret=app.extensions["ita"].config.line_channel_secret
    )
    assert app.test_client().post("/webhooks/line", data=body, headers=headers).status_code == 503
    assert len(fake_line.replies()) == replies
    store.r.delete(key)  # the short claim expires; LINE redelivers with a fresh reply token
    redelivered = {**event, "replyToken": "f" * 32, "deliveryContext": {"isRedelivery": True}}
    line_send(app, redelivered)
    assert "มาตรการของ กองคลัง" in last_line_text(fake_line)
    assert store.r.get(key) == b"done" and store.r.ttl(key) > 3600
    line_send(app, {**redelivered, "replyToken": "e" * 32})  # handled: a duplicate for a day
    assert len(fake_line.replies()) == replies + 1
