"""Spec-checked LINE / Telegram fakes: validators can fail, real SDKs pass, builders are valid."""

from __future__ import annotations

import asyncio
import copy
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from linebot.v3 import WebhookParser
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    FlexBox,
    FlexBubble,
    FlexButton,
    FlexMessage,
    FlexText,
    MessageAction,
    MessagingApi,
    MessagingApiBlob,
    PostbackAction,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    TextMessage,
    URIAction,
)
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, NetworkError, RetryAfter

from tests.fakes import (
    LINE_ACCESS_TOKEN,
    LINE_CHANNEL_SECRET,
    TELEGRAM_TOKEN,
    FakeLineServer,
    FakeTelegramServer,
    SpecViolation,
    line_configuration,
    line_request_errors,
    line_schema_errors,
    line_webhook_errors,
    sign_line,
    specs,
    telegram_bot,
    telegram_object_errors,
    telegram_update_errors,
    validate_line_request,
    validate_line_webhook,
    validate_telegram_call,
    validate_telegram_update,
)
from tests.fakes import webhooks as wh
from tests.fakes.fixtures import serve_line, serve_telegram

USER = wh.USER_ID
PUSH = "/v2/bot/message/push"


@pytest.fixture
def fake_line() -> Iterator[FakeLineServer]:
    yield from serve_line()


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegramServer]:
    yield from serve_telegram()


def text(body: str = "สวัสดี", **extra: Any) -> dict[str, Any]:
    return {"type": "text", "text": body, **extra}


def push(*messages: dict[str, Any]) -> dict[str, Any]:
    return {"to": USER, "messages": list(messages)}


def quick_reply(label: str = "ส่งแล้ว", data: str = "done=1", n: int = 1) -> dict[str, Any]:
    action = {"type": "postback", "label": label, "data": data}
    return {"items": [{"type": "action", "action": action}] * n}


# ---- locating the specs -----------------------------------------------------------------
def test_specs_dir_found_beside_repo() -> None:
    assert (specs.specs_dir() / "telegram" / "api.json").is_file()


def test_specs_dir_honours_shared_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = specs.specs_dir()
    (tmp_path / "specs").symlink_to(real)
    monkeypatch.setenv("SHARED_DIR", str(tmp_path))
    specs.specs_dir.cache_clear()
    try:
        assert specs.specs_dir() == tmp_path / "specs"
    finally:
        monkeypatch.delenv("SHARED_DIR")
        specs.specs_dir.cache_clear()
    assert specs.specs_dir() == real


# ---- LINE validators reject what LINE rejects --------------------------------------------
BAD_LINE_BODIES = {
    "six messages": push(*[text()] * 6),
    "no messages": push(),
    "text over 5000": push(text("ก" * 5001)),
    "emoji counts as two UTF-16 units": push(text("😀" * 2501)),
    "empty text": push(text("")),
    "quick reply label over 20": push(text(quickReply=quick_reply(label="x" * 21))),
    "quick reply without label": push(
        text(quickReply={"items": [{"type": "action", "action": {"type": "message", "text": "a"}}]})
    ),
    "14 quick reply items": push(text(quickReply=quick_reply(n=14))),
    "postback data over 300": push(text(quickReply=quick_reply(data="d" * 301))),
    "unknown message type": push({"type": "txt", "text": "hi"}),
    "misspelt property": push(text(quickreply=quick_reply())),
    "flex without altText": push({"type": "flex", "contents": {"type": "bubble"}}),
    "flex box without layout": push(
        {
            "type": "flex",
            "altText": "a",
            "contents": {"type": "bubble", "body": {"type": "box", "contents": []}},
        }
    ),
    "flex component of unknown type": push(
        {
            "type": "flex",
            "altText": "a",
            "contents": {
                "type": "bubble",
                "body": {"type": "box", "layout": "vertical", "contents": [{"type": "txt"}]},
            },
        }
    ),
    "uri action with ftp uri": push(
        {
            "type": "flex",
            "altText": "a",
            "contents": {
                "type": "bubble",
                "body": {
                    "type": "box",
                    "layout": "vertical",
                    "contents": [
                        {"type": "button", "action": {"type": "uri", "uri": "ftp://x.example"}}
                    ],
                },
            },
        }
    ),
    "camera action outside quick reply": push(
        {
            "type": "template",
            "altText": "a",
            "template": {
                "type": "buttons",
                "text": "t",
                "actions": [{"type": "camera", "label": "c"}],
            },
        }
    ),
    "image over http": push(
        {
            "type": "image",
            "originalContentUrl": "http://example.com/a.jpg",
            "previewImageUrl": "https://example.com/p.jpg",
        }
    ),
    "missing to": {"messages": [text()]},
}


LINE_REASONS = {
    "six messages": "at most 5",
    "no messages": "at least 1",
    "text over 5000": "messages/0/text: length 5001",
    "emoji counts as two UTF-16 units": "length 5002",
    "empty text": "messages/0/text: length 0",
    "quick reply label over 20": "action/label: length 21",
    "quick reply without label": "'label' is required",
    "14 quick reply items": "at most 13",
    "postback data over 300": "action/data",
    "unknown message type": "'txt' is not one of",
    "misspelt property": "'quickreply' was unexpected",
    "flex without altText": "'altText' is a required property",
    "flex box without layout": "'layout' is a required property",
    "flex component of unknown type": "contents/0/type: 'txt'",
    "uri action with ftp uri": "scheme must be",
    "camera action outside quick reply": "only available on quick reply",
    "image over http": "HTTPS",
    "missing to": "'to' is a required property",
}


@pytest.mark.parametrize("case", sorted(BAD_LINE_BODIES))
def test_line_validator_rejects(case: str) -> None:
    errors = line_request_errors("POST", PUSH, BAD_LINE_BODIES[case])
    assert any(LINE_REASONS[case] in e for e in errors), errors
    with pytest.raises(SpecViolation):
        validate_line_request("POST", PUSH, BAD_LINE_BODIES[case])


def test_line_validator_messages_point_at_the_problem() -> None:
    errors = line_request_errors("POST", PUSH, push(text(quickReply=quick_reply(data="d" * 301))))
    assert any("quickReply/items/0/action/data" in e for e in errors), errors
    errors = line_request_errors("POST", PUSH, push(*[text()] * 6))
    assert errors == ["messages: has 6 items; at most 5 allowed"]


def test_line_validator_accepts_limits_exactly() -> None:
    body = push(
        text("ก" * 5000, quickReply=quick_reply(label="x" * 20, data="d" * 300, n=13)),
        *[text()] * 4,
    )
    assert line_request_errors("POST", PUSH, body) == []


def test_line_unknown_operation_and_missing_auth() -> None:
    assert line_request_errors("POST", "/v2/bot/message/pushh", push(text()))
    assert line_request_errors("POST", PUSH, push(text()), headers={})
    headers = {"Authorization": "Bearer t", "X-Line-Retry-Key": "not-a-uuid"}
    assert line_request_errors("POST", PUSH, push(text()), headers=headers)
    assert line_request_errors("GET", "/v2/bot/message/quota") == []


def test_line_fake_answers_400_and_records(fake_line: FakeLineServer) -> None:
    url = fake_line.base_url + PUSH
    auth = {"Authorization": f"Bearer {LINE_ACCESS_TOKEN}"}
    for body in (push(*[text()] * 6), push(text("x" * 5001))):
        response = httpx.post(url, json=body, headers=auth)
        assert response.status_code == 400
        assert response.json()["details"]
    assert httpx.post(url, json=push(text())).status_code == 401
    assert len(fake_line.take_errors()) == 3
    assert fake_line.pushes() == []


def test_line_validate_endpoint_answers_without_recording(fake_line: FakeLineServer) -> None:
    auth = {"Authorization": f"Bearer {LINE_ACCESS_TOKEN}"}
    url = fake_line.base_url + "/v2/bot/message/validate/push"
    assert httpx.post(url, json={"messages": [text()]}, headers=auth).status_code == 200
    assert httpx.post(url, json={"messages": [text("")]}, headers=auth).status_code == 400
    assert fake_line.errors == []


def test_fixture_fails_the_test_on_recorded_errors() -> None:
    for serve in (serve_line, serve_telegram):
        running = serve()
        fake = next(running)
        fake.errors.append("boom")
        with pytest.raises(pytest.fail.Exception, match="boom"):
            next(running)


# ---- the LINE SDK against the fake ----------------------------------------------------------
def flex_message() -> FlexMessage:
    body = FlexBox(
        layout="vertical",
        contents=[
            FlexText(text="มาตรการ ITA ข้อ 1", wrap=True, weight="bold"),
            FlexButton(action=URIAction(label="เปิด", uri="https://example.com/ita")),
            FlexButton(action=PostbackAction(label="ส่งแล้ว", data="measure=1&done=1")),
        ],
    )
    return FlexMessage(alt_text="มาตรการ ITA", contents=FlexBubble(body=body))


def test_line_sdk_reply_push_quota_profile_content(fake_line: FakeLineServer) -> None:
    api = MessagingApi(ApiClient(line_configuration(fake_line)))
    items = [
        QuickReplyItem(action=PostbackAction(label="ส่งแล้ว", data="a=1", display_text="ส่งแล้ว")),
        QuickReplyItem(action=MessageAction(label="ยังไม่ส่ง", text="ยังไม่ส่ง")),
    ]
    message = TextMessage(text="กรุณาส่งหลักฐาน", quick_reply=QuickReply(items=items))
    sent = api.push_message(PushMessageRequest(to=USER, messages=[message, flex_message()]))
    assert len(sent.sent_messages) == 2
    fake_line.bind_reply_token("rt-1", USER)
    api.reply_message(ReplyMessageRequest(reply_token="rt-1", messages=[flex_message()]))
    assert fake_line.texts_to(USER) == ["กรุณาส่งหลักฐาน"]
    assert [m["type"] for m in fake_line.messages_to(USER)] == ["text", "flex", "flex"]
    assert api.get_message_quota().value == 1000
    assert api.get_message_quota_consumption().total_usage == 2
    assert api.get_profile(USER).display_name
    fake_line.set_content("9001", b"\x89PNG-bytes", "image/png")
    blob = MessagingApiBlob(ApiClient(line_configuration(fake_line)))
    assert bytes(blob.get_message_content("9001")) == b"\x89PNG-bytes"
    assert fake_line.errors == []


def test_line_sdk_invalid_push_rejected(fake_line: FakeLineServer) -> None:
    api = MessagingApi(ApiClient(line_configuration(fake_line)))
    label = QuickReplyItem(action=MessageAction(label="x" * 21, text="x"))
    bad = TextMessage(text="hi", quick_reply=QuickReply(items=[label]))
    with pytest.raises(ApiException) as caught:
        api.push_message(PushMessageRequest(to=USER, messages=[bad]))
    assert caught.value.status == 400
    assert "label" in fake_line.take_errors()[0]


def test_line_retry_key_after_dropped_connection(fake_line: FakeLineServer) -> None:
    api = MessagingApi(ApiClient(line_configuration(fake_line)))
    request = PushMessageRequest(to=USER, messages=[TextMessage(text="แจ้งเตือน")])
    key = str(uuid.uuid4())
    fake_line.drop_next(1)
    with pytest.raises(Exception):  # noqa: B017 - urllib3 ProtocolError from a dropped socket
        api.push_message(request, x_line_retry_key=key)
    with pytest.raises(ApiException) as caught:
        api.push_message(request, x_line_retry_key=key)
    assert caught.value.status == 409
    assert json.loads(caught.value.body)["sentMessages"]
    assert fake_line.texts_to(USER) == ["แจ้งเตือน"]


def test_line_injected_429_then_retry_succeeds(fake_line: FakeLineServer) -> None:
    api = MessagingApi(ApiClient(line_configuration(fake_line)))
    request = PushMessageRequest(to=USER, messages=[TextMessage(text="หนึ่งครั้ง")])
    key = str(uuid.uuid4())
    fake_line.fail_next(2, status=429)
    for _ in range(2):
        with pytest.raises(ApiException) as caught:
            api.push_message(request, x_line_retry_key=key)
        assert caught.value.status == 429
    api.push_message(request, x_line_retry_key=key)
    assert fake_line.texts_to(USER) == ["หนึ่งครั้ง"]
    assert [status for status, _ in fake_line.rejected] == [429, 429]


def test_line_500_after_delivery_then_retry_gets_409(fake_line: FakeLineServer) -> None:
    api = MessagingApi(ApiClient(line_configuration(fake_line)))
    request = PushMessageRequest(to=USER, messages=[TextMessage(text="ครั้งเดียว")])
    key = str(uuid.uuid4())
    fake_line.fail_next(1, status=500, delivered=True)
    with pytest.raises(ApiException) as caught:
        api.push_message(request, x_line_retry_key=key)
    assert caught.value.status == 500
    with pytest.raises(ApiException) as caught:
        api.push_message(request, x_line_retry_key=key)
    assert caught.value.status == 409
    assert fake_line.texts_to(USER) == ["ครั้งเดียว"]


def test_line_reply_token_single_use_and_expiry(fake_line: FakeLineServer) -> None:
    api = MessagingApi(ApiClient(line_configuration(fake_line)))
    api.reply_message(ReplyMessageRequest(reply_token="once", messages=[TextMessage(text="a")]))
    with pytest.raises(ApiException):
        api.reply_message(ReplyMessageRequest(reply_token="once", messages=[TextMessage(text="b")]))
    assert "already used" in fake_line.take_errors()[0]
    fake_line.expire_reply_token("old")
    with pytest.raises(ApiException):
        api.reply_message(ReplyMessageRequest(reply_token="old", messages=[TextMessage(text="c")]))
    assert fake_line.errors == []


def test_line_fake_responses_match_spec(fake_line: FakeLineServer) -> None:
    auth = {"Authorization": f"Bearer {LINE_ACCESS_TOKEN}"}
    base = fake_line.base_url
    response = httpx.post(base + PUSH, json=push(text()), headers=auth)
    assert line_schema_errors("PushMessageResponse", response.json()) == []
    for path, schema in [
        ("/v2/bot/message/quota", "MessageQuotaResponse"),
        ("/v2/bot/message/quota/consumption", "QuotaConsumptionResponse"),
        (f"/v2/bot/profile/{USER}", "UserProfileResponse"),
    ]:
        assert line_schema_errors(schema, httpx.get(base + path, headers=auth).json()) == []


# ---- LINE webhook builders ------------------------------------------------------------------
def test_every_webhook_event_type_has_a_builder() -> None:
    event = specs.line_webhook_spec()["components"]["schemas"]["Event"]
    assert set(event["discriminator"]["mapping"]) == set(wh.LINE_EVENT_BUILDERS)
    content = specs.line_webhook_spec()["components"]["schemas"]["MessageContent"]
    assert set(content["discriminator"]["mapping"]) == set(wh.LINE_MESSAGE_BUILDERS)


BUILDERS = {
    **wh.LINE_EVENT_BUILDERS,
    **{f"message:{k}": v for k, v in wh.LINE_MESSAGE_BUILDERS.items()},
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_line_webhook_builders_valid_and_parsed_by_sdk(name: str) -> None:
    event = BUILDERS[name]()
    validate_line_webhook(wh.line_webhook_body(event))
    body, headers = wh.line_webhook_request(event, secret=LINE_CHANNEL_SECRET)
    parsed = WebhookParser(LINE_CHANNEL_SECRET).parse(body.decode(), headers["X-Line-Signature"])
    assert type(parsed[0]).__name__ != "UnknownEvent"
    assert parsed[0].type == event["type"]


def test_line_webhook_sources_and_empty_body() -> None:
    validate_line_webhook(wh.line_webhook_body())
    for source in (wh.line_source(group_id=wh.GROUP_ID), wh.line_source(room_id=wh.ROOM_ID)):
        validate_line_webhook(wh.line_webhook_body(wh.text_message_event(source=source)))


@pytest.mark.parametrize("field", ["webhookEventId", "deliveryContext", "mode", "timestamp"])
def test_line_webhook_validator_rejects_missing_common_field(field: str) -> None:
    body = wh.line_webhook_body(wh.text_message_event())
    del body["events"][0][field]
    assert line_webhook_errors(body)


def test_line_webhook_validator_rejects_bad_shapes() -> None:
    body = wh.line_webhook_body(wh.text_message_event())
    body["events"][0]["message"]["type"] = "txt"
    assert line_webhook_errors(body)
    body = wh.line_webhook_body(wh.LINE_EVENT_BUILDERS["follow"]())
    del body["events"][0]["follow"]
    assert line_webhook_errors(body)
    assert line_webhook_errors({"destination": "bot", "events": []})


def test_sign_line_matches_sdk_validator() -> None:
    body = b'{"destination":"x","events":[]}'
    signature = sign_line(body, "s3cret")
    WebhookParser("s3cret").parse(body.decode(), signature)
    with pytest.raises(Exception):  # noqa: B017 - InvalidSignatureError
        WebhookParser("other").parse(body.decode(), signature)


# ---- Telegram validators reject what Telegram rejects --------------------------------------
def button(**kw: Any) -> dict[str, Any]:
    return {"text": "ปุ่ม", **kw}


BAD_TELEGRAM_CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "unknown method": ("sendMesage", {"chat_id": 1, "text": "x"}),
    "missing chat_id": ("sendMessage", {"text": "x"}),
    "unknown parameter": ("sendMessage", {"chat_id": 1, "text": "x", "txt": "y"}),
    "chat_id float": ("sendMessage", {"chat_id": 1.5, "text": "x"}),
    "text not a string": ("sendMessage", {"chat_id": 1, "text": 5}),
    "bool as string": ("sendMessage", {"chat_id": 1, "text": "x", "disable_notification": "no"}),
    "text over 4096": ("sendMessage", {"chat_id": 1, "text": "ก" * 4097}),
    "empty text": ("sendMessage", {"chat_id": 1, "text": ""}),
    "callback_data 65 bytes": (
        "sendMessage",
        {
            "chat_id": 1,
            "text": "x",
            "reply_markup": {"inline_keyboard": [[button(callback_data="x" * 65)]]},
        },
    ),
    "callback_data 22 Thai chars is 66 bytes": (
        "sendMessage",
        {
            "chat_id": 1,
            "text": "x",
            "reply_markup": {"inline_keyboard": [[button(callback_data="ก" * 22)]]},
        },
    ),
    "button with no kind": (
        "sendMessage",
        {"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [[button()]]}},
    ),
    "keyboard not nested twice": (
        "sendMessage",
        {"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [button(url="https://a")]}},
    ),
    "bad parse_mode": ("sendMessage", {"chat_id": 1, "text": "x", "parse_mode": "markdown2"}),
    "answer text over 200": ("answerCallbackQuery", {"callback_query_id": "1", "text": "x" * 201}),
    "webhook on port 8080": ("setWebhook", {"url": "https://example.com:8080/hook"}),
    "webhook over http": ("setWebhook", {"url": "http://example.com/hook"}),
    "unknown chat action": ("sendChatAction", {"chat_id": 1, "action": "dancing"}),
}


TELEGRAM_REASONS = {
    "unknown method": "not a Bot API method",
    "missing chat_id": "chat_id: required",
    "unknown parameter": "unknown parameter 'txt'",
    "chat_id float": "chat_id: expected Integer or String",
    "text not a string": "text: expected String",
    "bool as string": "disable_notification: expected Boolean",
    "text over 4096": "text: 4097 characters",
    "empty text": "text: 0 characters",
    "callback_data 65 bytes": "callback_data: 65 bytes",
    "callback_data 22 Thai chars is 66 bytes": "callback_data: 66 bytes",
    "button with no kind": "exactly one of the button kinds",
    "keyboard not nested twice": "inline_keyboard/0: expected Array of InlineKeyboardButton",
    "bad parse_mode": "parse_mode",
    "answer text over 200": "text: 201 characters",
    "webhook on port 8080": "port must be one of",
    "webhook over http": "must be HTTPS",
    "unknown chat action": "not a chat action",
}


@pytest.mark.parametrize("case", sorted(BAD_TELEGRAM_CALLS))
def test_telegram_validator_rejects(case: str) -> None:
    method, params = BAD_TELEGRAM_CALLS[case]
    with pytest.raises(SpecViolation) as caught:
        validate_telegram_call(method, params)
    assert any(TELEGRAM_REASONS[case] in e for e in caught.value.errors), caught.value.errors


def test_telegram_validator_accepts_good_calls() -> None:
    markup = {"inline_keyboard": [[button(callback_data="x" * 64), button(url="https://e.x")]]}
    validate_telegram_call(
        "sendMessage", {"chat_id": 1, "text": "ก" * 4096, "reply_markup": markup}
    )
    html = "<b>" + "ก" * 4096 + "</b>"
    validate_telegram_call("sendMessage", {"chat_id": "@chan", "text": html, "parse_mode": "HTML"})
    validate_telegram_call("setWebhook", {"url": "https://example.com:8443/hook"})
    validate_telegram_call("getMe", {})


def test_telegram_fake_rejects_over_http(fake_telegram: FakeTelegramServer) -> None:
    base = f"{fake_telegram.api_base_url}{TELEGRAM_TOKEN}"
    markup = json.dumps({"inline_keyboard": [[button(callback_data="x" * 65)]]})
    form = {"chat_id": "1", "text": "x", "reply_markup": markup}
    response = httpx.post(f"{base}/sendMessage", data=form)
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert "callback_data" in response.json()["description"]
    assert httpx.post(f"{base}/sendMessage", json={"text": "x"}).status_code == 400
    assert httpx.post(f"{base}/sendMesage", json={"chat_id": 1}).status_code == 404
    assert httpx.post(f"{fake_telegram.api_base_url}bad-token/getMe").status_code == 404
    assert len(fake_telegram.take_errors()) == 4
    assert fake_telegram.calls == []


# ---- python-telegram-bot against the fake ---------------------------------------------------
def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_ptb_calls_accepted(fake_telegram: FakeTelegramServer) -> None:
    fake_telegram.add_file("FILE-1", b"evidence", "documents/evidence.pdf")

    async def scenario() -> None:
        async with telegram_bot(fake_telegram) as bot:
            keyboard = InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton("ส่งแล้ว", callback_data="measure:1:done")],
                    [InlineKeyboardButton("เปิดคู่มือ", url="https://example.com/ita")],
                ]
            )
            message = await bot.send_message(
                chat_id=wh.tg_user()["id"],
                text="<b>มาตรการ ITA</b> ข้อ 1",
                parse_mode="HTML",
                reply_markup=keyboard,
            )
            assert message.reply_markup == keyboard
            assert await bot.answer_callback_query("4000000000000001", text="บันทึกแล้ว")
            edited = await bot.edit_message_text(
                "ส่งแล้ว ✅", chat_id=message.chat_id, message_id=message.message_id
            )
            assert edited.edit_date is not None
            # editMessageText without reply_markup dropped the keyboard; put one back
            await bot.edit_message_reply_markup(
                chat_id=message.chat_id, message_id=message.message_id, reply_markup=keyboard
            )
            assert await bot.send_chat_action(message.chat_id, "typing")
            await bot.send_photo(message.chat_id, b"\x89PNG", caption="รูป")
            await bot.send_document(message.chat_id, b"%PDF-1.4", filename="r.pdf")
            hook = "https://bot.example.com/telegram/webhook"
            assert await bot.set_webhook(hook, secret_token="s3cret", allowed_updates=["message"])
            assert (await bot.get_webhook_info()).url == hook
            assert await bot.delete_webhook()
            file = await bot.get_file("FILE-1")
            assert bytes(await file.download_as_bytearray()) == b"evidence"

    run(scenario())
    methods = [c.method for c in fake_telegram.calls]
    assert methods[:3] == ["getMe", "sendMessage", "answerCallbackQuery"]
    assert fake_telegram.texts_to(wh.tg_user()["id"]) == ["<b>มาตรการ ITA</b> ข้อ 1"]
    assert fake_telegram.answered_callback_queries() == ["4000000000000001"]
    assert fake_telegram.calls_to("sendDocument")[0].files["document"].data == b"%PDF-1.4"
    assert fake_telegram.errors == []


def test_ptb_results_are_valid_api_objects(fake_telegram: FakeTelegramServer) -> None:
    async def scenario() -> None:
        async with telegram_bot(fake_telegram) as bot:
            await bot.send_message(-1001234567890, "กลุ่ม")

    run(scenario())
    assert telegram_object_errors("User", fake_telegram.calls[0].result) == []
    assert telegram_object_errors("Message", fake_telegram.calls[1].result) == []


def test_ptb_bad_callback_data_rejected(fake_telegram: FakeTelegramServer) -> None:
    async def scenario() -> None:
        async with telegram_bot(fake_telegram) as bot:
            keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="x" * 65)]])
            with pytest.raises(BadRequest, match="callback_data"):
                await bot.send_message(1, "x", reply_markup=keyboard)

    run(scenario())
    assert len(fake_telegram.take_errors()) == 1


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_ptb_injected_429_and_drop(fake_telegram: FakeTelegramServer) -> None:
    async def scenario() -> None:
        async with telegram_bot(fake_telegram) as bot:
            fake_telegram.fail_next(1, "sendMessage", error_code=429, retry_after=7)
            with pytest.raises(RetryAfter) as caught:
                await bot.send_message(1, "x")
            assert "7" in str(caught.value)
            fake_telegram.drop_next(1, "sendMessage")
            with pytest.raises(NetworkError):
                await bot.send_message(1, "sent but unanswered")

    run(scenario())
    assert fake_telegram.texts_to(1) == ["sent but unanswered"]
    assert fake_telegram.errors == []


def test_per_chat_rate_tracking() -> None:
    # A window far longer than three posts take, even on a loaded machine (it only records).
    with FakeTelegramServer(min_interval=30) as fake:
        base = f"{fake.api_base_url}{TELEGRAM_TOKEN}"
        httpx.post(f"{base}/sendMessage", json={"chat_id": 1, "text": "a"})
        httpx.post(f"{base}/sendMessage", json={"chat_id": 2, "text": "b"})
        assert fake.rate_violations() == []
        httpx.post(f"{base}/sendMessage", json={"chat_id": 1, "text": "c"})
        assert [chat for chat, _ in fake.rate_violations()] == ["1"]
        assert len(fake.send_times(1)) == 2
    with FakeTelegramServer(enforce_rate=True, min_interval=0.2) as fake:
        base = f"{fake.api_base_url}{TELEGRAM_TOKEN}"
        assert httpx.post(f"{base}/sendMessage", json={"chat_id": 1, "text": "a"}).is_success
        refused = httpx.post(f"{base}/sendMessage", json={"chat_id": 1, "text": "b"})
        assert refused.status_code == 429
        assert refused.json()["parameters"]["retry_after"] == 1
        time.sleep(0.25)
        assert httpx.post(f"{base}/sendMessage", json={"chat_id": 1, "text": "c"}).is_success
        assert fake.rate_violations() == []


# ---- Telegram update builders ---------------------------------------------------------------
@pytest.mark.parametrize("kind", wh.tg_update_kinds())
def test_every_update_kind_valid_and_parsed_by_ptb(kind: str) -> None:
    update = wh.tg_update(kind)
    validate_telegram_update(update)
    parsed = Update.de_json(copy.deepcopy(update), None)
    assert parsed is not None and parsed.update_id == update["update_id"]


def test_explicit_update_builders_valid() -> None:
    for update in (
        wh.tg_message_update("/start"),
        wh.tg_callback_query_update("measure:1:done"),
        wh.tg_my_chat_member_update("kicked", "member"),
        wh.tg_channel_post_update(),
        wh.tg_edited_message_update(),
    ):
        assert telegram_update_errors(update) == []


def test_update_validator_rejects_bad_updates() -> None:
    update = wh.tg_message_update()
    del update["message"]["chat"]
    assert telegram_update_errors(update)
    update = wh.tg_callback_query_update()
    update["callback_query"]["from"]["id"] = "12"
    assert telegram_update_errors(update)
    update = wh.tg_my_chat_member_update()
    update["my_chat_member"]["new_chat_member"]["status"] = "boss"
    assert telegram_update_errors(update)
    two = {**wh.tg_message_update(), "edited_message": wh.tg_message()}
    assert telegram_update_errors(two)
