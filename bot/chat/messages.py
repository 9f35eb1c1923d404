"""Plain messages exchanged between the platform adapters and the chat core.

Adapters (LINE, Telegram, the simulator) turn webhook events into ``Incoming``
and turn ``Reply`` objects into platform calls. The core imports neither SDK.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.model import chat_address


class Platform(StrEnum):
    """The platforms that channel records name (bot/store/channel_record.py).

    Everything else takes a platform as its registry name (a plain string,
    ``bot.platforms.registry.ADAPTERS``); the channel records still use this enum.
    """

    LINE = "line"
    TELEGRAM = "telegram"
    SIMULATOR = "simulator"


class Kind(StrEnum):
    """What an incoming message is."""

    TEXT = "text"
    CHOICE = "choice"  # a tapped button: LINE postback, Telegram callback query
    IMAGE = "image"
    FILE = "file"
    FOLLOW = "follow"  # LINE follow/join, Telegram /start without a code


@dataclass(frozen=True)
class Identity:
    """A person's account on one platform."""

    platform: str  # the adapter's name in bot.platforms.registry: "line", "telegram", ...
    user_id: str
    channel: str = ""  # the channel record it came through; "" = the deployment's own

    @property
    def address(self) -> str:
        """Its key in Person.chat_ids and in per-user Redis keys ("line", "line@ch_x")."""
        return chat_address(self.platform, self.channel)


# The most a platform adapter downloads of one attachment: larger files are refused
# before download (declared size) or while downloading (streamed, cut at the limit).
DOWNLOAD_LIMIT = 10 * 1024 * 1024


class TooLarge(Exception):
    """A download was refused or cut: the file is larger than the limit."""

    def __init__(self, size: int | None, limit: int) -> None:
        self.size, self.limit = size, limit
        super().__init__(f"file of {size if size is not None else 'more than'} bytes > {limit}")


def read_capped(chunks: Iterable[bytes], limit: int) -> bytes:
    """Join downloaded chunks, raising TooLarge as soon as they pass limit bytes."""
    out = bytearray()
    for chunk in chunks:
        out += chunk
        if len(out) > limit:
            raise TooLarge(None, limit)
    return bytes(out)


@dataclass(frozen=True)
class Attachment:
    """An image or file sent by the person, still on the platform's servers."""

    platform_ref: str  # LINE message id, Telegram file_id, simulator upload id
    file_name: str = ""
    mime_type: str = ""
    size: int | None = None


@dataclass(frozen=True)
class Incoming:
    """One thing a person did in the chat."""

    identity: Identity
    kind: Kind
    text: str = ""
    data: str = ""  # the tapped choice's payload
    attachment: Attachment | None = None
    event_id: str = ""  # for deduplication: webhookEventId, update_id, ...
    chat_id: str = ""  # where to answer (Telegram chat id; LINE source id)
    display_name: str = ""


@dataclass(frozen=True)
class Option:
    """One choice offered to the person: a button label and the payload it sends back."""

    label: str
    data: str


@dataclass(frozen=True)
class Text:
    """A text message, optionally with choices (quick replies / inline keyboard)."""

    text: str
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Image:
    """An image the person can open: a public URL and a preview URL."""

    url: str
    preview_url: str = ""
    alt: str = ""


@dataclass(frozen=True)
class File:
    """A document to send: a download URL, its name and size."""

    url: str
    name: str
    size: int = 0


class Style(StrEnum):
    """How a line of a card stands out; each platform draws it its own way."""

    PLAIN = "plain"
    HEADLINE = "headline"  # one big figure
    MUTED = "muted"  # a quieter line under a headline or in the header
    ITEM = "item"  # the first line of a list entry
    DETAIL = "detail"  # small print under an item
    NOTE = "note"  # a small aside: "and 3 more"
    GOOD = "good"  # good news: nothing overdue
    ALERT = "alert"  # a heading that needs attention: overdue measures


@dataclass(frozen=True)
class Line:
    """A line of text on a card."""

    text: str
    style: Style = Style.PLAIN


@dataclass(frozen=True)
class Bar:
    """A progress bar, with an optional label and figures beside it."""

    percent: float | None
    label: str = ""
    figures: str = ""


@dataclass(frozen=True)
class Rule:
    """A thin line between two parts of a card."""


Block = Line | Bar | Rule


@dataclass(frozen=True)
class Section:
    """A heading and its lines, for text views; a section with ``more`` may be cut short.

    ``more`` is the line that replaces what was cut, with ``{count}`` for how many lines.
    """

    head: str = ""
    lines: tuple[str, ...] = ()
    more: str = ""


@dataclass(frozen=True)
class Card:
    """A rich card, drawn by each platform: LINE Flex, Telegram HTML, the simulator's view.

    ``body`` is the card at a glance (blocks); ``sections`` is its full text for platforms
    that show text. A card with no sections shows its body's lines as text; a card with
    neither title nor body is just its ``alt_text``.
    """

    alt_text: str
    title: str = ""
    header: tuple[Line, ...] = ()  # under the title: who, when
    body: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    options: tuple[Option, ...] = ()


Reply = Text | Image | File | Card
