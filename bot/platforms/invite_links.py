"""Where an invite leads: the LINE add-friend link, a LINE chat with the code typed in,
the Telegram deep link, and a QR code to scan. Pure: no I/O."""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import quote

import qrcode
import qrcode.constants
from qrcode.image.pil import PilImage

from bot.app.config import Config
from bot.store.invites import telegram_link


@dataclass(frozen=True)
class InviteLinks:
    """The links that carry one invite code."""

    line_add_friend: str | None  # adds the Official Account as a friend
    line_message: str | None  # opens the chat with the code already typed: one tap to join
    telegram: str | None  # /start CODE in the bot's chat

    @property
    def scan_target(self) -> str | None:
        """Return what the QR code opens: LINE first (what officials use), else Telegram."""
        return self.line_message or self.telegram


def invite_links(config: Config, code: str) -> InviteLinks:
    """Return the links of an invite code for this deployment's LINE and Telegram bots."""
    basic_id = config.line_bot_basic_id
    add_friend: str | None = None
    message: str | None = None
    if basic_id:
        account = quote(basic_id if basic_id.startswith("@") else f"@{basic_id}", safe="")
        add_friend = f"https://line.me/R/ti/p/{account}"
        message = f"https://line.me/R/oaMessage/{account}/?{quote(code)}"
    return InviteLinks(add_friend, message, telegram_link(config, code))


def qr_png(text: str, box_size: int = 12) -> bytes:
    """Return a QR code of text as PNG bytes (medium error correction, quiet border)."""
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=4
    )
    qr.add_data(text)
    qr.make(fit=True)
    image = qr.make_image(image_factory=PilImage)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
