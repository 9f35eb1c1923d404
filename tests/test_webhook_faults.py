"""Issue 9: nobody without a chat id, store failures, dead claims and malformed input.

Each test here failed on the code before the fix it names.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask

from bot.app.runtime import build_runtime
from bot.demo import ensure_demo
from bot.domain.file_links import file_url
from bot.domain.model import Role
from bot.store import keys as k
from bot.store.invites import create_invite
from bot.store.redis_store import RedisStore
from bot.web import create_app
from tests.fakes import FakeLineServer, FakeTelegramServer, sign_line
from tests.fakes import webhooks as wh
from tests.fakes.tg_updates import tg_callback_query_update, tg_message, tg_message_update, tg_user
from tests.platform_helpers import TELEGRAM_SECRET, platform_config

pytestmark = pytest.mark.store
GROUP = "C" + "a" * 32
ANONYMOUS_ADMIN = 1087968824


@pytest.fixture()
def app(
    store: RedisStore, fake_line: FakeLineServer, fake_telegram: FakeTelegramServer, tmp_path: Path
) -> Flask:
    ensure_demo(store, today=date(2026, 11, 21))
    config = platform_config(fake_line, fake_telegram).with_overrides(data_dir=tmp_path)
    return create_app(build_runtime(config, store))


def post_line(app: Flask, *events: dict[str, Any]) -> Any:
    body, headers = wh.line_webhook_request(
        *events, secret=app.extensions["ita"].config.line_channel_secret
    )
    return app.test_client().post("/webhooks/line", data=body, headers=headers)


def post_telegram(app: Flask, update: dict[str, Any] | bytes) -> Any:
    body = update if isinstance(update, bytes) else json.dumps(update, ensure_ascii=False)
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    return app.test_client().post("/webhooks/telegram", data=body, headers=headers)


def identities(store: RedisStore) -> list[bytes]:
    return sorted(store.r.scan_iter("ita:user:*:identity"))


# ---- defect 1: people with no chat id never share one identity --------------------------------
def test_a_line_group_message_without_user_id_binds_nothing(
    app: Flask, store: RedisStore, fake_line: FakeLineServer
) -> None:
    people_before = {p.id for p in store.people("demo")}
    identities_before = identities(store)
    code = create_invite(store, "demo", Role.SECRETARY).code
    anonymous = wh.line_source(None, group_id=GROUP)
    assert post_line(app, wh.text_message_event(code, source=anonymous)).status_code == 200
    assert post_line(app, wh.text_message_event("เชิญ กองคลัง", source=anonymous)).status_code == 200
    assert {p.id for p in store.people("demo")} == people_before
    assert identities(store) == identities_before
    assert store.r.get(k.IDENTITY.format(platform="line", user="")) is None
    assert store.r.hget(k.INVITE.format(code=code), "uses_left") == b"1"  # not used up
    texts = [m["text"] for r in fake_line.replies() for m in r.json["messages"]]
    assert texts and all("แชตส่วนตัว" in text for text in texts)


@pytest.mark.parametrize(
    "sender",
    [
        {"from": tg_user(ANONYMOUS_ADMIN, "Group", is_bot=True, username="GroupAnonymousBot")},
        {"from": tg_user(5555, "ผู้ดูแล"), "sender_chat": {"id": -1001234, "type": "supergroup"}},
        {"from": tg_user(6666, "บอทอื่น", is_bot=True)},
    ],
    ids=["anonymous-admin", "sender-chat", "bot"],
)
def test_telegram_senders_who_are_not_one_person_bind_nothing(
    app: Flask, store: RedisStore, fake_telegram: FakeTelegramServer, sender: dict[str, Any]
) -> None:
    people_before = {p.id for p in store.people("demo")}
    code = create_invite(store, "demo", Role.SECRETARY).code
    for group in (-100111, -100222):  # the same "user" from two groups
        message = tg_message(f"/start {code}", chat_id=group, **sender)
        assert post_telegram(app, {"update_id": abs(group), "message": message}).status_code == 200
    assert {p.id for p in store.people("demo")} == people_before
    assert store.r.hget(k.INVITE.format(code=code), "uses_left") == b"1"
    assert store.r.get(k.IDENTITY.format(platform="telegram", user="")) is None
    assert all("แชตส่วนตัว" in text for text in fake_telegram.texts_to(-100111))


def test_a_telegram_bot_pressing_a_button_changes_nothing(
    app: Flask, store: RedisStore, fake_telegram: FakeTelegramServer
) -> None:
    update = tg_callback_query_update("menu:my")
    update["callback_query"]["from"] = tg_user(6666, "บอทอื่น", is_bot=True)
    assert post_telegram(app, update).status_code == 200
    assert not store.r.exists(k.CONVERSATION_LOCK.format(platform="telegram", user="6666"))


# ---- defect 2: 2xx only when the event was handled ---------------------------------------------
def dead_store_app(tmp_path: Path, fake_line: FakeLineServer, fake_tg: FakeTelegramServer) -> Flask:
    """The app with Redis unreachable (a port nothing listens on)."""
    down = RedisStore(redis.Redis(port=1, socket_connect_timeout=0.2))
    config = platform_config(fake_line, fake_tg).with_overrides(data_dir=tmp_path)
    return create_app(build_runtime(config, down))


def test_line_webhook_with_redis_down_asks_line_to_redeliver(
    tmp_path: Path, fake_line: FakeLineServer, fake_telegram: FakeTelegramServer
) -> None:
    app = dead_store_app(tmp_path, fake_line, fake_telegram)
    answer = post_line(app, wh.text_message_event("งานของฉัน"))
    assert answer.status_code == 503
    assert fake_line.replies() == []


def test_telegram_webhook_with_redis_down_asks_telegram_to_retry(
    tmp_path: Path, fake_line: FakeLineServer, fake_telegram: FakeTelegramServer
) -> None:
    app = dead_store_app(tmp_path, fake_line, fake_telegram)
    assert post_telegram(app, tg_message_update("งานของฉัน")).status_code == 503


def test_a_store_failure_mid_step_is_retried_and_saved_once(
    app: Flask, store: RedisStore, fake_line: FakeLineServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    me = wh.line_source("U" + "2" * 32)
    code = create_invite(store, "demo", Role.STAFF, "กองคลัง").code
    assert post_line(app, wh.text_message_event(code, source=me)).status_code == 200
    measure = store.measures_of_division("demo", "กองคลัง")[0]
    number, before = measure.number, len(store.reports("demo", measure.id))
    event = wh.text_message_event(f"รายงาน {number} กำลังทำ 30% จัดประชุมแล้ว", source=me)
    conversations = app.extensions["ita"].core.conversations
    real_save = conversations.save

    def lost_connection(*args: object) -> None:
        raise redis.ConnectionError("Redis went away during the commit")

    monkeypatch.setattr(conversations, "save", lost_connection)
    assert post_line(app, event).status_code == 503
    key = k.DEDUPE.format(platform="line", event=event["webhookEventId"])
    assert store.r.get(key) is None  # the claim was released: the redelivery is handled
    monkeypatch.setattr(conversations, "save", real_save)
    redelivered = {**event, "replyToken": wh.reply_token()}
    assert post_line(app, redelivered).status_code == 200
    assert post_line(app, {**event, "replyToken": wh.reply_token()}).status_code == 200
    assert len(store.reports("demo", measure.id)) == before + 1


def test_a_claim_left_by_a_dead_worker_does_not_swallow_the_redelivery(
    app: Flask, store: RedisStore, fake_line: FakeLineServer
) -> None:
    event = wh.text_message_event("ช่วยเหลือ", source=wh.line_source("U" + "3" * 32))
    key = k.DEDUPE.format(platform="line", event=event["webhookEventId"])
    store.r.set(key, "taken", ex=120)  # a worker claimed it, then was killed
    assert post_line(app, event).status_code == 503  # not "already handled"
    store.r.delete(key)  # the claim expires
    assert post_line(app, {**event, "replyToken": wh.reply_token()}).status_code == 200
    assert store.r.get(key) == b"done"


# ---- defect 6: malformed input ----------------------------------------------------------------
def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deeply_nested_signed_json_is_a_400(app: Flask) -> None:
    secret = app.extensions["ita"].config.line_channel_secret
    for body in (
        f'{{"destination":"U1","events":{nested(100_000)}}}'.encode(),
        f'{{"destination":"U1","events":[{{"type":"message","x":{nested(40)}}}]}}'.encode(),
    ):
        headers = {"X-Line-Signature": sign_line(body, secret)}
        answer = app.test_client().post("/webhooks/line", data=body, headers=headers)
        assert answer.status_code == 400
    deep = f'{{"update_id": 5, "message": {nested(100_000)}}}'.encode()
    assert post_telegram(app, deep).status_code == 400


@pytest.mark.parametrize(
    "what",
    [
        {"kind": "report", "org": "demo", "year": 2026, "month": 13},
        {"kind": "report", "org": "demo", "year": "สองพัน", "month": 3},
        {"kind": "report", "org": "demo", "year": 2026, "month": 3, "period": "weekly"},
        {"kind": "report", "org": "demo", "year": 2026},
        {"kind": "chart", "org": "demo", "month": 3},
        {"kind": "chart", "org": "demo", "year": 2031, "month": 3},  # not started
        {"kind": "chart", "org": "demo", "year": 2026, "month": 3, "by": "person"},
        {"kind": "movie", "org": "demo", "year": 2026, "month": 3},
        {"org": "demo", "year": 2026, "month": 3},
    ],
)
def test_every_malformed_file_link_is_a_404(app: Flask, what: dict[str, Any]) -> None:
    url = file_url(app.extensions["ita"].config, **what)
    answer = app.test_client().get(url.replace("https://bot.example.org", ""))
    assert answer.status_code == 404


def test_an_event_arriving_while_the_persons_step_runs_is_delivered_again(
    app: Flask, store: RedisStore, fake_line: FakeLineServer
) -> None:
    me = wh.line_source("U" + "4" * 32)
    code = create_invite(store, "demo", Role.STAFF, "กองคลัง").code
    assert post_line(app, wh.text_message_event(code, source=me)).status_code == 200
    lock = k.CONVERSATION_LOCK.format(platform="line", user=me["userId"])
    store.r.set(lock, "another-step", px=60_000)  # a step of this person is still running
    event = wh.text_message_event("งานของฉัน", source=me)
    replies = len(fake_line.replies())
    assert post_line(app, event).status_code == 503  # not a "busy" text answered 200
    assert len(fake_line.replies()) == replies
    key = k.DEDUPE.format(platform="line", event=event["webhookEventId"])
    assert store.r.get(key) is None  # its claim was released for the redelivery
    store.r.delete(lock)
    assert post_line(app, {**event, "replyToken": wh.reply_token()}).status_code == 200
    assert store.r.get(key) == b"done"


@pytest.mark.single_server(
    "redis-py's RedisCluster reads the slot map when it is built: on a cluster a web worker "
    "needs one reachable node to boot (gunicorn restarts it until one answers)"
)
def test_a_web_worker_boots_while_redis_is_down_and_answers_503(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import importlib

    for name, value in {
        "BOT_ENV": "production",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "BOT_SECRET_KEY": "s",
        "BOT_DATA_DIR": str(tmp_path),
        "LINE_CHANNEL_SECRET": "line-secret",
        "LINE_CHANNEL_ACCESS_TOKEN": "t",
    }.items():
        monkeypatch.setenv(name, value)
    import bot.app.wsgi

    wsgi = importlib.reload(bot.app.wsgi)  # importing builds nothing: gunicorn calls the factory
    assert not hasattr(wsgi, "app")
    body, headers = wh.line_webhook_request(wh.text_message_event("ช่วยเหลือ"), secret="line-secret")
    app = wsgi.create_app()  # as gunicorn does in each forked worker
    answer = app.test_client().post("/webhooks/line", data=body, headers=headers)
    assert answer.status_code == 503


def test_every_deployment_file_starts_gunicorn_with_the_app_factory() -> None:
    from bot.app.wsgi import ENTRY_POINT

    root = Path(__file__).resolve().parents[1]
    for name in ("Procfile", "Dockerfile", "gunicorn.conf.py", "docs/operations.md"):
        text = (root / name).read_text(encoding="utf-8")
        assert ENTRY_POINT in text, name
        assert "bot.app.wsgi:app" not in text, name


def test_a_dead_worker_s_claim_outlives_a_step_but_not_the_platform_s_retries() -> None:
    from bot.chat.state import LOCK_MS
    from bot.store.events import CLAIM_SECONDS

    # Longer than a live step may hold its person, short enough that a redelivery a few
    # tens of seconds after a SIGKILL is handled rather than answered 503 again.
    assert LOCK_MS / 1000 < CLAIM_SECONDS <= 30
