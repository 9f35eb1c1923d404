"""Where an invite leads: each platform's way to join (see ``Adapter.invite_way``) and a QR code.

Pure: no I/O.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import qrcode
import qrcode.constants
from qrcode.image.pil import PilImage

from bot.app.config import Config
from bot.platforms.base import InviteWay
from bot.platforms.registry import invite_ways


def scan_target(ways: list[InviteWay]) -> str | None:
    """Return what the QR code opens: the first platform's link (LINE: what officials use)."""
    return ways[0].link if ways else None


def invite_scan_target(
    config: Config, code: str, accounts: Mapping[str, str] | None = None
) -> str | None:
    """Return what the QR code of an invite opens, if any platform can be linked."""
    return scan_target(invite_ways(config, code, accounts=accounts))


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


__all__ = ["invite_scan_target", "invite_ways", "qr_png", "scan_target"]
