"""Replies into LINE messages: at most five, texts split and merged, choices as quick replies.

Messages are LINE's JSON (dicts with LINE's own keys), not the SDK's pydantic models: a
push is built and serialised once, and turning models back into dicts cost more CPU than
the rest of a delivery (bench/bench_national.py). Flex cards are still checked by the
SDK's model before they go out, and the fake servers check every message against LINE's
schema in the tests.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from linebot.v3 import messaging as sdk

from bot.chat.messages import File, Image, Option, Reply, Text
from bot.platforms.limits import (
    link_text,
    paginate,
    shorten,
    shorten_label,
    split_text,
    utf16_len,
)
from bot.platforms.line.flex import card_flex
from bot.platforms.payloads import PayloadStore
from bot.texts import t

log = logging.getLogger(__name__)

TEXT_MAX = 5000
MESSAGES_MAX = 5
QUICK_REPLY_MAX = 13
LABEL_MAX = 20
DATA_MAX = 300
DISPLAY_TEXT_MAX = 300
ALT_TEXT_MAX = 1500


Message = dict[str, Any]  # one LINE message object, as sent: {"type": "text", ...}


def render(replies: Sequence[Reply], payloads: PayloadStore) -> list[Message]:
    """Turn replies into at most 5 LINE messages, merging texts, never dropping silently."""
    pieces = [_piece(reply, payloads) for reply in replies]
    messages = _messages(pieces)
    if len(messages) > MESSAGES_MAX:
        messages = _messages(_merge_texts(pieces))
    if len(messages) > MESSAGES_MAX:
        hidden = len(messages) - (MESSAGES_MAX - 1)
        notice = _text(t("platforms.more_messages", count=hidden), messages[-1].get("quickReply"))
        messages = [*messages[: MESSAGES_MAX - 1], notice]
    return messages


def _text(text: str, quick_reply: Message | None = None) -> Message:
    message: Message = {"type": "text", "text": text}
    if quick_reply is not None:
        message["quickReply"] = quick_reply
    return message


def _piece(reply: Reply, payloads: PayloadStore) -> _Words | Message:
    if isinstance(reply, Text):
        return _Words(reply.text, _quick_reply(reply.options, payloads))
    if isinstance(reply, Image) and reply.url.startswith("https://"):
        preview = reply.preview_url if reply.preview_url.startswith("https://") else reply.url
        return {"type": "image", "originalContentUrl": reply.url, "previewImageUrl": preview}
    if isinstance(reply, Image | File):  # LINE shows HTTPS images only, and no files
        return _Words(link_text(reply))
    quick_reply = _quick_reply(reply.options, payloads)
    has_drawing = bool(reply.title or reply.body)
    try:  # the SDK's model checks the card, and gives it back as LINE's JSON
        contents = sdk.FlexContainer.from_dict(card_flex(reply)) if has_drawing else None
    except (ValueError, TypeError, KeyError):  # a broken card still says its words
        log.warning("invalid Flex card %r; sending its alt text", reply.alt_text[:40])
        contents = None
    if contents is None:
        return _Words(reply.alt_text, quick_reply)
    alt = shorten(reply.alt_text.strip() or "…", ALT_TEXT_MAX)
    flex: Message = {"type": "flex", "altText": alt, "contents": contents.to_dict()}
    if quick_reply is not None:
        flex["quickReply"] = quick_reply
    return flex


def _quick_reply(options: Sequence[Option], payloads: PayloadStore) -> Message | None:
    if not options:
        return None
    pages = paginate(options, QUICK_REPLY_MAX)
    items = [_button(o.label, o.data, payloads) for o in pages[0]]
    if len(pages) > 1:  # more than 13: the last button opens the next page
        rest = [o for page in pages[1:] for o in page]
        parked = payloads.park_options(t("platforms.more_text"), rest)
        label = t("platforms.more_label", count=len(rest))
        items.append(_button(label, parked, payloads, is_key=True))
    return {"items": items}


def _button(label: str, data: str, payloads: PayloadStore, is_key: bool = False) -> Message:
    action = {
        "type": "postback",
        "label": shorten_label(label, LABEL_MAX),
        "data": data if is_key else payloads.shrink(data, DATA_MAX, utf16_len),
        "displayText": shorten(label.strip() or "-", DISPLAY_TEXT_MAX),
    }
    return {"type": "action", "action": action}


@dataclass(frozen=True)
class _Words:
    """A text on its way to becoming one or more text messages."""

    text: str
    quick_reply: Message | None = None


def _messages(pieces: Sequence[_Words | Message]) -> list[Message]:
    out: list[Message] = []
    for piece in pieces:
        if not isinstance(piece, _Words):
            out.append(piece)
        elif piece.text.strip() or piece.quick_reply:
            text = piece.text if piece.text.strip() else t("platforms.choose")
            chunks = split_text(text, TEXT_MAX, utf16_len)
            out += [_text(chunk) for chunk in chunks[:-1]]
            out.append(_text(chunks[-1], piece.quick_reply))
    return out


def _merge_texts(pieces: Sequence[_Words | Message]) -> list[_Words | Message]:
    """Join neighbouring texts (the earlier without choices) into one, to send fewer messages."""
    merged: list[_Words | Message] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if isinstance(piece, _Words) and isinstance(last, _Words) and not last.quick_reply:
            merged[-1] = _Words(f"{last.text}\n\n{piece.text}".strip(), piece.quick_reply)
        else:
            merged.append(piece)
    return merged
