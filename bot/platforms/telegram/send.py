"""Replies into Telegram Bot API calls: texts in chunks, choices as keyboards, cards, media.

Everything here runs on the adapter's event loop (see bot.platforms.telegram.platform).
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, RetryAfter

from bot.chat.messages import Card, File, Image, Option, Reply, Text
from bot.platforms.card_html import card_html
from bot.platforms.limits import link_text, shorten, split_text, utf8_len, utf16_len
from bot.platforms.payloads import PayloadStore
from bot.texts import t

log = logging.getLogger(__name__)
T = TypeVar("T")

TEXT_MAX = 4096
CAPTION_MAX = 1024
CALLBACK_DATA_MAX = 64  # bytes, UTF-8
BUTTON_TEXT_MAX = 64
BUTTONS_MAX = 100  # per keyboard; more go in a following message
_TAG = re.compile(r"<[^>]*>")


def _retry_seconds(exc: RetryAfter) -> float:
    # PTB 22.2+ keeps a timedelta here; reading the public attribute warns (int deprecated).
    value = getattr(exc, "_retry_after", None) or exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def call_api(make: Callable[[], Awaitable[T]], max_retry_after: float) -> T:
    """Make one API call, waiting out one 429 flood wait (up to max_retry_after s), once."""
    try:
        return await make()
    except RetryAfter as exc:
        delay = _retry_seconds(exc)
        if delay > max_retry_after:
            raise
        log.info("Telegram flood control: retrying in %.0f s", delay)
        await asyncio.sleep(delay)
        return await make()


@dataclass
class TelegramSender:
    """The sending half of TelegramPlatform, for one Bot on the loop."""

    bot: Bot
    payloads: PayloadStore | None
    file_loader: Callable[[File], bytes | None] | None = None
    max_retry_after: float = 10.0

    async def send_all(self, chat_id: str | int, replies: Sequence[Reply]) -> None:
        """Send replies to a chat, in order."""
        for reply in replies:
            if isinstance(reply, Text):
                await self._send_text(chat_id, reply.text, reply.options)
            elif isinstance(reply, Card):
                await self._send_card(chat_id, reply)
            elif isinstance(reply, Image | File):
                await self._send_media(chat_id, reply)

    async def _call(self, make: Callable[[], Awaitable[T]]) -> T:
        return await call_api(make, self.max_retry_after)

    async def _send_text(
        self,
        chat_id: str | int,
        text: str,
        options: Sequence[Option] = (),
        parse_mode: str | None = None,
    ) -> None:
        """Send a text in chunks of 4096; choices go under the last one (100 per message)."""
        if not text.strip() and not options:
            return
        bot = self.bot
        text = text if text.strip() else t("platforms.choose")
        chunks = [text] if parse_mode else split_text(text, TEXT_MAX, utf16_len)
        groups = [options[i : i + BUTTONS_MAX] for i in range(0, len(options), BUTTONS_MAX)]
        for chunk in chunks[:-1]:
            await self._call(partial(bot.send_message, chat_id, chunk))
        keyboard = self._keyboard(groups[0] if groups else ())
        await self._call(
            partial(
                bot.send_message, chat_id, chunks[-1], parse_mode=parse_mode, reply_markup=keyboard
            )
        )
        for group in groups[1:]:
            more = self._keyboard(group)
            await self._call(
                partial(bot.send_message, chat_id, t("platforms.more_text"), reply_markup=more)
            )

    def _keyboard(self, options: Sequence[Option]) -> InlineKeyboardMarkup | None:
        if not options:
            return None
        assert self.payloads is not None, "sending choices needs the store"
        rows = [
            [
                InlineKeyboardButton(
                    shorten(o.label.strip() or "-", BUTTON_TEXT_MAX),
                    callback_data=self.payloads.shrink(o.data, CALLBACK_DATA_MAX, utf8_len),
                )
            ]
            for o in options
        ]
        return InlineKeyboardMarkup(rows)

    async def _send_card(self, chat_id: str | int, card: Card) -> None:
        markup = card_html(card, TEXT_MAX)
        visible = _TAG.sub("", markup)
        if markup.strip() and utf16_len(visible) <= TEXT_MAX:
            await self._send_text(chat_id, markup, card.options, ParseMode.HTML)
        elif markup.strip():  # too long for one message: split the words, lose the markup
            await self._send_text(chat_id, html.unescape(visible), card.options)
        else:
            await self._send_text(chat_id, card.alt_text, card.options)

    async def _send_media(self, chat_id: str | int, reply: Image | File) -> None:
        bot = self.bot
        try:
            if isinstance(reply, Image):
                caption = shorten(reply.alt, CAPTION_MAX) or None
                await self._call(partial(bot.send_photo, chat_id, reply.url, caption=caption))
                return
            loaded = self.file_loader(reply) if self.file_loader else None
            document: str | bytes = reply.url if loaded is None else loaded
            await self._call(
                partial(bot.send_document, chat_id, document, filename=reply.name or None)
            )
        except BadRequest as exc:  # Telegram could not fetch the URL: send the link instead
            log.info("Telegram refused media by URL (%s); sending the link", exc.message[:80])
            await self._send_text(chat_id, link_text(reply))
