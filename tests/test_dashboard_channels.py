"""The dashboard's channel page: paste LINE's secret and token (or Telegram's), get connected."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from bot.app.runtime import build_runtime
from bot.chat.messages import Platform
from bot.store.channels import ChannelStore, channel_store
from bot.store.redis_store import RedisStore
from bot.web import create_app
from bot.web.app_services import services
from tests.channel_helpers import webhook_endpoint
from tests.dashboard_helpers import World, make_world, session_csrf, sign_in
from tests.fakes import FakeLineServer, FakeTelegramServer
from tests.fakes.fixtures import serve_line, serve_telegram

pytestmark = pytest.mark.store

SECRET = "c" * 28 + "5e6f"
TOKEN = "dash-oa-token-" + "k" * 60 + "Zz90"
TG_TOKEN = "7000000777:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
PUBLIC = "https://bot.example.org"


@pytest.fixture()
def fake_line() -> Iterator[FakeLineServer]:
    yield from serve_line(access_token=TOKEN, channel_secret=SECRET)


@pytest.fixture()
def fake_telegram() -> Iterator[FakeTelegramServer]:
    yield from serve_telegram(token=TG_TOKEN)


@pytest.fixture()
def world(
    store: RedisStore, tmp_path: Path, fake_line: FakeLineServer, fake_telegram: FakeTelegramServer
) -> World:
    made = make_world(
        store,
        tmp_path,
        public_url=PUBLIC,
        line_api_base_url=fake_line.base_url,
        telegram_api_base_url=fake_telegram.api_base_url,
        telegram_file_base_url=fake_telegram.file_base_url,
    )
    with made.app.app_context():
        s = services()
        fake_line.deliver = webhook_endpoint(channel_store(s.config, store))
    return made


@pytest.fixture()
def channels(world: World) -> ChannelStore:
    with world.app.app_context():
        return channel_store(services().config, world.store)


def client_as(world: World, persona: str) -> FlaskClient:
    client = world.app.test_client()
    sign_in(client, world, persona)
    return client


def post(client: FlaskClient, path: str, **form: str) -> TestResponse:
    return client.post(path, data={**form, "csrf_token": session_csrf(client)})


def test_secretary_connects_line_and_sees_the_add_friend_link_and_qr(
    world: World, fake_line: FakeLineServer, channels: ChannelStore
) -> None:
    secretary = client_as(world, "secretary")
    assert "ยังไม่ได้เชื่อม" in secretary.get("/dash/channels").text
    done = post(secretary, "/dash/channels/line", secret=f" {SECRET}\n", token=TOKEN)
    assert done.status_code == 302
    [line] = channels.for_org("demo")
    assert line.platform is Platform.LINE and line.secret == SECRET and line.token == TOKEN
    assert fake_line.webhook_endpoint == PUBLIC + line.webhook_path
    page = secretary.get(done.headers["Location"]).text
    assert "ทดสอบ webhook ผ่าน" in page and PUBLIC + line.webhook_path in page
    assert "https://line.me/R/ti/p/%40123abcde" in page and "••••5e6f" in page
    assert SECRET not in page and TOKEN not in page
    qr = secretary.get(f"/dash/channels/{line.id}/qr.png")
    assert qr.status_code == 200 and qr.data.startswith(b"\x89PNG")
    [entry] = [e for e in world.store.audit_entries("demo") if e.action == "channel"]
    assert SECRET not in str(entry) and TOKEN not in str(entry)


def test_wrong_token_or_secret_says_what_line_answered_and_saves_nothing(
    world: World, fake_line: FakeLineServer, channels: ChannelStore
) -> None:
    secretary = client_as(world, "secretary")
    refused = post(secretary, "/dash/channels/line", secret=SECRET, token="wrong-token")
    fake_line.take_errors()
    assert refused.status_code == 400
    assert "LINE ไม่รับ channel access token" in refused.text and "401" in refused.text
    assert "wrong-token" not in refused.text
    refused = post(secretary, "/dash/channels/line", secret="d" * 32, token=TOKEN)
    assert refused.status_code == 400 and "channel secret ไม่ตรงกับ OA นี้" in refused.text
    assert channels.for_org("demo") == [] and fake_line.webhook_endpoint is None


def test_telegram_connect_and_remove(
    world: World, fake_telegram: FakeTelegramServer, channels: ChannelStore
) -> None:
    admin = client_as(world, "admin")
    assert post(admin, "/dash/channels/telegram", token=TG_TOKEN).status_code == 302
    [bot] = channels.for_org("demo")
    assert bot.bot_id == "7000000777" and fake_telegram.state.webhook_secret == bot.secret
    page = admin.get("/dash/channels").text
    assert "https://t.me/ita_test_bot" in page and TG_TOKEN not in page
    assert post(admin, f"/dash/channels/{bot.id}/remove").status_code == 302
    assert channels.for_org("demo") == [] and channels.get(bot.id) is None


def test_only_editors_of_the_organisation(
    world: World, channels: ChannelStore, fake_telegram: FakeTelegramServer
) -> None:
    assert client_as(world, "chief").get("/dash/channels").status_code == 403
    assert "/dash/channels" not in client_as(world, "chief").get("/dash/plan").text
    other = client_as(world, "other")
    assert post(other, "/dash/channels/telegram", token=TG_TOKEN).status_code == 302
    [theirs] = channels.for_org("other")
    secretary = client_as(world, "secretary")
    assert post(secretary, f"/dash/channels/{theirs.id}/remove").status_code == 404
    assert secretary.get(f"/dash/channels/{theirs.id}/qr.png").status_code == 404
    assert channels.get(theirs.id) is not None
    # the same bot cannot serve a second organisation
    taken = post(secretary, "/dash/channels/telegram", token=TG_TOKEN)
    assert taken.status_code == 400 and "เชื่อมกับหน่วยงาน other อยู่แล้ว" in taken.text
    no_csrf = secretary.post("/dash/channels/telegram", data={"token": TG_TOKEN})
    assert no_csrf.status_code == 400 and channels.for_org("demo") == []


def test_without_https_public_url_nothing_is_called(
    world: World, fake_line: FakeLineServer, channels: ChannelStore
) -> None:
    with world.app.app_context():
        config = services().config.with_overrides(public_url="http://127.0.0.1:8000")
    # The same organisations, served by an app built around a plain-http public URL.
    world = replace(world, app=create_app(build_runtime(config, world.store)))
    world.app.config["TESTING"] = True
    refused = post(client_as(world, "secretary"), "/dash/channels/line", secret=SECRET, token=TOKEN)
    assert refused.status_code == 400 and "https://" in refused.text
    assert fake_line.calls == [] and channels.for_org("demo") == []
