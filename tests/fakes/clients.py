"""Point the real SDKs at the fakes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .line_server import FakeLineServer
    from .telegram_server import FakeTelegramServer

LINE_ACCESS_TOKEN = "test-channel-access-token"
LINE_CHANNEL_SECRET = "test-channel-secret"
TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"


def line_configuration(fake: FakeLineServer, access_token: str = LINE_ACCESS_TOKEN) -> Any:
    """Return a line-bot-sdk v3 ``Configuration`` aimed at ``fake`` (api and api-data hosts)."""
    from linebot.v3.messaging import Configuration

    return Configuration(host=fake.base_url, access_token=access_token)


def telegram_bot(fake: FakeTelegramServer, token: str = TELEGRAM_TOKEN) -> Any:
    """Return a python-telegram-bot ``Bot`` whose API and file URLs point at ``fake``."""
    from telegram import Bot

    return Bot(token, base_url=fake.api_base_url, base_file_url=fake.file_base_url)
