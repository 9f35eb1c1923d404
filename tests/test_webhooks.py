"""The webhook endpoints through the Flask test client, with both platforms on the fakes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from bot.app.runtime import build_runtime
from bot.chat.messages import Kind, Option, Text
from bot.store.redis_store import RedisStore
from bot.web import create_app
from bot.web.webhooks import register
from tests.fakes import LINE_CHANNEL_SECRET, FakeLineServer, FakeTelegramServer, sign_line
from tests.fakes import webhooks as wh
from tests.fakes.fixtures import serve_line, serve_telegram
from tests.fakes.tg_updates import CHAT_ID
from tests.platform_helpers import TELEGRAM_SECRET, EchoCore, make_app, platform_config

pytestmark = pytest.mark.store
USED_LINE = {"message", "postback", "follow", "join"}
TG_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture
def fake_line() -> Iterator[FakeLineServer]:
    yield from serve_line()


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegramServer]:
    yield from serve_telegram()


@pytest.fixture
def core() -> EchoCore:
    return EchoCore()


@pytest.fixture
def app(
    fake_line: FakeLineServer, fake_telegram: FakeTelegramServer, store: RedisStore, core: EchoCore
) -> Flask:
    return make_app(platform_config(fake_line, fake_telegram), store, core)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def post_line(client: FlaskClient, *events: dict[str, Any]) -> Any:
    body, headers = wh.line_webhook_request(*events, secret=LINE_CHANNEL_SECRET)
    return client.post("/webhooks/line", data=body, headers=headers)


def post_raw_line(client: FlaskClient, body: bytes, signature: str | None = "sign") -> Any:
    headers = {"Content-Type": "application/json"}
    if signature == "sign":
        signature = sign_line(body, LINE_CHANNEL_SECRET)
    if signature is not None:
        headers["X-Line-Signature"] = signature
    return client.post("/webhooks/line", data=body, headers=headers)


def post_telegram(client: FlaskClient, update: Any, secret: str | None = TELEGRAM_SECRET) -> Any:
    headers = {TG_HEADER: secret} if secret is not None else {}
    body = update if isinstance(update, bytes) else json.dumps(update, ensure_ascii=False)
    return client.post("/webhooks/telegram", data=body, headers=headers)


# ---- LINE -----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(wh.LINE_EVENT_BUILDERS))
def test_every_line_event_type_gets_200(
    client: FlaskClient, fake_line: FakeLineServer, core: EchoCore, kind: str
) -> None:
    event = wh.LINE_EVENT_BUILDERS[kind]()
    answer = post_line(client, event)
    assert answer.status_code == 200
    if kind in USED_LINE:
        [reply] = fake_line.replies()
        assert reply.json["replyToken"] == event["replyToken"]
        assert reply.texts[0].startswith("echo: ")
        assert core.seen[0].event_id == event["webhookEventId"]
    else:
        assert fake_line.calls == [] and core.seen == []
    fake_line.assert_no_errors()


@pytest.mark.parametrize("kind", sorted(wh.LINE_MESSAGE_BUILDERS))
def test_every_line_message_type_gets_200(
    client: FlaskClient, fake_line: FakeLineServer, core: EchoCore, kind: str
) -> None:
    assert post_line(client, wh.LINE_MESSAGE_BUILDERS[kind]()).status_code == 200
    answered = kind not in ("location", "sticker")
    assert len(fake_line.replies()) == int(answered) == len(core.seen)
    fake_line.assert_no_errors()


def test_one_batch_many_events(
    client: FlaskClient, fake_line: FakeLineServer, core: EchoCore
) -> None:
    core.fail_on = "พัง"
    events = [wh.text_message_event("หนึ่ง"), wh.text_message_event("พัง"), wh.postback_event()]
    assert post_line(client, *events).status_code == 200
    assert [i.text or i.data for i in core.seen] == ["หนึ่ง", "พัง", "action=menu"]
    assert [r.texts[0] for r in fake_line.replies()] == ["echo: หนึ่ง", "echo: action=menu"]


def test_line_connectivity_check(client: FlaskClient, fake_line: FakeLineServer) -> None:
    assert post_line(client).status_code == 200
    assert fake_line.calls == []


@pytest.mark.parametrize("signature", [None, "", "bm90IHRoZSBzaWduYXR1cmU="])
def test_forged_or_missing_signature(
    client: FlaskClient,
    fake_line: FakeLineServer,
    core: EchoCore,
    redis_client: redis.Redis,
    caplog: pytest.LogCaptureFixture,
    signature: str | None,
) -> None:
    body, _ = wh.line_webhook_request(wh.text_message_event("ความลับ"), secret=LINE_CHANNEL_SECRET)
    answer = post_raw_line(client, body, signature)
    assert answer.status_code == 400 and len(answer.data) < 100
    assert core.seen == [] and fake_line.calls == []
    assert redis_client.dbsize() == 0
    assert "ความลับ" not in caplog.text


def test_signed_with_another_secret(client: FlaskClient, core: EchoCore) -> None:
    body, headers = wh.line_webhook_request(wh.text_message_event(), secret="another-secret")
    assert client.post("/webhooks/line", data=body, headers=headers).status_code == 400
    assert core.seen == []


def test_duplicate_event_handled_once(
    client: FlaskClient, fake_line: FakeLineServer, core: EchoCore
) -> None:
    event = wh.text_message_event("ส่งซ้ำ")
    assert post_line(client, event).status_code == 200
    again = {**event, "replyToken": wh.reply_token(), "deliveryContext": {"isRedelivery": True}}
    assert post_line(client, again).status_code == 200
    assert len(core.seen) == 1 and len(fake_line.replies()) == 1


def test_standby_ignored(client: FlaskClient, fake_line: FakeLineServer, core: EchoCore) -> None:
    assert post_line(client, wh.text_message_event(mode="standby")).status_code == 200
    assert core.seen == [] and fake_line.calls == []


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"events": {}}', b"[]", b'"events"', b"\xff\xfe", b""],
)
def test_malformed_line_bodies(client: FlaskClient, core: EchoCore, body: bytes) -> None:
    answer = post_raw_line(client, body)
    assert answer.status_code == 400 and len(answer.data) < 100
    assert core.seen == []


def test_too_large_body(client: FlaskClient, core: EchoCore) -> None:
    body = json.dumps({"events": [], "pad": "x" * int(1.1 * 1024 * 1024)}).encode()
    answer = post_raw_line(client, body)
    assert answer.status_code == 413 and len(answer.data) < 100
    assert core.seen == []


def test_more_choices_and_expired_payloads(
    client: FlaskClient, fake_line: FakeLineServer, core: EchoCore, redis_client: redis.Redis
) -> None:
    core.answers["เมนู"] = [Text("เลือก", tuple(Option(f"ข้อ {i}", f"m:{i}") for i in range(20)))]
    post_line(client, wh.text_message_event("เมนู"))
    items = fake_line.replies()[0].messages[0]["quickReply"]["items"]
    more = items[-1]["action"]["data"]
    post_line(client, wh.postback_event(more))
    assert len(core.seen) == 1  # the adapter served the next page itself
    page = fake_line.replies()[1].messages[0]["quickReply"]["items"]
    assert [i["action"]["data"] for i in page] == [f"m:{i}" for i in range(12, 20)]
    redis_client.delete(*redis_client.scan_iter(match="ita:payload:*"))  # every master
    post_line(client, wh.postback_event(more))
    assert core.seen[-1].kind is Kind.CHOICE and core.seen[-1].data == ""
    assert fake_line.replies()[-1].texts == ["echo: expired"]


def test_long_answers_fit_line_limits(
    client: FlaskClient, fake_line: FakeLineServer, core: EchoCore
) -> None:
    core.answers["ยาว"] = [Text("\n".join(["มาตรการ " * 50] * 60))] * 3
    assert post_line(client, wh.text_message_event("ยาว")).status_code == 200
    assert len(fake_line.replies()[0].messages) <= 5
    fake_line.assert_no_errors()


# ---- Telegram -------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", wh.tg_update_kinds())
def test_every_telegram_update_kind_gets_200(
    client: FlaskClient,
    fake_telegram: FakeTelegramServer,
    core: EchoCore,
    caplog: pytest.LogCaptureFixture,
    kind: str,
) -> None:
    assert post_telegram(client, wh.tg_update(kind)).status_code == 200
    if kind in ("message", "callback_query"):
        assert fake_telegram.texts_to(CHAT_ID)[0].startswith("echo: ")
        assert len(core.seen) == 1
    else:
        assert core.seen == [] and fake_telegram.sent_messages() == []
    assert "failed" not in caplog.text
    fake_telegram.assert_no_errors()


def test_callback_query_answered_and_replied(
    client: FlaskClient, fake_telegram: FakeTelegramServer, core: EchoCore
) -> None:
    update = wh.tg_callback_query_update("answer:yes")
    assert post_telegram(client, update).status_code == 200
    assert fake_telegram.answered_callback_queries() == [update["callback_query"]["id"]]
    [sent] = fake_telegram.calls_to("sendMessage")
    assert sent.params["text"] == "echo: answer:yes"
    buttons = [row[0]["callback_data"] for row in sent.params["reply_markup"]["inline_keyboard"]]
    assert buttons == ["answer:yes", "answer:no"]


@pytest.mark.parametrize("secret", [None, "", "wrong", TELEGRAM_SECRET + " "])
def test_wrong_or_missing_secret(
    client: FlaskClient,
    fake_telegram: FakeTelegramServer,
    core: EchoCore,
    redis_client: redis.Redis,
    secret: str | None,
) -> None:
    answer = post_telegram(client, wh.tg_message_update("ความลับ"), secret)
    assert answer.status_code == 403
    assert core.seen == [] and fake_telegram.calls == [] and redis_client.dbsize() == 0


def test_duplicate_update_handled_once(
    client: FlaskClient, fake_telegram: FakeTelegramServer, core: EchoCore
) -> None:
    update = wh.tg_message_update("ส่งซ้ำ")
    assert post_telegram(client, update).status_code == 200
    assert post_telegram(client, update).status_code == 200
    assert len(core.seen) == 1 and fake_telegram.texts_to(CHAT_ID) == ["echo: ส่งซ้ำ"]


@pytest.mark.parametrize(
    "body", [b"{not json", b"[]", b"{}", b'{"update_id": "1"}', b'{"update_id": true}', b""]
)
def test_malformed_telegram_bodies(client: FlaskClient, core: EchoCore, body: bytes) -> None:
    answer = post_telegram(client, body)
    assert answer.status_code == 400 and len(answer.data) < 100
    assert core.seen == []


def test_unreadable_update_is_200(client: FlaskClient, core: EchoCore) -> None:
    assert post_telegram(client, {"update_id": 5, "message": {"text": "no ids"}}).status_code == 200
    assert core.seen == []


def test_telegram_long_answer_split(
    client: FlaskClient, fake_telegram: FakeTelegramServer, core: EchoCore
) -> None:
    core.answers["ยาว"] = [Text("\n".join(["รายงาน " * 40] * 40), (Option("ต่อ", "next"),))]
    assert post_telegram(client, wh.tg_message_update("ยาว")).status_code == 200
    texts = fake_telegram.texts_to(CHAT_ID)
    assert len(texts) == 3 and all(len(t) <= 4096 for t in texts)


def test_telegram_without_secret_configured_refuses(
    fake_telegram: FakeTelegramServer, store: RedisStore, core: EchoCore
) -> None:
    config = platform_config(telegram=fake_telegram).with_overrides(telegram_secret_token="")
    client = make_app(config, store, core).test_client()
    assert post_telegram(client, wh.tg_message_update(), "").status_code == 403
    assert post_telegram(client, wh.tg_message_update(), None).status_code == 403


def test_real_core_answers_on_both_platforms(
    fake_line: FakeLineServer, fake_telegram: FakeTelegramServer, store: RedisStore
) -> None:
    app = create_app(build_runtime(platform_config(fake_line, fake_telegram), store))
    register(app, lambda: app.extensions["ita"].core)
    client = app.test_client()
    assert post_line(client, wh.text_message_event("สวัสดี")).status_code == 200
    assert post_telegram(client, wh.tg_message_update("/start ABCD1234")).status_code == 200
    assert len(fake_line.replies()) == 1 and len(fake_telegram.texts_to(CHAT_ID)) == 1
