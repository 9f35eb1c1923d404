"""Pure helpers that fit content into the platforms' size limits without losing any of it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.chat.messages import File, Image
from bot.texts import t

T = TypeVar("T")
Measure = Callable[[str], int]
ELLIPSIS = "…"
# Coarse to fine: a paragraph break, a line break, a space. Text is cut at the last
# boundary that keeps the chunk at least half full, else at a finer one, else anywhere.
_BOUNDARIES = ("\n\n", "\n", " ")


def utf16_len(text: str) -> int:
    """Return the length of text in UTF-16 code units (how LINE counts)."""
    return len(text.encode("utf-16-le")) // 2


def utf8_len(text: str) -> int:
    """Return the length of text in UTF-8 bytes (how Telegram counts callback_data)."""
    return len(text.encode("utf-8"))


def _fitting_prefix(text: str, limit: int, measure: Measure) -> int:
    """Return the largest n with measure(text[:n]) <= limit (measure grows with n)."""
    if measure is len:
        return min(limit, len(text))
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(text[:mid]) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _cut(text: str, limit: int, measure: Measure) -> tuple[str, str]:
    """Split text into a head that fits and the rest, dropping the boundary between them."""
    room = max(1, _fitting_prefix(text, limit, measure))  # always progress, even if limit < 1 char
    for boundary in _BOUNDARIES:
        at = text.rfind(boundary, 1, room + len(boundary))
        if at * 2 >= room:
            return text[:at], text[at + len(boundary) :]
    return text[:room], text[room:]


def split_text(text: str, limit: int, measure: Measure = len) -> list[str]:
    """Split text into chunks of at most limit units on paragraph, line or space boundaries."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    chunks: list[str] = []
    rest = text
    while measure(rest) > limit:
        head, rest = _cut(rest, limit, measure)
        if head.strip():
            chunks.append(head)
    if rest.strip() or not chunks:
        chunks.append(rest)
    return chunks


def shorten(text: str, max_units: int, measure: Measure = utf16_len) -> str:
    """Return text cut to max_units with a trailing "…" when it is longer."""
    if measure(text) <= max_units:
        return text
    room = _fitting_prefix(text, max_units - measure(ELLIPSIS), measure)
    return text[:room].rstrip() + ELLIPSIS


def shorten_label(label: str, max_units: int) -> str:
    """Return a button label cut to max_units UTF-16 units, marked with "…" when cut."""
    return shorten(label.strip() or "-", max_units, utf16_len)


def paginate(items: Sequence[T], size: int) -> list[list[T]]:
    """Split items into pages of size, keeping one slot on every page but the last for "more"."""
    if size < 2:
        raise ValueError("size must be at least 2")
    pages: list[list[T]] = []
    rest = list(items)
    while len(rest) > size:
        pages.append(rest[: size - 1])
        rest = rest[size - 1 :]
    pages.append(rest)
    return pages


def link_text(reply: Image | File) -> str:
    """Return the words that stand in for an image or file a platform cannot show: a link."""
    if isinstance(reply, Image):
        return t("platforms.image_link", alt=f" {reply.alt}" if reply.alt else "", url=reply.url)
    size = f" ({human_size(reply.size)})" if reply.size else ""
    return t("platforms.file_link", name=reply.name, size=size, url=reply.url)


def human_size(size: int) -> str:
    """Return a byte count as B, KB or MB."""
    if size < 1024:
        return f"{size} B"
    kb = size / 1024
    return f"{kb:.1f} KB" if kb < 1024 else f"{kb / 1024:.1f} MB"
