"""LinePlatform against the fake LINE API (every request checked against messaging-api.yml)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from bot.chat.messages import Attachment, Bar, Card, File, Image, Kind, Line, Option, Text
from bot.platforms.limits import paginate, shorten_label, split_text, utf16_len
from bot.platforms.line.platform import (
    LineBodyError,
    LinePlatform,
    LineSignatureError,
    retry_uuid,
)
from bot.platforms.payloads import PayloadStore
from bot.store.payloads import PayloadRecords
from bot.store.redis_store import RedisStore
from tests.fakes import LINE_CHANNEL_SECRET, FakeLineServer, sign_line
from tests.fakes import webhooks as wh
from tests.fakes.fixtures import serve_line
from tests.platform_helpers import platform_config

pytestmark = pytest.mark.store
USER = wh.USER_ID


@pytest.fixture
def fake_line() -> Iterator[FakeLineServer]:
    yield from serve_line()


@pytest.fixture
def line(fake_line: FakeLineServer, store: RedisStore) -> LinePlatform:
    return LinePlatform(platform_config(line=fake_line), store)


def signed(*events: Any) -> tuple[str, str]:
    body, headers = wh.line_webhook_request(*events, secret=LINE_CHANNEL_SECRET)
    return body.decode(), headers["X-Line-Signature"]


def one(line: LinePlatform, event: dict[str, Any]) -> Any:
    [(meta, incoming)] = line.parse(*signed(event))
    return meta, incoming


def quick_items(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [item["action"] for item in message["quickReply"]["items"]]


# ---- parsing --------------------------------------------------------------------------------
def test_text_event_becomes_text_with_ids(line: LinePlatform) -> None:
    event = wh.text_message_event("รายงานผล")
    meta, incoming = one(line, event)
    assert incoming.kind is Kind.TEXT and incoming.text == "รายงานผล"
    assert incoming.identity.user_id == USER and incoming.identity.platform == "line"
    assert incoming.event_id == event["webhookEventId"] == meta.event_id
    assert incoming.chat_id == USER
    assert meta.reply_token == event["replyToken"]


def test_group_message_answers_in_the_group(line: LinePlatform) -> None:
    source = wh.line_source(USER, group_id=wh.GROUP_ID)
    _, incoming = one(line, wh.text_message_event("hi", source=source))
    assert incoming.chat_id == wh.GROUP_ID and incoming.identity.user_id == USER


@pytest.mark.parametrize(
    ("builder", "kind", "name", "mime"),
    [
        (wh.image_message_event, Kind.IMAGE, ".jpg", "image/jpeg"),
        (wh.video_message_event, Kind.FILE, ".mp4", "video/mp4"),
        (wh.audio_message_event, Kind.FILE, ".m4a", "audio/mp4"),
    ],
)
def test_media_events(line: LinePlatform, builder: Any, kind: Kind, name: str, mime: str) -> None:
    event = builder()
    _, incoming = one(line, event)
    assert incoming.kind is kind
    assert incoming.attachment.platform_ref == event["message"]["id"]
    assert incoming.attachment.file_name.endswith(name) and incoming.attachment.mime_type == mime


def test_file_event_carries_name_and_size(line: LinePlatform) -> None:
    _, incoming = one(line, wh.file_message_event("คำสั่ง.pdf", 4096))
    assert incoming.kind is Kind.FILE
    assert incoming.attachment == Attachment(
        incoming.attachment.platform_ref, "คำสั่ง.pdf", "application/pdf", 4096
    )


@pytest.mark.parametrize("kind", ["follow", "join"])
def test_follow_and_join(line: LinePlatform, kind: str) -> None:
    _, incoming = one(line, wh.LINE_EVENT_BUILDERS[kind]())
    assert incoming.kind is Kind.FOLLOW


def test_postback_with_picker_params(line: LinePlatform) -> None:
    _, incoming = one(line, wh.postback_event("due:pick", params={"date": "2026-03-31"}))
    assert (incoming.kind, incoming.data, incoming.text) == (Kind.CHOICE, "due:pick", "2026-03-31")


@pytest.mark.parametrize(
    "kind", sorted(set(wh.LINE_EVENT_BUILDERS) - {"message", "postback", "follow", "join"})
)
def test_unused_event_types_give_none(line: LinePlatform, kind: str) -> None:
    meta, incoming = one(line, wh.LINE_EVENT_BUILDERS[kind]())
    assert incoming is None and meta.type == kind


@pytest.mark.parametrize("kind", ["location", "sticker"])
def test_unused_message_types_give_none(line: LinePlatform, kind: str) -> None:
    assert one(line, wh.LINE_MESSAGE_BUILDERS[kind]())[1] is None


def test_standby_is_ignored(line: LinePlatform) -> None:
    meta, incoming = one(line, wh.text_message_event(mode="standby"))
    assert meta.is_standby and incoming is None


def test_unreadable_event_does_not_spoil_the_batch(
    line: LinePlatform, caplog: pytest.LogCaptureFixture
) -> None:
    broken = wh.text_message_event("ลับมาก")
    del broken["message"]["id"]
    parsed = line.parse(*signed(broken, wh.text_message_event("ok"), "not an event"))
    assert [incoming and incoming.text for _, incoming in parsed] == [None, "ok", None]
    assert "ลับมาก" not in caplog.text


def test_bad_signature_and_bad_bodies(line: LinePlatform) -> None:
    body, signature = signed(wh.text_message_event())
    with pytest.raises(LineSignatureError):
        line.parse(body, None)
    with pytest.raises(LineSignatureError):
        line.parse(body + " ", signature)
    for bad in ("{not json", json.dumps({"events": {}}), "[]"):
        with pytest.raises(LineBodyError):
            line.parse(bad, sign_line(bad.encode(), LINE_CHANNEL_SECRET))


def test_empty_secret_refuses_everything(fake_line: FakeLineServer, store: RedisStore) -> None:
    line = LinePlatform(
        platform_config(line=fake_line).with_overrides(line_channel_secret=""), store
    )
    body = json.dumps({"events": []})
    assert not line.is_signed(body, sign_line(body.encode(), ""))


# ---- replies and rendering ------------------------------------------------------------------
def test_reply_with_choices(line: LinePlatform, fake_line: FakeLineServer) -> None:
    options = (Option("ส่งรายงาน", "report:1"), Option("ยังไม่ส่ง", "later:1"))
    assert line.reply("token-1", [Text("เลือก", options)])
    [message] = fake_line.replies()[0].messages
    actions = quick_items(message)
    assert [(a["label"], a["data"], a["displayText"]) for a in actions] == [
        ("ส่งรายงาน", "report:1", "ส่งรายงาน"),
        ("ยังไม่ส่ง", "later:1", "ยังไม่ส่ง"),
    ]


def test_long_label_shortened(line: LinePlatform, fake_line: FakeLineServer) -> None:
    label = "มาตรการส่งเสริมคุณธรรมและความโปร่งใส"
    line.reply("t", [Text("x", (Option(label, "m:1"),))])
    [action] = quick_items(fake_line.replies()[0].messages[0])
    assert utf16_len(action["label"]) == 20 and action["label"].endswith("…")
    assert action["displayText"] == label


def test_long_text_split_on_lines(line: LinePlatform, fake_line: FakeLineServer) -> None:
    rows = [f"{i}. มาตรการที่ {i} ดำเนินการแล้ว 😀" for i in range(400)]
    text = "\n".join(rows)
    assert utf16_len(text) > 10000
    line.reply("t", [Text(text, (Option("ต่อ", "next"),))])
    messages = fake_line.replies()[0].messages
    assert len(messages) == 3
    assert all(utf16_len(m["text"]) <= 5000 for m in messages)
    assert "\n".join(m["text"] for m in messages) == text  # cut on line breaks, nothing lost
    assert "quickReply" in messages[-1] and "quickReply" not in messages[0]


def test_more_than_13_choices_page_through(line: LinePlatform, fake_line: FakeLineServer) -> None:
    options = tuple(Option(f"ส่วนราชการ {i}", f"division:{i}") for i in range(30))
    line.reply("t", [Text("เลือกส่วนราชการ", options)])
    actions = quick_items(fake_line.replies()[0].messages[0])
    assert len(actions) == 13
    assert [a["data"] for a in actions[:12]] == [f"division:{i}" for i in range(12)]
    more = actions[12]
    assert more["label"] == "ดูเพิ่ม (18)"
    meta, incoming = one(line, wh.postback_event(more["data"]))
    assert incoming is None
    [page] = meta.replies
    assert [o.data for o in page.options] == [f"division:{i}" for i in range(12, 30)]
    line.reply("t2", list(meta.replies))
    second = quick_items(fake_line.replies()[1].messages[0])
    assert [a["data"] for a in second[:12]] == [f"division:{i}" for i in range(12, 24)]
    meta, _ = one(line, wh.postback_event(second[12]["data"]))
    assert [o.data for o in meta.replies[0].options] == [f"division:{i}" for i in range(24, 30)]


def test_long_payload_goes_through_redis(
    line: LinePlatform, fake_line: FakeLineServer, redis_client: redis.Redis
) -> None:
    payload = "report:" + "ก" * 400
    line.reply("t", [Text("x", (Option("ส่ง", payload), Option("สั้น", "~short")))])
    long_action, tilde_action = quick_items(fake_line.replies()[0].messages[0])
    assert len(long_action["data"]) <= 300 and long_action["data"].startswith("~")
    assert tilde_action["data"] != "~short"  # core data that looks like a key is parked too
    assert one(line, wh.postback_event(long_action["data"]))[1].data == payload
    assert one(line, wh.postback_event(tilde_action["data"]))[1].data == "~short"
    ttl = redis_client.ttl("ita:payload:" + long_action["data"][1:])
    assert 29 * 24 * 3600 < ttl <= 30 * 24 * 3600
    redis_client.flushdb()
    expired = one(line, wh.postback_event(long_action["data"]))[1]
    assert expired.kind is Kind.CHOICE and expired.data == ""


def test_cards_images_and_files(line: LinePlatform, fake_line: FakeLineServer) -> None:
    line.reply(
        "t",
        [
            Card("ก" * 2000, "A", body=(Line("A"),), options=(Option("ดู", "see"),)),
            Image("https://bot.example.org/chart.png"),
            Image("http://127.0.0.1:8000/chart.png", alt="กราฟ"),
            File("https://bot.example.org/r.docx", "รายงาน.docx", 123456),
            Card("สรุป"),
        ],
    )
    flex, image, *texts = fake_line.replies()[0].messages
    assert flex["type"] == "flex" and len(flex["altText"]) == 1500
    assert flex["quickReply"]["items"][0]["action"]["data"] == "see"
    assert image == {
        "type": "image",
        "originalContentUrl": "https://bot.example.org/chart.png",
        "previewImageUrl": "https://bot.example.org/chart.png",
    }
    assert [m["type"] for m in texts] == ["text"] * 3
    assert "http://127.0.0.1:8000/chart.png" in texts[0]["text"]
    assert "รายงาน.docx (120.6 KB)" in texts[1]["text"] and "r.docx" in texts[1]["text"]
    assert texts[2]["text"] == "สรุป"


def test_broken_flex_card_sends_its_alt_text(line: LinePlatform, fake_line: FakeLineServer) -> None:
    broken = Card("การ์ดเสีย", "x", body=(Bar(float("nan")),), options=(Option("ดู", "see"),))
    line.reply("t", [broken])
    [message] = fake_line.replies()[0].messages
    assert message["text"] == "การ์ดเสีย" and message["quickReply"]["items"]


def test_at_most_five_messages_texts_merged(line: LinePlatform, fake_line: FakeLineServer) -> None:
    replies = [Text(f"ข้อความ {i}") for i in range(8)]
    line.reply("t", replies)
    [merged] = fake_line.replies()[0].messages
    assert merged["text"] == "\n\n".join(f"ข้อความ {i}" for i in range(8))


def test_too_many_messages_say_there_is_more(line: LinePlatform, fake_line: FakeLineServer) -> None:
    replies = [Image(f"https://bot.example.org/{i}.png") for i in range(7)]
    line.reply("t", [*replies, Text("เลือก", (Option("ต่อ", "next"),))])
    messages = fake_line.replies()[0].messages
    assert len(messages) == 5
    assert "4" in messages[-1]["text"]  # 3 images and the text did not fit
    assert messages[-1]["quickReply"]["items"][0]["action"]["data"] == "next"


def test_empty_replies_send_nothing(line: LinePlatform, fake_line: FakeLineServer) -> None:
    assert line.reply("t", [Text("  ")])
    assert fake_line.replies() == []


def test_expired_reply_token_reported(line: LinePlatform, fake_line: FakeLineServer) -> None:
    fake_line.expire_reply_token("old")
    assert line.reply("old", [Text("x")]) is False


# ---- push -----------------------------------------------------------------------------------
def test_push_with_retry_key_twice_is_sent_once(
    line: LinePlatform, fake_line: FakeLineServer
) -> None:
    first = line.push(USER, [Text("เตือน")], retry_key="reminder:2026-03:demo:p1")
    second = line.push(USER, [Text("เตือน")], retry_key="reminder:2026-03:demo:p1")
    assert first.status == 200 and first.is_sent and not first.already_sent
    assert second.status == 409 and second.already_sent and second.is_sent
    assert second.request_id == first.request_id
    assert fake_line.texts_to(USER) == ["เตือน"]
    assert fake_line.pushes()[0].retry_key == retry_uuid("reminder:2026-03:demo:p1")


def test_push_over_quota_is_reported(line: LinePlatform, fake_line: FakeLineServer) -> None:
    fake_line.fail_next(1, status=429)
    result = line.push(USER, [Text("เตือน")])
    assert result.quota_exceeded and not result.is_sent and result.status == 429
    assert fake_line.pushes() == []


def test_push_without_answer_then_retry(line: LinePlatform, fake_line: FakeLineServer) -> None:
    fake_line.drop_next(1)
    lost = line.push(USER, [Text("สรุป")], retry_key="summary:2026-03")
    assert lost.status == 0 and not lost.is_sent
    again = line.push(USER, [Text("สรุป")], retry_key="summary:2026-03")
    assert again.already_sent and fake_line.texts_to(USER) == ["สรุป"]


def test_retry_uuid_keeps_uuids() -> None:
    key = "123e4567-e89b-12d3-a456-426614174000"
    assert retry_uuid(key) == key
    assert retry_uuid("a") == retry_uuid("a") != retry_uuid("b")


# ---- download -------------------------------------------------------------------------------
def test_download(line: LinePlatform, fake_line: FakeLineServer) -> None:
    fake_line.set_content("325708", b"%PDF-1.7 evidence", "application/pdf")
    data, mime = line.download(Attachment("325708", "a.pdf"))
    assert (data, mime) == (b"%PDF-1.7 evidence", "application/pdf")
    assert line.fetch(Attachment("325708")) == data


def test_clients_built_once_per_process(
    line: LinePlatform, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = line._clients()
    assert line._clients() is not None and line._clients()[0] is first[0]
    monkeypatch.setattr("os.getpid", lambda: -42)  # as in a forked worker
    assert line._clients()[0] is not first[0]


# ---- the pure helpers behind the rendering ---------------------------------------------------
def test_split_text_prefers_paragraphs_then_lines_then_spaces() -> None:
    text = "ก" * 60 + "\n\n" + "ข" * 30 + "\n" + "ค" * 30
    assert split_text(text, 100) == ["ก" * 60, "ข" * 30 + "\n" + "ค" * 30]
    assert split_text("aaa bbb ccc", 7) == ["aaa bbb", "ccc"]
    assert split_text("ก" * 25, 10) == ["ก" * 10, "ก" * 10, "ก" * 5]  # Thai without spaces
    assert split_text("", 10) == [""] and split_text("สั้น", 10) == ["สั้น"]


def test_split_text_counts_utf16_units() -> None:
    chunks = split_text("😀" * 7, 4, utf16_len)
    assert chunks == ["😀😀", "😀😀", "😀😀", "😀"]  # never half a surrogate pair


def test_shorten_label_and_paginate() -> None:
    assert shorten_label("ส่งรายงาน", 20) == "ส่งรายงาน"
    assert shorten_label("", 20) == "-"
    assert shorten_label("x" * 30, 20) == "x" * 19 + "…"
    assert [len(p) for p in paginate(list(range(30)), 13)] == [12, 12, 6]
    assert [len(p) for p in paginate(list(range(13)), 13)] == [13]


def test_payloads_round_trip(redis_client: redis.Redis) -> None:
    payloads = PayloadStore(PayloadRecords(redis_client))
    assert payloads.shrink("m:1", 64) == "m:1" and payloads.expand("m:1") == "m:1"
    for data in ("ก" * 22, "~m", "^m", ""):
        key = payloads.shrink(data, 64)
        assert key != data and len(key.encode()) <= 64 and payloads.expand(key) == data
    assert payloads.expand("~unknown") is None
    key = payloads.park_options("more", [Option("ก", "g")])
    assert payloads.parked_options(key) == ("more", [Option("ก", "g")])


def test_a_payload_parked_on_one_channel_is_unknown_on_another(redis_client: redis.Redis) -> None:
    records = PayloadRecords(redis_client)
    on_a, on_b = PayloadStore(records, channel="ch-a"), PayloadStore(records, channel="ch-b")
    key = on_a.shrink("ก" * 120, 64)
    assert on_a.expand(key) == "ก" * 120
    assert on_b.expand(key) is None and PayloadStore(records).expand(key) is None
    more = on_a.park_options("more", [Option("ก", "g")])
    assert on_b.parked_options(more) is None
