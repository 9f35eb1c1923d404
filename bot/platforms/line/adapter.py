"""LINE behind the Adapter protocol: signed webhooks, free replies, metered pushes, rich menus."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from urllib.parse import quote

from bot.app.config import Config
from bot.chat.messages import DOWNLOAD_LIMIT, Attachment, Incoming, Reply
from bot.domain.model import Person, chat_address
from bot.platforms.base import Event, InviteWay, Refused, header, load_json
from bot.platforms.line.platform import PLATFORM, LineBodyError, LineEvent, LinePlatform
from bot.platforms.line.richmenus import RichMenus
from bot.store.redis_store import RedisStore
from bot.texts import t

log = logging.getLogger(__name__)


class LineAdapter:
    """One LINE channel: the SDK client (``platform``) and its rich menus (``rich_menus``)."""

    name = PLATFORM
    has_webhook = True
    is_metered = True  # pushes count against the monthly quota; replies are free
    is_simulated = False

    def __init__(self, config: Config, store: RedisStore, channel: str = "") -> None:
        self.config = config
        self.channel = channel
        self.address = chat_address(PLATFORM, channel)
        self.platform = LinePlatform(config, store, channel)
        self.rich_menus = RichMenus(self.platform, store.rich_menus_of(channel))

    def is_configured(self) -> bool:
        """Whether the channel's access token is set."""
        return bool(self.config.line_channel_access_token)

    def read_webhook(self, headers: Mapping[str, str], body: bytes) -> list[Event]:
        """Check x-line-signature, then read the events (unused and standby ones do nothing)."""
        signature = header(headers, "x-line-signature")
        try:
            text = body.decode("utf-8")
            signed = self.platform.is_signed(text, signature)
        except UnicodeDecodeError:
            signed = False
        if not signed:
            log.warning("LINE webhook refused: bad signature (%d bytes)", len(body))
            raise Refused(400, "bad signature")
        try:
            load_json(body)
            parsed = self.platform.parse(text, signature)
        except (LineBodyError, ValueError, RecursionError) as exc:
            raise Refused(400, str(exc)[:80] or "bad body") from exc
        return [_event(meta, incoming) for meta, incoming in parsed]

    def begin(self, event: Event, is_slow: bool) -> None:
        """Show the loading animation before a slow step, in one-to-one chats (it is free)."""
        incoming = event.incoming
        user = incoming.identity.user_id if incoming is not None else ""
        if is_slow and user and incoming is not None and incoming.chat_id == user:
            self.platform.show_loading(user)

    def answer(self, event: Event, replies: Sequence[Reply]) -> None:
        """Answer with the event's reply token (free)."""
        if event.reply_to:
            self.platform.reply(event.reply_to, replies)

    def push_replies(self, user_id: str, replies: Sequence[Reply], retry_key: str) -> bool:
        """Push with a retry key (never twice); False when the month's quota is spent."""
        result = self.platform.push(user_id, replies, retry_key=retry_key)
        if result.is_sent:
            return True
        if result.quota_exceeded:
            return False
        raise RuntimeError(f"LINE push failed: {result.status} {result.message}")

    def fetch(self, attachment: Attachment, max_bytes: int = DOWNLOAD_LIMIT) -> bytes:
        """Download a message's content (evidence); TooLarge past max_bytes."""
        return self.platform.fetch(attachment, max_bytes)

    def sync_menus(self, person: Person) -> None:
        """Link the person's role menu to their LINE account."""
        if self.is_configured() and person.chat_id(self.address):
            self.rich_menus.link(person)

    def quota(self) -> tuple[int | None, int]:
        """Return this month's push limit (None when unlimited) and how many were used."""
        return self.platform.quota()

    @staticmethod
    def channel_config(config: Config, secret: str, token: str) -> Config:
        """Config speaking for another LINE channel: its secret and access token."""
        return replace(config, line_channel_secret=secret, line_channel_access_token=token)

    @staticmethod
    def invite_way(
        config: Config, code: str, lang: str = "th", account: str = ""
    ) -> InviteWay | None:
        """Add the Official Account (account, else LINE_BOT_BASIC_ID), then chat the code."""
        basic_id = account or config.line_bot_basic_id
        if not basic_id:
            return None
        account = quote(basic_id if basic_id.startswith("@") else f"@{basic_id}", safe="")
        add_friend = f"https://line.me/R/ti/p/{account}"
        message = f"https://line.me/R/oaMessage/{account}/?{quote(code)}"
        text = t("join.invite_by_line", lang, add_friend=add_friend, message=message)
        return InviteWay(text, message, t("join.dash_line_link", lang), add_friend)


def _event(meta: LineEvent, incoming: Incoming | None) -> Event:
    if meta.is_standby:  # another channel answers in standby
        return Event(meta.event_id, kind=meta.type)
    return Event(meta.event_id, incoming, meta.replies, meta.reply_token or "", kind=meta.type)
