"""A neutral card as a LINE Flex bubble: a coloured header, then lines, bars and rules."""

from __future__ import annotations

import math
from typing import Any

from bot.chat.messages import Bar, Block, Card, Line, Rule, Style
from bot.platforms.limits import shorten

HEADER_MAX = 80  # characters of a header line (an organisation's name)
DONE_COLOUR = "#2E7D32"
TRACK_COLOUR = "#E0E0E0"
HEADER_COLOUR = "#0B5394"
OVERDUE_COLOUR = "#C62828"
MUTED_COLOUR = "#666666"

Node = dict[str, Any]
_LOOK: dict[Style, Node] = {
    Style.PLAIN: {"size": "sm", "margin": "sm"},
    Style.HEADLINE: {"weight": "bold", "size": "xxl"},
    Style.MUTED: {"size": "sm", "color": MUTED_COLOUR},
    Style.ITEM: {"size": "sm", "maxLines": 2, "margin": "sm"},
    Style.DETAIL: {"size": "xs", "color": MUTED_COLOUR, "maxLines": 2},
    Style.NOTE: {"size": "xs", "color": MUTED_COLOUR, "margin": "sm"},
    Style.GOOD: {"size": "sm", "color": DONE_COLOUR, "margin": "lg"},
    Style.ALERT: {"weight": "bold", "size": "sm", "color": OVERDUE_COLOUR, "margin": "lg"},
}
_HEADER_LOOK: dict[Style, Node] = {
    Style.MUTED: {"size": "xs", "color": "#DDDDDD"},
}


def _text(text: str, **style: Any) -> Node:
    return {"type": "text", "text": text or " ", "wrap": True, **style}


def progress_bar(value: float | None) -> Node:
    """Return a bar: a grey track holding a green box as wide as the percentage."""
    if value is not None and not math.isfinite(value):
        raise ValueError(f"a bar of {value}%")
    # Whole percents: LINE reads widths as "50%"; any progress shows at least 1%.
    filled = 0 if not value else max(1, min(100, round(value)))
    inner: list[Node] = [{"type": "filler"}]
    if filled:
        inner = [
            {
                "type": "box",
                "layout": "vertical",
                "contents": [{"type": "filler"}],
                "width": f"{filled}%",
                "height": "10px",
                "backgroundColor": DONE_COLOUR,
                "cornerRadius": "5px",
            }
        ]
    return {
        "type": "box",
        "layout": "vertical",
        "contents": inner,
        "height": "10px",
        "backgroundColor": TRACK_COLOUR,
        "cornerRadius": "5px",
        "margin": "sm",
    }


def _labelled_bar(bar: Bar) -> Node:
    label = {
        "type": "box",
        "layout": "horizontal",
        "contents": [
            _text(bar.label, weight="bold", size="sm", flex=0),
            _text(bar.figures, size="sm", align="end", color=MUTED_COLOUR),
        ],
    }
    return {
        "type": "box",
        "layout": "vertical",
        "margin": "md",
        "contents": [label, progress_bar(bar.percent)],
    }


def _block(block: Block) -> Node:
    if isinstance(block, Line):
        return _text(block.text, **_LOOK[block.style])
    if isinstance(block, Rule):
        return {"type": "separator", "margin": "lg"}
    return _labelled_bar(block) if block.label or block.figures else progress_bar(block.percent)


def card_flex(card: Card) -> Node:
    """Return a Flex bubble (the contents of a FlexMessage) drawing the card."""
    header = [_text(card.title, weight="bold", size="md", color="#FFFFFF")]
    for line in card.header:
        look = _HEADER_LOOK.get(line.style, {"size": "sm", "color": "#FFFFFF"})
        header.append(_text(shorten(" ".join(line.text.split()), HEADER_MAX, len), **look))
    bubble: Node = {
        "type": "bubble",
        "size": "mega",
        "header": {
            "type": "box",
            "layout": "vertical",
            "backgroundColor": HEADER_COLOUR,
            "contents": header,
        },
    }
    if card.body:
        body = [_block(block) for block in card.body]
        bubble["body"] = {"type": "box", "layout": "vertical", "contents": body}
    return bubble
