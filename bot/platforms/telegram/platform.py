"""Telegram adapter: webhook updates in, messages out, through python-telegram-bot.

Replies become Bot API calls in ``telegram_send.py``; this module owns the Bot and its loop.

python-telegram-bot is asyncio-only and its ``Bot`` keeps an httpx connection pool that
belongs to the event loop it first ran on. Flask handlers are synchronous, so the process
keeps ONE long-lived event loop, running forever in a daemon thread (``bot.platforms.LOOP``);
the ``Bot`` is created and initialised on that loop once, and every call is submitted with
``asyncio.run_coroutine_threadsafe(...).result(timeout)``. A loop per request
(``asyncio.run`` in each handler) would rebuild the pool on every webhook and break the
``Bot``, whose pool is tied to the first loop. Never call this adapter from a coroutine
running on that loop: it would wait for itself.

Under gunicorn each worker process gets its own loop and ``Bot``; the threads of a worker
(``--threads``) share them, their calls overlapping on the loop while they wait for I/O.
Both are created lazily on first use, never at import or in ``create_app``, and again
when the process id changes; ``os.register_at_fork`` also drops the loop and its lock in
a child. So a worker forked from a master that already used them (``--preload``) never
touches the parent's loop thread, which does not exist in the child, or its sockets.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import re
import threading
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any, TypeVar

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    MenuButtonCommands,
    Message,
    Update,
    User,
)
from telegram.error import TelegramError

from bot.app.config import Config
from bot.chat.menus import stranger_commands
from bot.chat.messages import (
    DOWNLOAD_LIMIT,
    Attachment,
    File,
    Identity,
    Incoming,
    Kind,
    Reply,
    TooLarge,
)
from bot.platforms import LOOP
from bot.platforms.payloads import EXPIRED, PayloadStore
from bot.platforms.telegram.send import TelegramSender, call_api
from bot.store.redis_store import RedisStore
from bot.texts import t

log = logging.getLogger(__name__)
T = TypeVar("T")

PLATFORM = "telegram"  # its name in the registry, in identities and in Person.chat_ids
ALLOWED_UPDATES = ("message", "callback_query")
# Telegram's stand-in for every anonymous group admin: one id shared by many people.
ANONYMOUS_ADMIN_ID = 1087968824


def individual_id(user: User, message: Message | None = None) -> str:
    """Return the user's id if one real person sent this, else "" (bots, anonymous admins)."""
    if user.is_bot or user.id == ANONYMOUS_ADMIN_ID:
        return ""
    if message is not None and message.sender_chat is not None:
        return ""  # sent on behalf of a group or channel: the person is hidden
    return str(user.id)


WEBHOOK_PATH = "/webhooks/telegram"
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class TelegramSetupError(Exception):
    """The webhook cannot be registered; the message says why, for the user."""


class TelegramPlatform:
    """Talks to the Telegram Bot API for one bot."""

    timeout = 60.0  # seconds for one submitted batch of calls
    max_retry_after = 10.0  # a longer flood wait is not waited out inside a webhook

    def __init__(
        self,
        config: Config,
        store: RedisStore | None = None,
        file_loader: Callable[[File], bytes | None] | None = None,
        channel: str = "",
    ) -> None:
        self.config = config
        self.channel = channel  # the channel record's id; "" for the deployment's own
        self.payloads = PayloadStore(store.payloads, channel=channel) if store is not None else None
        self.file_loader = file_loader  # our own documents as bytes: Telegram fetches PDF/ZIP only
        self._lock = threading.Lock()
        self._bot: Bot | None = None
        self._pid = -1
        self._ready: asyncio.Lock | None = None

    # ---- the bot on the loop ------------------------------------------------------------------
    def bot(self) -> Bot:
        """Return this process's Bot, created on the loop (not yet initialised)."""
        with self._lock:
            if self._bot is None or self._pid != os.getpid():
                self._bot = LOOP.run(self._make_bot(), self.timeout)
                self._pid = os.getpid()
            return self._bot

    async def _make_bot(self) -> Bot:
        self._ready = asyncio.Lock()
        return Bot(
            self.config.telegram_bot_token,
            base_url=self.config.telegram_api_base_url,
            base_file_url=self.config.telegram_file_base_url,
        )

    def _run(self, work: Callable[[Bot], Awaitable[T]]) -> T:
        bot = self.bot()  # here, not on the loop: bot() waits for the loop

        async def job() -> T:
            assert self._ready is not None
            async with self._ready:
                await bot.initialize()  # getMe the first time; at once afterwards
            return await work(bot)

        return LOOP.run(job(), self.timeout)

    async def _call(self, make: Callable[[], Awaitable[T]]) -> T:
        """Make one API call, waiting out one 429 flood wait and retrying once."""
        return await call_api(make, self.max_retry_after)

    # ---- webhook in -------------------------------------------------------------------------
    def check_secret(self, header_value: str | None) -> bool:
        """Compare X-Telegram-Bot-Api-Secret-Token in constant time; no secret refuses all."""
        expected = self.config.telegram_secret_token
        if not expected or header_value is None:
            return False
        return hmac.compare_digest(header_value.encode(), expected.encode())

    def parse(self, update_json: dict[str, Any]) -> Incoming | None:
        """Turn an update into an Incoming; kinds we do not use give None."""
        update = Update.de_json(update_json, self.bot())
        if update.callback_query is not None:
            return self._choice(update)
        message = update.message
        if message is None or message.from_user is None:
            return None  # edited messages, channel posts, member changes, polls, ...
        user = message.from_user
        made = partial(
            Incoming,
            Identity(PLATFORM, individual_id(user, message), self.channel),
            event_id=str(update.update_id),
            chat_id=str(message.chat.id),
            display_name=user.full_name,
        )
        if message.text is not None:
            words = message.text.split(maxsplit=1)
            if not words or not words[0].startswith("/"):
                return made(kind=Kind.TEXT, text=message.text)
            command = words[0].split("@")[0]  # "/start@ita_bot CODE" in groups
            if command == "/start" and len(words) == 1:
                return made(kind=Kind.FOLLOW)  # a deep link with a code arrives as "/start CODE"
            return made(kind=Kind.TEXT, text=" ".join([command, *words[1:]]))
        attachment = _attachment(message)
        if attachment is None:
            return None  # stickers, locations, contacts, ...
        kind = Kind.IMAGE if message.photo else Kind.FILE
        return made(kind=kind, text=message.caption or "", attachment=attachment)

    def _choice(self, update: Update) -> Incoming | None:
        query = update.callback_query
        assert query is not None
        if query.data is None:
            return None  # a game button: not ours
        assert self.payloads is not None, "parsing choices needs the store"
        data = self.payloads.expand(query.data)
        chat = query.message.chat.id if query.message is not None else query.from_user.id
        return Incoming(
            identity=Identity(PLATFORM, individual_id(query.from_user), self.channel),
            kind=Kind.CHOICE,
            data=EXPIRED if data is None else data,
            event_id=str(update.update_id),
            chat_id=str(chat),
            display_name=query.from_user.full_name,
        )

    # ---- messages out -----------------------------------------------------------------------
    def answer_callback(self, query_id: str) -> None:
        """Answer a tapped button's callback query: Telegram shows a spinner until then."""
        try:
            self._run(lambda bot: self._call(partial(bot.answer_callback_query, query_id)))
        except (TelegramError, TimeoutError) as exc:
            log.warning("answerCallbackQuery failed: %s", type(exc).__name__)

    def send(self, chat_id: str | int, replies: Sequence[Reply]) -> None:
        """Send replies to a chat, in order."""
        if replies:
            self._run(lambda bot: self._sender(bot).send_all(chat_id, replies))

    def _sender(self, bot: Bot) -> TelegramSender:
        return TelegramSender(bot, self.payloads, self.file_loader, self.max_retry_after)

    # ---- files and setup --------------------------------------------------------------------
    def download(
        self, attachment: Attachment, max_bytes: int = DOWNLOAD_LIMIT
    ) -> tuple[bytes, str]:
        """Fetch a photo or document the person sent, if at most max_bytes: bytes and MIME."""
        if attachment.size is not None and attachment.size > max_bytes:
            raise TooLarge(attachment.size, max_bytes)

        async def fetch(bot: Bot) -> bytes:
            file = await self._call(partial(bot.get_file, attachment.platform_ref))
            if file.file_size is not None and file.file_size > max_bytes:
                raise TooLarge(file.file_size, max_bytes)  # Telegram's own word, before download
            data = bytes(await file.download_as_bytearray())
            if len(data) > max_bytes:
                raise TooLarge(len(data), max_bytes)
            return data

        data = self._run(fetch)
        return data, attachment.mime_type or "application/octet-stream"

    def fetch(self, attachment: Attachment, max_bytes: int = DOWNLOAD_LIMIT) -> bytes:
        """Return the bytes of an attachment (an evidence fetcher); TooLarge past max_bytes."""
        return self.download(attachment, max_bytes)[0]

    def set_webhook(self, url: str) -> bool:
        """Register url as the webhook, with the secret token and only the updates we use."""
        secret = self.config.telegram_secret_token

        async def register(bot: Bot) -> bool:
            return await bot.set_webhook(
                url, allowed_updates=list(ALLOWED_UPDATES), secret_token=secret
            )

        return self._run(register)

    def set_commands(self, commands: Sequence[tuple[str, str]], chat_id: int | None = None) -> None:
        """Set one private chat's (or everyone's) commands and the menu button listing them."""
        listed = [BotCommand(command, description[:256]) for command, description in commands]
        scope = BotCommandScopeChat(chat_id) if chat_id is not None else BotCommandScopeDefault()

        async def apply(bot: Bot) -> None:
            await self._call(partial(bot.set_my_commands, listed, scope=scope))
            await self._call(partial(bot.set_chat_menu_button, chat_id, MenuButtonCommands()))

        self._run(apply)


def _attachment(message: Message) -> Attachment | None:
    if message.photo:
        photo = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        name = f"{photo.file_unique_id}.jpg"
        return Attachment(photo.file_id, name, "image/jpeg", photo.file_size)
    media = message.document or message.video or message.audio
    if media is None:
        return None
    name = getattr(media, "file_name", None) or media.file_unique_id
    return Attachment(media.file_id, name, media.mime_type or "", media.file_size)


def set_webhook_command(config: Config, url: str | None = None) -> str:
    """Register the webhook (``python -m bot telegram set-webhook URL``); return what happened."""
    if not config.telegram_bot_token:
        raise TelegramSetupError(t("platforms.telegram.no_token"))
    if not _SECRET.match(config.telegram_secret_token):
        raise TelegramSetupError(t("platforms.telegram.bad_secret"))
    target = (url or config.public_url).rstrip("/")
    if not target.endswith(WEBHOOK_PATH):
        target += WEBHOOK_PATH
    if not target.startswith("https://"):
        raise TelegramSetupError(t("platforms.telegram.bad_url", url=target))
    try:
        platform = TelegramPlatform(config)
        platform.set_webhook(target)
        # Before joining, everyone sees how to start; people get their role's list on joining.
        platform.set_commands(stranger_commands())
    except TelegramError as exc:
        raise TelegramSetupError(
            t("platforms.telegram.webhook_failed", reason=exc.message)
        ) from exc
    return t("platforms.telegram.webhook_set", url=target)
