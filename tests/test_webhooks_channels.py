"""Organisations' own channels on one app: /webhooks/<platform>/<channel> (issue 11).

Two organisations, each with its own LINE Official Account and Telegram bot, served by one
deployment through the fakes (which check every call against ../shared/specs).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.chat.messages import Platform
from bot.store.channel_record import ChannelRecord, new_channel
from bot.store.channels import ChannelStore, channel_store
from bot.store.redis_store import RedisStore
from tests.fakes import FakeLineServer, FakeTelegramServer
from tests.fakes import tg_updates as tg
from tests.fakes import webhooks as wh
from tests.platform_helpers import EchoCore, make_app, platform_config

pytestmark = pytest.mark.store
pytest_plugins = ["tests.fakes.fixtures"]

TG_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture
def core() -> EchoCore:
    return EchoCore()


@pytest.fixture
def app(
    fake_line: FakeLineServer, fake_telegram: FakeTelegramServer, store: RedisStore, core: EchoCore
) -> Flask:
    return make_app(platform_config(fake_line, fake_telegram), store, core)


@pytest.fixture
def channels(app: Flask) -> ChannelStore:
    services = app.extensions["ita"]
    return channel_store(services.config, services.store)


def _connect(channels: ChannelStore, org: str, platform: Platform, n: int) -> ChannelRecord:
    if platform is Platform.LINE:
        record = new_channel(org, platform, f"secret-of-{org}-{n:02d}", f"token-of-{org}")
    else:
        record = new_channel(
            org, platform, f"tg-secret-{org}", f"{700 + n}:AAH{org}token0123456789abcdefghij",
            bot_id=str(700 + n),
        )  # fmt: skip
    channels.save(record)
    return record


def post_line(client: FlaskClient, record: ChannelRecord, secret: str, *events: Any) -> Any:
    body, headers = wh.line_webhook_request(*events, secret=secret)
    return client.post(record.webhook_path, data=body, headers=headers)


def test_each_channel_is_verified_with_its_own_secret_and_replies_with_its_token(
    app: Flask, channels: ChannelStore, core: EchoCore, fake_line: FakeLineServer
) -> None:
    a = _connect(channels, "org-a", Platform.LINE, 1)
    b = _connect(channels, "org-b", Platform.LINE, 2)
    client = app.test_client()
    assert post_line(client, a, a.secret, wh.text_message_event("จาก ก")).status_code == 200
    assert post_line(client, b, b.secret, wh.text_message_event("จาก ข")).status_code == 200
    replies = [c for c in fake_line.calls if c.path.endswith("/message/reply")]
    tokens = [c.headers.get("authorization") or c.headers.get("Authorization") for c in replies]
    assert tokens == [f"Bearer {a.token}", f"Bearer {b.token}"]
    assert [i.text for i in core.seen] == ["จาก ก", "จาก ข"]


def test_an_event_signed_for_another_channel_is_refused_and_changes_nothing(
    app: Flask, channels: ChannelStore, core: EchoCore, fake_line: FakeLineServer, store: RedisStore
) -> None:
    a = _connect(channels, "org-a", Platform.LINE, 1)
    b = _connect(channels, "org-b", Platform.LINE, 2)
    before = sorted(store.r.scan_iter("*"))
    answer = post_line(app.test_client(), a, b.secret, wh.text_message_event("ปลอม"))
    assert answer.status_code in (400, 401, 403)
    env = post_line(app.test_client(), a, app.extensions["ita"].config.line_channel_secret,
                    wh.text_message_event("ปลอม"))  # fmt: skip
    assert env.status_code in (400, 401, 403)  # the deployment's secret is not a's either
    assert core.seen == [] and fake_line.calls == []
    assert sorted(store.r.scan_iter("*")) == before


def test_unknown_removed_and_other_platform_channels_get_404(
    app: Flask, channels: ChannelStore, core: EchoCore, store: RedisStore
) -> None:
    a = _connect(channels, "org-a", Platform.LINE, 1)
    t = _connect(channels, "org-a", Platform.TELEGRAM, 1)
    client = app.test_client()
    event = wh.text_message_event("สวัสดี")
    body, headers = wh.line_webhook_request(event, secret=a.secret)
    assert client.post("/webhooks/line/zzzzzzzzzzzz", data=body, headers=headers).status_code == 404
    assert client.post("/webhooks/line/NOT-AN-ID!", data=body, headers=headers).status_code == 404
    assert client.post(f"/webhooks/line/{t.id}", data=body, headers=headers).status_code == 404
    assert client.post(f"/webhooks/nope/{a.id}", data=body, headers=headers).status_code == 404
    channels.remove(a)
    before = sorted(store.r.scan_iter("*"))
    assert client.post(a.webhook_path, data=body, headers=headers).status_code == 404
    assert core.seen == [] and sorted(store.r.scan_iter("*")) == before


def test_the_same_update_id_on_two_bots_is_two_updates_and_a_redelivery_is_one(
    app: Flask, channels: ChannelStore, core: EchoCore
) -> None:
    a = _connect(channels, "org-a", Platform.TELEGRAM, 1)
    b = _connect(channels, "org-b", Platform.TELEGRAM, 2)
    client = app.test_client()
    update = json.dumps(tg.tg_message_update("สวัสดี", update_id=4242), ensure_ascii=False)
    for record in (a, b, a):
        answer = client.post(record.webhook_path, data=update, headers={TG_HEADER: record.secret})
        assert answer.status_code == 200
    assert len(core.seen) == 2  # a's redelivery was recognised; b's update is its own
    assert {i.event_id for i in core.seen} == {f"{a.id}:4242", f"{b.id}:4242"}
    wrong = client.post(a.webhook_path, data=update, headers={TG_HEADER: b.secret})
    assert wrong.status_code in (401, 403) and len(core.seen) == 2


def test_the_deployment_channel_still_answers_at_its_old_path(
    app: Flask, channels: ChannelStore, core: EchoCore
) -> None:
    _connect(channels, "org-a", Platform.LINE, 1)
    secret = app.extensions["ita"].config.line_channel_secret
    body, headers = wh.line_webhook_request(wh.text_message_event("เดิม"), secret=secret)
    assert app.test_client().post("/webhooks/line", data=body, headers=headers).status_code == 200
    assert [i.text for i in core.seen] == ["เดิม"]
