"""Connecting a Telegram bot: check the token with getMe, then register the webhook.

Through python-telegram-bot on the process's background loop (``bot.platforms.LOOP``), with
a Bot made for the token being connected (not the deployment's). ``setWebhook`` carries the
channel's secret token, which Telegram sends back with every update, and only the update
types the bot uses. Every refusal becomes a ChannelSetupError naming Telegram's answer.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from telegram import Bot, BotCommand, MenuButtonCommands
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.app.config import Config
from bot.platforms import LOOP
from bot.platforms.channel_errors import ChannelSetupError
from bot.platforms.telegram.platform import ALLOWED_UPDATES
from bot.texts import t

T = TypeVar("T")
TIMEOUT = 30.0
# httpx logs each request URL at INFO, and a Telegram URL carries the bot token.
logging.getLogger("httpx").setLevel(logging.WARNING)


@dataclass(frozen=True)
class TelegramBotInfo:
    """Who the token belongs to."""

    id: str
    username: str
    name: str


def _run(config: Config, token: str, lang: str, key: str, work: Callable[[Bot], Awaitable[T]]) -> T:
    """Run one call with a Bot for token; a refusal or no answer becomes a ChannelSetupError."""

    async def job() -> T:
        bot = Bot(
            token,
            base_url=config.telegram_api_base_url,
            base_file_url=config.telegram_file_base_url,
        )
        async with bot.request:  # the HTTP client only: no getMe before the call itself
            return await work(bot)

    try:
        return LOOP.run(job(), TIMEOUT)
    except InvalidToken as exc:
        raise ChannelSetupError(
            t("channels.telegram.token_refused", lang, answer=exc.message)
        ) from None
    except NetworkError as exc:
        raise ChannelSetupError(
            t("channels.unreachable", lang, platform="Telegram", reason=exc.message)
        ) from None
    except TelegramError as exc:
        raise ChannelSetupError(t(key, lang, answer=exc.message)) from None
    except TimeoutError:
        raise ChannelSetupError(
            t("channels.unreachable", lang, platform="Telegram", reason="timeout")
        ) from None


def get_me(config: Config, token: str, lang: str = "th") -> TelegramBotInfo:
    """Check the bot token with Telegram and return the bot it belongs to."""
    me = _run(config, token, lang, "channels.telegram.token_refused", lambda bot: bot.get_me())
    return TelegramBotInfo(str(me.id), me.username or "", me.full_name)


def set_webhook(config: Config, token: str, url: str, secret: str, lang: str = "th") -> None:
    """Register url as the bot's webhook, with its secret token and the update types used."""

    async def register(bot: Bot) -> bool:
        return await bot.set_webhook(
            url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES)
        )

    _run(config, token, lang, "channels.telegram.webhook_refused", register)


def set_commands(
    config: Config, token: str, commands: Sequence[tuple[str, str]], lang: str = "th"
) -> None:
    """Set the bot's default command list and the menu button that shows it."""
    listed = [BotCommand(command, description[:256]) for command, description in commands]

    async def apply(bot: Bot) -> None:
        await bot.set_my_commands(listed)
        await bot.set_chat_menu_button(menu_button=MenuButtonCommands())

    _run(config, token, lang, "channels.telegram.webhook_refused", apply)
