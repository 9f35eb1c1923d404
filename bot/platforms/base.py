"""What every chat platform provides: the Adapter protocol, and what a webhook request becomes.

A platform is one folder under ``bot/platforms/`` with an adapter class that meets
``Adapter``, plus one line in ``bot.platforms.registry.ADAPTERS``. The web route, the
runtime, the deliverer, menus and invites go through the registry, never through a
platform's name. Only the adapters import a platform's SDK.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.app.config import Config
from bot.chat.messages import DOWNLOAD_LIMIT, Attachment, Incoming, Reply
from bot.domain.model import Person
from bot.store.redis_store import RedisStore

MAX_DEPTH = 32  # LINE and Telegram bodies nest about 6 deep; deeper is not theirs


@dataclass(frozen=True)
class Event:
    """One event of a verified webhook request: what the core gets, and how to answer."""

    event_id: str = ""  # for deduplication: LINE webhookEventId, Telegram update_id
    incoming: Incoming | None = None  # None: nothing for the core (a kind we do not use)
    answer: tuple[Reply, ...] = ()  # answered by the adapter itself, without the core
    reply_to: str = ""  # where the answer goes: LINE reply token, Telegram chat id
    receipt: str = ""  # acknowledged at once, before the step: Telegram's callback query id
    kind: str = ""  # the platform's name for the event, for the logs


class Refused(Exception):
    """A webhook request that is not the platform's, or not readable: answered with status."""

    def __init__(self, status: int, reason: str) -> None:
        self.status, self.reason = status, reason
        super().__init__(f"{status} {reason}")


@dataclass(frozen=True)
class InviteWay:
    """How an invite is used on one platform: words for the chat, a link, its dashboard label."""

    text: str  # added to the invite to forward ("LINE: add the bot, then open ...")
    link: str  # the one link that joins (the QR code opens the first platform's)
    label: str  # what the dashboard writes before the link
    first_step: str = ""  # a link to open before it, if any (LINE: add the account as a friend)


class Adapter(Protocol):
    """One chat platform: webhook in, replies and pushes out, evidence, menus, invites."""

    name: str  # the registry key and Identity.platform
    channel: str  # the channel record it speaks for; "" for the deployment's own channel
    address: str  # its key in Person.chat_ids: chat_address(name, channel)
    has_webhook: bool  # served at /webhooks/<name>
    is_metered: bool  # pushes count against a monthly quota; replies are free
    is_simulated: bool  # a stand-in chat on this machine: reached last

    def is_configured(self) -> bool:
        """Whether this deployment can send on the platform (it has the credentials)."""
        ...

    def read_webhook(self, headers: Mapping[str, str], body: bytes) -> list[Event]:
        """Verify a webhook request first, then read its events; Refused if it is not one."""
        ...

    def begin(self, event: Event, is_slow: bool) -> None:
        """Acknowledge a claimed event before the step (a loading animation, a spinner)."""
        ...

    def answer(self, event: Event, replies: Sequence[Reply]) -> None:
        """Answer an event with replies (free: a reply token or the same chat)."""
        ...

    def push_replies(self, user_id: str, replies: Sequence[Reply], retry_key: str) -> bool:
        """Push replies to a user; False when the quota is spent (try elsewhere), else raise."""
        ...

    def quota(self) -> tuple[int | None, int]:
        """Return this month's push limit (None when unlimited) and use; asked if metered."""
        ...

    def fetch(self, attachment: Attachment, max_bytes: int = DOWNLOAD_LIMIT) -> bytes:
        """Download an attachment the person sent (evidence); TooLarge past max_bytes."""
        ...

    def sync_menus(self, person: Person) -> None:
        """Give a person their role's menu or commands on this platform."""
        ...

    def __init__(self, config: Config, store: RedisStore, channel: str = "") -> None:
        """Build the adapter for a channel ("" = the deployment's); it connects lazily."""
        ...

    @staticmethod
    def invite_way(
        config: Config, code: str, lang: str = "th", account: str = ""
    ) -> InviteWay | None:
        """Return how to join with an invite code on this platform (pure: no I/O).

        ``account`` is the organisation's own account on the platform (its OA's basic id,
        its bot's username), in place of the deployment's from the config.
        """
        ...

    @staticmethod
    def channel_config(config: Config, secret: str, token: str) -> Config:
        """Return config with a connected channel's secret and token in this platform's place."""
        ...


_STRING = re.compile(r'"(?:\\.|[^"\\])*"')
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """Return how deeply arrays and objects nest in a JSON text (strings skipped)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def load_json(body: bytes) -> object:
    """Parse a webhook body; ValueError if it is not JSON or nests beyond MAX_DEPTH."""
    text = body.decode("utf-8")  # UnicodeDecodeError is a ValueError
    if json_depth(text) > MAX_DEPTH:
        raise ValueError(f"JSON nested deeper than {MAX_DEPTH}")
    return json.loads(text)


def header(headers: Mapping[str, str], name: str) -> str:
    """Return a request header's value, matched without regard to case ("" when absent)."""
    for key, value in headers.items():
        if key.lower() == name.lower():
            return str(value)
    return ""
