"""TelegramPlatform against the fake Bot API (every call checked against api.json)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.chat.messages import Attachment, Card, File, Image, Kind, Line, Option, Text
from bot.platforms.telegram import platform as tg
from bot.platforms.telegram.adapter import SECRET_HEADER, TelegramAdapter
from bot.platforms.telegram.platform import (
    TelegramPlatform,
    TelegramSetupError,
    set_webhook_command,
)
from bot.store.redis_store import RedisStore
from tests.fakes import FakeTelegramServer
from tests.fakes import webhooks as wh
from tests.fakes.fixtures import serve_telegram
from tests.fakes.tg_updates import CHAT_ID
from tests.platform_helpers import TELEGRAM_SECRET, platform_config

pytestmark = pytest.mark.store
CHAT = CHAT_ID


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegramServer]:
    yield from serve_telegram()


@pytest.fixture
def telegram(fake_telegram: FakeTelegramServer, store: RedisStore) -> TelegramPlatform:
    return TelegramPlatform(platform_config(telegram=fake_telegram), store)


def keyboard(call: Any) -> list[dict[str, Any]]:
    rows = call.params["reply_markup"]["inline_keyboard"]
    assert all(len(row) == 1 for row in rows)  # one button per row
    return [row[0] for row in rows]


# ---- secret ---------------------------------------------------------------------------------
def test_check_secret(telegram: TelegramPlatform, store: RedisStore) -> None:
    assert telegram.check_secret(TELEGRAM_SECRET)
    assert not telegram.check_secret(TELEGRAM_SECRET + "x")
    assert not telegram.check_secret("")
    assert not telegram.check_secret(None)
    unset = TelegramPlatform(platform_config().with_overrides(telegram_secret_token=""), store)
    assert not unset.check_secret("") and not unset.check_secret(None)


# ---- parsing --------------------------------------------------------------------------------
def test_text_message(telegram: TelegramPlatform) -> None:
    update = wh.tg_message_update("ส่งรายงาน")
    incoming = telegram.parse(update)
    assert incoming is not None
    assert (incoming.kind, incoming.text) == (Kind.TEXT, "ส่งรายงาน")
    assert incoming.identity.platform == "telegram" and incoming.identity.user_id == str(CHAT)
    assert incoming.event_id == str(update["update_id"]) and incoming.chat_id == str(CHAT)
    assert incoming.display_name == "สมชาย"


@pytest.mark.parametrize(
    ("text", "kind", "seen"),
    [
        ("/start", Kind.FOLLOW, ""),
        ("/start AB12CD", Kind.TEXT, "/start AB12CD"),
        ("/start@ita_test_bot AB12CD", Kind.TEXT, "/start AB12CD"),
        ("/help", Kind.TEXT, "/help"),
        ("/help@ita_test_bot", Kind.TEXT, "/help"),
        ("  ", Kind.TEXT, "  "),
    ],
)
def test_start_commands(telegram: TelegramPlatform, text: str, kind: Kind, seen: str) -> None:
    incoming = telegram.parse(wh.tg_message_update(text))
    assert incoming is not None and (incoming.kind, incoming.text) == (kind, seen)


def test_photo_takes_the_largest_size(telegram: TelegramPlatform) -> None:
    sizes = [
        {"file_id": f"ph{w}", "file_unique_id": f"u{w}", "width": w, "height": w, "file_size": w}
        for w in (800, 90, 320)
    ]
    update = wh.tg_message_update(None, photo=sizes, caption="หลักฐาน")  # type: ignore[arg-type]
    incoming = telegram.parse(update)
    assert incoming is not None and incoming.kind is Kind.IMAGE and incoming.text == "หลักฐาน"
    assert incoming.attachment == Attachment("ph800", "u800.jpg", "image/jpeg", 800)


def test_document(telegram: TelegramPlatform) -> None:
    doc = {
        "file_id": "doc1",
        "file_unique_id": "d1",
        "file_name": "คำสั่ง.pdf",
        "mime_type": "application/pdf",
        "file_size": 2048,
    }
    incoming = telegram.parse(wh.tg_message_update(None, document=doc))  # type: ignore[arg-type]
    assert incoming is not None and incoming.kind is Kind.FILE
    assert incoming.attachment == Attachment("doc1", "คำสั่ง.pdf", "application/pdf", 2048)


def test_callback_query_is_answered(fake_telegram: FakeTelegramServer, store: RedisStore) -> None:
    adapter = TelegramAdapter(platform_config(telegram=fake_telegram), store)
    update = wh.tg_callback_query_update("answer:yes")
    body = json.dumps(update).encode()
    [event] = adapter.read_webhook({SECRET_HEADER: TELEGRAM_SECRET}, body)
    incoming = event.incoming
    assert incoming is not None and (incoming.kind, incoming.data) == (Kind.CHOICE, "answer:yes")
    assert incoming.chat_id == str(CHAT)
    assert fake_telegram.answered_callback_queries() == []  # read, verified: not yet answered
    adapter.begin(event, is_slow=False)  # after the dedupe claim, before the step
    assert fake_telegram.answered_callback_queries() == [update["callback_query"]["id"]]


@pytest.mark.parametrize("kind", sorted(set(wh.tg_update_kinds()) - {"message", "callback_query"}))
def test_unused_update_kinds_give_none(telegram: TelegramPlatform, kind: str) -> None:
    assert telegram.parse(wh.tg_update(kind)) is None


def test_sticker_gives_none(telegram: TelegramPlatform) -> None:
    sticker = wh.sample_object("Sticker")
    assert telegram.parse(wh.tg_message_update(None, sticker=sticker)) is None  # type: ignore[arg-type]


# ---- sending --------------------------------------------------------------------------------
def test_text_with_choices(telegram: TelegramPlatform, fake_telegram: FakeTelegramServer) -> None:
    telegram.send(CHAT, [Text("เลือก", (Option("ใช่", "a:yes"), Option("ไม่ใช่", "a:no")))])
    [call] = fake_telegram.calls_to("sendMessage")
    assert call.params["text"] == "เลือก"
    assert [(b["text"], b["callback_data"]) for b in keyboard(call)] == [
        ("ใช่", "a:yes"),
        ("ไม่ใช่", "a:no"),
    ]


def test_callback_data_64_bytes_thai(
    telegram: TelegramPlatform, fake_telegram: FakeTelegramServer
) -> None:
    fits = "ก" * 21  # 63 bytes in UTF-8, only 21 characters
    too_long = "ก" * 22  # 66 bytes: over the limit though only 22 characters
    telegram.send(CHAT, [Text("เลือก", (Option("สั้น", fits), Option("ยาว", too_long)))])
    first, second = keyboard(fake_telegram.calls_to("sendMessage")[0])
    assert first["callback_data"] == fits
    assert second["callback_data"].startswith("~")
    assert len(second["callback_data"].encode()) <= 64
    back = telegram.parse(wh.tg_callback_query_update(second["callback_data"]))
    assert back is not None and back.data == too_long


def test_long_text_split_on_lines(
    telegram: TelegramPlatform, fake_telegram: FakeTelegramServer
) -> None:
    text = "\n".join(f"{i}. รายงานความก้าวหน้ามาตรการที่ {i}" for i in range(300))
    assert len(text) > 8192
    telegram.send(CHAT, [Text(text, (Option("ต่อ", "next"),))])
    calls = fake_telegram.calls_to("sendMessage")
    assert len(calls) == 3
    assert all(len(c.params["text"]) <= 4096 for c in calls)
    assert "\n".join(c.params["text"] for c in calls) == text
    assert "reply_markup" in calls[-1].params and "reply_markup" not in calls[0].params


def test_more_than_100_choices_continue(
    telegram: TelegramPlatform, fake_telegram: FakeTelegramServer
) -> None:
    options = tuple(Option(str(i), f"o:{i}") for i in range(130))
    telegram.send(CHAT, [Text("เลือก", options)])
    first, second = fake_telegram.calls_to("sendMessage")
    assert len(keyboard(first)) == 100 and len(keyboard(second)) == 30


def test_card_photo_document(telegram: TelegramPlatform, fake_telegram: FakeTelegramServer) -> None:
    telegram.send(
        CHAT,
        [
            Card("สรุป", "สรุป", body=(Line("เดือน <มี.ค.>"),), options=(Option("ดู", "see"),)),
            Image("https://bot.example.org/chart.png", alt="กราฟ"),
            File("https://bot.example.org/r.pdf", "รายงาน.pdf"),
            Card("แค่ข้อความ"),
        ],
    )
    card, plain = fake_telegram.calls_to("sendMessage")
    assert card.params["parse_mode"] == "HTML" and keyboard(card)[0]["callback_data"] == "see"
    assert plain.params["text"] == "แค่ข้อความ"
    [photo] = fake_telegram.calls_to("sendPhoto")
    assert photo.params["photo"] == "https://bot.example.org/chart.png"
    [doc] = fake_telegram.calls_to("sendDocument")
    assert doc.params["document"] == "https://bot.example.org/r.pdf"


def test_long_html_card_sent_as_plain_text(
    telegram: TelegramPlatform, fake_telegram: FakeTelegramServer
) -> None:
    lines = tuple(Line(f"{i} มาตรการ & ผล") for i in range(600))
    telegram.send(CHAT, [Card("สรุป", "สรุป", body=lines)])
    calls = fake_telegram.calls_to("sendMessage")
    assert len(calls) > 1 and all("parse_mode" not in c.params for c in calls)
    assert "0 มาตรการ & ผล" in calls[0].params["text"]


def test_file_bytes_from_loader(fake_telegram: FakeTelegramServer, store: RedisStore) -> None:
    loaded = TelegramPlatform(
        platform_config(telegram=fake_telegram), store, file_loader=lambda f: b"PK docx bytes"
    )
    loaded.send(CHAT, [File("https://bot.example.org/r.docx", "รายงาน.docx")])
    [doc] = fake_telegram.calls_to("sendDocument")
    assert doc.files["document"].data == b"PK docx bytes"


def test_media_refused_by_url_falls_back_to_link(
    telegram: TelegramPlatform, fake_telegram: FakeTelegramServer
) -> None:
    fake_telegram.fail_next(
        1, "sendPhoto", 400, description="Bad Request: wrong file identifier/HTTP URL specified"
    )
    telegram.send(CHAT, [Image("https://bot.example.org/x.png")])
    assert "https://bot.example.org/x.png" in fake_telegram.texts_to(CHAT)[0]


def test_429_waits_retry_after_and_retries_once(
    telegram: TelegramPlatform, fake_telegram: FakeTelegramServer
) -> None:
    fake_telegram.fail_next(1, "sendMessage", 429, retry_after=1)
    started = time.monotonic()
    telegram.send(CHAT, [Text("เตือน")])
    assert time.monotonic() - started >= 1.0
    assert fake_telegram.texts_to(CHAT) == ["เตือน"]
    assert [r[0] for r in fake_telegram.rejected] == [429]


def test_long_flood_wait_is_not_waited_out(
    telegram: TelegramPlatform, fake_telegram: FakeTelegramServer
) -> None:
    fake_telegram.fail_next(1, "sendMessage", 429, retry_after=60)
    with pytest.raises(RetryAfter):
        telegram.send(CHAT, [Text("เตือน")])
    assert fake_telegram.texts_to(CHAT) == []


# ---- files, webhook, loop -------------------------------------------------------------------
def test_download(telegram: TelegramPlatform, fake_telegram: FakeTelegramServer) -> None:
    fake_telegram.add_file("doc9", b"%PDF evidence", "documents/file_9.pdf")
    data, mime = telegram.download(Attachment("doc9", "a.pdf", "application/pdf"))
    assert (data, mime) == (b"%PDF evidence", "application/pdf")
    assert telegram.fetch(Attachment("doc9")) == data


def test_set_webhook_command(fake_telegram: FakeTelegramServer) -> None:
    config = platform_config(telegram=fake_telegram)
    said = set_webhook_command(config, "https://bot.example.org/")
    assert "https://bot.example.org/webhooks/telegram" in said
    [call] = fake_telegram.calls_to("setWebhook")
    assert call.params["url"] == "https://bot.example.org/webhooks/telegram"
    assert call.params["secret_token"] == TELEGRAM_SECRET
    assert call.params["allowed_updates"] == ["message", "callback_query"]
    assert fake_telegram.state.commands_for() == ["start", "help"]  # the default scope
    assert fake_telegram.state.menu_buttons[""] == {"type": "commands"}


@pytest.mark.parametrize(
    ("changes", "url"),
    [
        ({"telegram_bot_token": ""}, None),
        ({"telegram_secret_token": ""}, None),
        ({"telegram_secret_token": "has space"}, None),
        ({}, "http://bot.example.org"),
    ],
)
def test_set_webhook_command_refuses(changes: dict[str, str], url: str | None) -> None:
    with pytest.raises(TelegramSetupError):
        set_webhook_command(platform_config().with_overrides(**changes), url)


def test_one_loop_per_process(
    telegram: TelegramPlatform, fake_telegram: FakeTelegramServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    telegram.send(CHAT, [Text("หนึ่ง")])
    loop, bot = tg.LOOP.loop(), telegram.bot()
    threads = [t for t in threading.enumerate() if t.name == "platforms-loop"]
    telegram.send(CHAT, [Text("สอง")])
    assert tg.LOOP.loop() is loop and telegram.bot() is bot
    assert [t for t in threading.enumerate() if t.name == "platforms-loop"] == threads
    assert len(fake_telegram.calls_to("getMe")) == 1  # initialised once
    monkeypatch.setattr("os.getpid", lambda: -42)  # as in a forked gunicorn worker
    assert tg.LOOP.loop() is not loop and telegram.bot() is not bot
    telegram.send(CHAT, [Text("สาม")])
    assert fake_telegram.texts_to(CHAT) == ["หนึ่ง", "สอง", "สาม"]
