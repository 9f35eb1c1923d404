"""A neutral card as chat HTML (``b`` tags only): Telegram's view and the simulator's."""

from __future__ import annotations

import html

from bot.chat.card_text import card_text
from bot.chat.messages import Card

HTML_MAX = 4096  # a Telegram message


def html_line(text: str, is_heading: bool) -> str:
    """Escape one line of text, bold when it is a heading."""
    escaped = html.escape(text, quote=False)
    return f"<b>{escaped}</b>" if is_heading and escaped else escaped


def card_html(card: Card, limit: int = HTML_MAX) -> str:
    """Return the card as HTML: title in bold, header, then its sections (cut to fit) or lines."""
    if not card.title and not card.body and not card.sections:
        return ""
    return card_text(card, limit, html_line)
