"""Replies into LINE messages: at most five, texts split and merged, choices as quick replies."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

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


def render(replies: Sequence[Reply], payloads: PayloadStore) -> list[sdk.Message]:
    """Turn replies into at most 5 LINE messages, merging texts, never dropping silently."""
    pieces = [_piece(reply, payloads) for reply in replies]
    messages = _messages(pieces)
    if len(messages) > MESSAGES_MAX:
        messages = _messages(_merge_texts(pieces))
    if len(messages) > MESSAGES_MAX:
        hidden = len(messages) - (MESSAGES_MAX - 1)
        notice = sdk.TextMessage(
            text=t("platforms.more_messages", count=hidden),
            quick_reply=messages[-1].quick_reply,
        )
        messages = [*messages[: MESSAGES_MAX - 1], notice]
    return messages


def _piece(reply: Reply, payloads: PayloadStore) -> _Words | sdk.Message:
    if isinstance(reply, Text):
        return _Words(reply.text, _quick_reply(reply.options, payloads))
    if isinstance(reply, Image) and reply.url.startswith("https://"):
        preview = reply.preview_url if reply.preview_url.startswith("https://") else reply.url
        return sdk.ImageMessage(original_content_url=reply.url, preview_image_url=preview)
    if isinstance(reply, Image | File):  # LINE shows HTTPS images only, and no files
        return _Words(link_text(reply))
    quick_reply = _quick_reply(reply.options, payloads)
    has_drawing = bool(reply.title or reply.body)
    try:
        contents = sdk.FlexContainer.from_dict(card_flex(reply)) if has_drawing else None
    except (ValueError, TypeError, KeyError):  # a broken card still says its words
        log.warning("invalid Flex card %r; sending its alt text", reply.alt_text[:40])
        contents = None
    if contents is None:
        return _Words(reply.alt_text, quick_reply)
    alt = shorten(reply.alt_text.strip() or "…", ALT_TEXT_MAX)
    return sdk.FlexMessage(alt_text=alt, contents=contents, quick_reply=quick_reply)


def _quick_reply(options: Sequence[Option], payloads: PayloadStore) -> sdk.QuickReply | None:
    if not options:
        return None
    pages = paginate(options, QUICK_REPLY_MAX)
    items = [_button(o.label, o.data, payloads) for o in pages[0]]
    if len(pages) > 1:  # more than 13: the last button opens the next page
        rest = [o for page in pages[1:] for o in page]
        parked = payloads.park_options(t("platforms.more_text"), rest)
        label = t("platforms.more_label", count=len(rest))
        items.append(_button(label, parked, payloads, is_key=True))
    return sdk.QuickReply(items=items)


def _button(
    label: str, data: str, payloads: PayloadStore, is_key: bool = False
) -> sdk.QuickReplyItem:
    action = sdk.PostbackAction(
        label=shorten_label(label, LABEL_MAX),
        data=data if is_key else payloads.shrink(data, DATA_MAX, utf16_len),
        display_text=shorten(label.strip() or "-", DISPLAY_TEXT_MAX),
    )
    return sdk.QuickReplyItem(action=action)


@dataclass(frozen=True)
class _Words:
    """A text on its way to becoming one or more text messages."""

    text: str
    quick_reply: sdk.QuickReply | None = None


def _messages(pieces: Sequence[_Words | sdk.Message]) -> list[sdk.Message]:
    out: list[sdk.Message] = []
    for piece in pieces:
        if not isinstance(piece, _Words):
            out.append(piece)
        elif piece.text.strip() or piece.quick_reply:
            text = piece.text if piece.text.strip() else t("platforms.choose")
            chunks = split_text(text, TEXT_MAX, utf16_len)
            out += [sdk.TextMessage(text=chunk) for chunk in chunks[:-1]]
            out.append(sdk.TextMessage(text=chunks[-1], quick_reply=piece.quick_reply))
    return out


def _merge_texts(pieces: Sequence[_Words | sdk.Message]) -> list[_Words | sdk.Message]:
    """Join neighbouring texts (the earlier without choices) into one, to send fewer messages."""
    merged: list[_Words | sdk.Message] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if isinstance(piece, _Words) and isinstance(last, _Words) and not last.quick_reply:
            merged[-1] = _Words(f"{last.text}\n\n{piece.text}".strip(), piece.quick_reply)
        else:
            merged.append(piece)
    return merged
