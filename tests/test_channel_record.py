"""The channel record: ids, masking, links and the environment's default channel."""

from __future__ import annotations

from bot.app.config import Config
from bot.chat.messages import Platform
from bot.store.channel_record import (
    DEFAULT_ID,
    ChannelRecord,
    default_channel,
    is_channel_id,
    new_channel,
    new_webhook_secret,
    telegram_bot_id,
)
from bot.store.sealed import mask

SECRET = "0123456789abcdef0123456789abcdef"
TOKEN = "line-access-token-" + "x" * 150 + "WXYZ"
TG_TOKEN = "7000000123:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"


def line_channel() -> ChannelRecord:
    return new_channel(
        "a", Platform.LINE, SECRET, TOKEN, bot_id="U" + "1" * 32, basic_id="@123abcde"
    )


def test_masked_shows_only_the_last_four_characters() -> None:
    shown = line_channel().masked()
    assert shown["secret"] == "••••cdef" and shown["token"] == "••••WXYZ"
    assert mask("short") == "••••"
    assert SECRET not in str(shown) and TOKEN not in str(shown)


def test_webhook_paths_links_and_the_environment_default() -> None:
    line = line_channel()
    assert line.webhook_path == f"/webhooks/line/{line.id}" and is_channel_id(line.id)
    assert line.add_friend_link == "https://line.me/R/ti/p/%40123abcde"
    assert telegram_bot_id(TG_TOKEN) == "7000000123" and telegram_bot_id("nonsense") == ""
    config = Config(
        line_channel_secret="s", line_channel_access_token="t", telegram_bot_token=TG_TOKEN
    )
    env_line = default_channel(config, Platform.LINE)
    env_tg = default_channel(config, Platform.TELEGRAM)
    assert env_line is not None and env_line.id == DEFAULT_ID and env_line.token == "t"
    assert env_tg is not None and env_tg.bot_id == "7000000123"
    assert default_channel(Config(), Platform.LINE) is None


def test_ids_and_telegram_secrets_have_the_documented_shapes() -> None:
    ids = {line_channel().id for _ in range(50)}
    assert len(ids) == 50 and all(is_channel_id(i) for i in ids)
    assert not is_channel_id("../x") and not is_channel_id(DEFAULT_ID)
    secret = new_webhook_secret()
    assert 1 <= len(secret) <= 256 and set(secret) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    )


def test_a_simulated_oa_is_a_record_too_but_has_no_add_friend_link() -> None:
    simulated = new_channel("a", Platform.SIMULATOR, SECRET, TOKEN, basic_id="@ita-demo")
    assert simulated.platform is Platform.SIMULATOR and is_channel_id(simulated.id)
    assert simulated.add_friend_link is None
