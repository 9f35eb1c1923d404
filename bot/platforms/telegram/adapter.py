"""Telegram behind the Adapter protocol: secret-checked updates, sends within the rate limits."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import redis

from bot.app.config import Config
from bot.chat.menus import role_of, telegram_commands
from bot.chat.messages import DOWNLOAD_LIMIT, Attachment, Reply
from bot.domain.model import Person, chat_address
from bot.platforms.base import Event, InviteWay, Refused, header, load_json
from bot.platforms.telegram.platform import PLATFORM, TelegramPlatform
from bot.store.channel_record import telegram_bot_id
from bot.store.redis_store import RedisStore
from bot.texts import t

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PER_SECOND = 30  # messages a bot may send per second, all chats together


def telegram_link(config: Config, code: str, username: str = "") -> str | None:
    """Return the deep link that joins with this code (username, else the deployment's bot)."""
    bot = (username or config.telegram_bot_username).lstrip("@")
    if not bot:
        return None
    return f"https://t.me/{bot}?start={code}"


class TelegramAdapter:
    """One Telegram bot: the SDK client (``platform``), its rate limits and commands."""

    name = PLATFORM
    has_webhook = True
    is_metered = False
    is_simulated = False
    # The clock of the rate limits (a test stops it to see who would wait).
    seconds: Callable[[], float] = staticmethod(time.time)
    sleep: Callable[[float], None] = staticmethod(time.sleep)

    def __init__(self, config: Config, store: RedisStore, channel: str = "") -> None:
        self.config = config
        self.channel = channel
        self.address = chat_address(PLATFORM, channel)
        self.quota_store = store.quota
        self.platform = TelegramPlatform(config, store, channel=channel)
        self.bot_id = telegram_bot_id(config.telegram_bot_token)  # the token's "123456:" part

    @property
    def rate_key(self) -> str:
        """Return whose rate limits these sends count against: the bot's id, else its channel."""
        return self.bot_id or self.channel or "default"

    def is_configured(self) -> bool:
        """Whether the bot token is set."""
        return bool(self.config.telegram_bot_token)

    def read_webhook(self, headers: Mapping[str, str], body: bytes) -> list[Event]:
        """Check the secret token, then read the one update of the request."""
        if not self.platform.check_secret(header(headers, SECRET_HEADER) or None):
            log.warning("Telegram webhook refused: wrong secret token")
            raise Refused(403, "forbidden")
        try:
            update = load_json(body)
        except (ValueError, RecursionError) as exc:
            raise Refused(400, "the body is not JSON") from exc
        update_id = update.get("update_id") if isinstance(update, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            raise Refused(400, "the body is not a Telegram update")
        assert isinstance(update, dict)
        query = update.get("callback_query")
        receipt = str(query.get("id") or "") if isinstance(query, dict) else ""
        try:
            incoming = self.platform.parse(update)
        except redis.RedisError:
            raise
        except Exception as exc:  # noqa: BLE001 - an odd update is ignored, never retried
            log.warning("unreadable Telegram update %s: %s", update_id, type(exc).__name__)
            incoming = None
        reply_to = incoming.chat_id if incoming is not None else ""
        return [Event(str(update_id), incoming, reply_to=reply_to, receipt=receipt)]

    def begin(self, event: Event, is_slow: bool) -> None:
        """Answer the tapped button's callback query, which stops its spinner."""
        if event.receipt:
            self.platform.answer_callback(event.receipt)

    def answer(self, event: Event, replies: Sequence[Reply]) -> None:
        """Send the replies to the chat the update came from."""
        if event.reply_to:
            self.platform.send(event.reply_to, replies)

    def push_replies(self, user_id: str, replies: Sequence[Reply], retry_key: str) -> bool:
        """Send to a person's private chat, within Telegram's rate limits."""
        self.wait_slot(user_id)
        self.platform.send(user_id, replies)
        return True

    def wait_slot(self, chat_id: str, timeout: float = 10.0) -> None:
        """Wait for this bot's limits, in every process: 1 message/s per chat and 30/s overall."""
        deadline = time.monotonic() + timeout
        bot = self.rate_key
        while time.monotonic() < deadline:
            if self.quota_store.take_chat_slot(bot, chat_id):
                second = int(self.seconds())
                if self.quota_store.count_in_second(bot, second) <= PER_SECOND:
                    return
                self.sleep(max(0.0, second + 1 - self.seconds()))
                continue
            self.sleep(0.05)
        raise TimeoutError("Telegram rate slot")

    def fetch(self, attachment: Attachment, max_bytes: int = DOWNLOAD_LIMIT) -> bytes:
        """Download a photo or document the person sent (evidence); TooLarge past max_bytes."""
        return self.platform.fetch(attachment, max_bytes)

    def quota(self) -> tuple[int | None, int]:
        """No quota: (unlimited, none used)."""
        return None, 0

    def sync_menus(self, person: Person) -> None:
        """Set the person's private chat commands to their role's (only help without one)."""
        chat = person.chat_id(self.address)
        if not self.is_configured() or not chat:
            return
        role = role_of(person)
        if role:
            commands = telegram_commands(role, person.language)
        else:  # access removed: only help remains
            commands = [("help", t("richmenu.help.hint", person.language))]
        self.platform.set_commands(commands, chat_id=int(chat))

    @staticmethod
    def channel_config(config: Config, secret: str, token: str) -> Config:
        """Config speaking for another bot: its token and its webhook secret."""
        return replace(config, telegram_bot_token=token, telegram_secret_token=secret)

    @staticmethod
    def invite_way(
        config: Config, code: str, lang: str = "th", account: str = ""
    ) -> InviteWay | None:
        """The bot's deep link with the code: /start CODE (account, else TELEGRAM_BOT_USERNAME)."""
        link = telegram_link(config, code, account)
        if link is None:
            return None
        text = t("join.invite_by_telegram", lang, link=link)
        return InviteWay(text, link, t("dashboard.people.invite_link", lang))
