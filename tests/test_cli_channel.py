"""``python -m bot channel add|list|remove`` against the fakes and a real Redis server."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from bot.cli.main import main
from bot.store.channels import ChannelStore
from bot.store.sealed import SecretBox
from tests.channel_helpers import webhook_endpoint
from tests.fakes import FakeLineServer, FakeTelegramServer
from tests.fakes.fixtures import serve_line, serve_telegram

pytestmark = pytest.mark.store

KEY = "cli-test-secret-key"
SECRET = "f" * 28 + "9a8b"
TOKEN = "oa-access-token-" + "z" * 60 + "Q7w1"
TG_TOKEN = "7000000555:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
PUBLIC = "https://bot.example.org"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture()
def fake_line() -> Iterator[FakeLineServer]:
    yield from serve_line(access_token=TOKEN, channel_secret=SECRET)


@pytest.fixture()
def fake_telegram() -> Iterator[FakeTelegramServer]:
    yield from serve_telegram(token=TG_TOKEN)


@pytest.fixture()
def channels(redis_client: redis.Redis) -> ChannelStore:
    return ChannelStore(redis_client, SecretBox(KEY))


@pytest.fixture()
def cli(
    redis_client: redis.Redis,
    redis_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fake_line: FakeLineServer,
    fake_telegram: FakeTelegramServer,
    channels: ChannelStore,
) -> Run:
    for name, value in {
        "REDIS_URL": redis_url,
        "BOT_DATA_DIR": str(tmp_path),
        "BOT_SECRET_KEY": KEY,
        "PUBLIC_URL": PUBLIC,
        "LINE_API_BASE_URL": fake_line.base_url,
        "TELEGRAM_API_BASE_URL": fake_telegram.api_base_url,
        "TELEGRAM_FILE_BASE_URL": fake_telegram.file_base_url,
    }.items():
        monkeypatch.setenv(name, value)
    fake_line.deliver = webhook_endpoint(channels)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    assert run("org", "create", "a", "--name", "อบต.เอ")[0] == 0
    assert run("org", "create", "b", "--name", "อบต.บี")[0] == 0
    return run


def add_line(
    cli: Run, *extra: str, secret: str = SECRET, token: str = TOKEN
) -> tuple[int, str, str]:
    return cli(
        "channel", "add", "--org", "a", "--platform", "line",
        "--secret", secret, "--token", token, "--json", *extra,
    )  # fmt: skip


def test_line_add_checks_tests_and_sets_the_webhook(
    cli: Run, fake_line: FakeLineServer, channels: ChannelStore
) -> None:
    code, out, _ = add_line(cli)
    assert code == 0
    added = json.loads(out)
    assert set(added) == {"id", "org", "platform", "webhook_path"}
    assert added["org"] == "a" and added["platform"] == "line"
    assert added["webhook_path"] == f"/webhooks/line/{added['id']}"
    operations = [c.path for c in fake_line.calls]
    assert operations == [
        "/v2/bot/info", "/v2/bot/channel/webhook/test", "/v2/bot/channel/webhook/endpoint",
    ]  # fmt: skip
    assert fake_line.webhook_endpoint == PUBLIC + added["webhook_path"]
    stored = channels.get(added["id"])
    assert stored is not None and stored.secret == SECRET and stored.token == TOKEN
    assert stored.bot_id == fake_line.bot_info["userId"] and stored.basic_id == "@123abcde"

    code, out, _ = cli("channel", "list", "--org", "a", "--json")
    listed = json.loads(out)
    assert [(c["id"], c["secret"], c["token"]) for c in listed] == [
        (added["id"], "••••9a8b", "••••Q7w1")
    ]
    code, text, _ = cli("channel", "list", "--org", "a")
    assert added["id"] in text and SECRET not in text + out and TOKEN not in text + out

    # the same OA again with a reissued token: same id and webhook, the new token
    fake_line.access_token = "reissued-" + TOKEN
    code, out, _ = add_line(cli, token="reissued-" + TOKEN)
    assert json.loads(out)["id"] == added["id"]
    again = channels.get(added["id"])
    assert again is not None and again.token == "reissued-" + TOKEN


def test_a_wrong_token_names_lines_answer_and_saves_nothing(
    cli: Run, fake_line: FakeLineServer, redis_client: redis.Redis
) -> None:
    code, out, err = add_line(cli, token="not-the-token")
    fake_line.take_errors()
    assert code == 1 and out == ""
    assert "LINE ไม่รับ channel access token" in err and "401" in err
    assert "not-the-token" not in err
    assert list(redis_client.scan_iter("ita:*channel*")) == []


def test_a_wrong_secret_fails_the_webhook_test_and_saves_nothing(
    cli: Run, fake_line: FakeLineServer, redis_client: redis.Redis
) -> None:
    code, _, err = add_line(cli, secret="0" * 32)
    assert code == 1 and "channel secret ไม่ตรงกับ OA นี้" in err and "400" in err
    assert list(redis_client.scan_iter("ita:*channel*")) == []
    assert fake_line.webhook_endpoint is None  # the OA still points where it did


def test_a_failed_retest_puts_the_previous_record_back(
    cli: Run, fake_line: FakeLineServer, channels: ChannelStore
) -> None:
    added = json.loads(add_line(cli)[1])
    code, _, err = add_line(cli, secret="1" * 32)
    assert code == 1 and "channel secret" in err
    kept = channels.get(added["id"])
    assert kept is not None and kept.secret == SECRET


def test_no_verify_makes_no_call(cli: Run, fake_line: FakeLineServer, fake_telegram) -> None:
    code, out, _ = add_line(cli, "--no-verify")
    assert code == 0 and json.loads(out)["webhook_path"].startswith("/webhooks/line/")
    code, out, _ = cli(
        "channel", "add", "--org", "a", "--platform", "telegram",
        "--token", TG_TOKEN, "--no-verify",
    )  # fmt: skip
    assert code == 0 and "/webhooks/telegram/" in out
    assert fake_line.calls == [] and fake_telegram.calls == []
    listed = json.loads(cli("channel", "list", "--org", "a", "--json")[1])
    assert [c["bot_id"] for c in listed] == ["", "7000000555"]  # from the token's prefix


def test_telegram_add_registers_the_webhook_with_a_secret(
    cli: Run, fake_telegram: FakeTelegramServer, channels: ChannelStore
) -> None:
    code, out, _ = cli(
        "channel", "add", "--org", "b", "--platform", "telegram", "--token", TG_TOKEN, "--json"
    )
    assert code == 0
    added = json.loads(out)
    assert added["webhook_path"] == f"/webhooks/telegram/{added['id']}"
    stored = channels.get(added["id"])
    assert stored is not None and stored.bot_id == "7000000555" and stored.token == TG_TOKEN
    assert stored.basic_id == "ita_test_bot"
    assert [c.method for c in fake_telegram.calls] == [
        "getMe", "setWebhook", "setMyCommands", "setChatMenuButton",
    ]  # fmt: skip
    assert fake_telegram.state.commands_for() == ["start", "help"]
    assert fake_telegram.state.webhook["url"] == PUBLIC + added["webhook_path"]
    assert fake_telegram.state.webhook["allowed_updates"] == ["message", "callback_query"]
    assert fake_telegram.state.webhook_secret == stored.secret and len(stored.secret) >= 32
    # the same bot for another organisation is refused
    code, _, err = cli(
        "channel", "add", "--org", "a", "--platform", "telegram", "--token", TG_TOKEN
    )
    assert code == 1 and "เชื่อมกับหน่วยงาน b อยู่แล้ว" in err


def test_telegram_wrong_token_names_telegrams_answer(
    cli: Run, fake_telegram: FakeTelegramServer, redis_client: redis.Redis
) -> None:
    code, _, err = cli(
        "channel", "add", "--org", "a", "--platform", "telegram",
        "--token", "7000000555:AAwrongwrongwrongwrongwrong",
    )  # fmt: skip
    fake_telegram.take_errors()
    assert code == 1 and "Telegram ไม่รับ bot token" in err
    assert list(redis_client.scan_iter("ita:*channel*")) == []


def test_remove_and_bad_input(cli: Run, channels: ChannelStore) -> None:
    added = json.loads(add_line(cli)[1])
    code, out, _ = cli("channel", "remove", added["id"])
    assert code == 0 and added["id"] in out and channels.get(added["id"]) is None
    code, _, err = cli("channel", "remove", added["id"])
    assert code == 1 and "ไม่พบช่องทาง" in err
    assert cli("channel", "list", "--org", "nobody")[0] == 1
    code, _, err = cli("channel", "add", "--org", "a", "--platform", "line", "--token", "t")
    assert code == 2 and "--secret" in err


def test_checking_later_keeps_an_unchecked_channel_and_its_webhook_path(
    cli: Run, channels: ChannelStore
) -> None:
    offline = json.loads(add_line(cli, "--no-verify", secret="2" * 32)[1])
    code, out, err = add_line(cli)  # checked now, with the right secret: same id
    assert code == 0 and json.loads(out)["id"] == offline["id"], err
    checked = channels.get(offline["id"])
    assert checked is not None and checked.secret == SECRET and checked.bot_id
    code, _, err = add_line(cli, secret="3" * 32)
    assert code == 1 and "channel secret" in err
    kept = channels.get(offline["id"])
    assert kept is not None and kept.secret == SECRET  # the failed check changed nothing


def test_no_token_or_secret_reaches_the_logs(
    cli: Run, caplog: pytest.LogCaptureFixture, channels: ChannelStore, fake_line: FakeLineServer
) -> None:
    caplog.set_level(logging.INFO)  # what every process logs (DEBUG is a debugging session)
    add_line(cli)
    add_line(cli, token="wrong-" + TOKEN)
    fake_line.take_errors()
    cli("channel", "add", "--org", "b", "--platform", "telegram", "--token", TG_TOKEN)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (SECRET, TOKEN, TG_TOKEN, TG_TOKEN.split(":")[1]):
        assert secret not in logged
    [bot] = channels.for_org("b")
    assert bot.secret not in logged


def test_rich_menus_install_on_an_organisation_s_own_oa(
    cli: Run, fake_line: FakeLineServer, redis_client: redis.Redis
) -> None:
    added = json.loads(add_line(cli)[1])
    code, _, err = cli("line", "rich-menus", "--json")  # the deployment has no LINE token here
    assert code != 0 and err
    code, out, _ = cli("line", "rich-menus", "--channel", added["id"], "--json")
    assert code == 0 and len(json.loads(out)["menus"]) == len(fake_line.rich_menus) > 0
    # The fake takes only the OA's token; the menu ids are recorded as that channel's.
    assert redis_client.hlen(f"ita:line:richmenus:{added['id']}") == len(fake_line.rich_menus)
    assert not redis_client.exists("ita:line:richmenus")
    assert cli("line", "rich-menus", "--channel", "nope")[0] != 0
