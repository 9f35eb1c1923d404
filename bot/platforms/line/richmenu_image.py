"""Draw a rich menu page as a PNG: Thai labels in Sarabun (from the fontpkg-sarabun wheel)."""

from __future__ import annotations

import io
from functools import cache

import fontpkg
from PIL import Image, ImageDraw, ImageFont

from bot.chat.menus import HEIGHT, WIDTH, Button, MenuPage

BACKGROUND = "#F4F6F8"
CARD = "#FFFFFF"
ACCENT = "#1B5E20"
INK = "#212121"
MUTED = "#5F6368"
TAB_OFF = "#DADFE4"
GAP = 18  # pixels between cards
LABEL_PX, HINT_PX, TAB_PX = 104, 54, 84


@cache
def _font(weight: int, size: int) -> ImageFont.FreeTypeFont:
    # RAQM shapes Thai (vowels and tone marks stack above and below their consonant).
    return ImageFont.truetype(
        str(fontpkg.path("Sarabun", weight)), size, layout_engine=ImageFont.Layout.RAQM
    )


def _fit(draw: ImageDraw.ImageDraw, text: str, weight: int, size: int, width: int) -> str:
    """Return text shortened with an ellipsis so it fits width at this size."""
    font = _font(weight, size)
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def _wrap(draw: ImageDraw.ImageDraw, text: str, size: int, width: int) -> list[str]:
    """Split a hint on spaces into at most two lines that fit width."""
    font = _font(400, size)
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [_fit(draw, line, 400, size, width) for line in lines]


def _card(draw: ImageDraw.ImageDraw, b: Button) -> None:
    box = (b.x + GAP, b.y + GAP, b.x + b.width - GAP, b.y + b.height - GAP)
    draw.rounded_rectangle(box, radius=36, fill=CARD, outline="#C8CDD2", width=4)
    draw.rounded_rectangle((box[0], box[1], box[2], box[1] + 22), radius=11, fill=ACCENT)
    inner = b.width - 4 * GAP
    centre_x = b.x + b.width // 2
    label = _fit(draw, b.label, 700, LABEL_PX, inner)
    hint = _wrap(draw, b.hint, HINT_PX, inner)
    block = LABEL_PX * 1.5 + len(hint) * HINT_PX * 1.4
    y = b.y + (b.height - block) / 2
    draw.text((centre_x, y), label, font=_font(700, LABEL_PX), fill=INK, anchor="mt")
    y += LABEL_PX * 1.5
    for line in hint:
        draw.text((centre_x, y), line, font=_font(400, HINT_PX), fill=MUTED, anchor="mt")
        y += HINT_PX * 1.4


def _tab(draw: ImageDraw.ImageDraw, b: Button) -> None:
    fill, ink = (ACCENT, "#FFFFFF") if b.is_active_tab else (TAB_OFF, INK)
    draw.rectangle((b.x, b.y, b.x + b.width, b.y + b.height), fill=fill)
    label = _fit(draw, b.label, 700, TAB_PX, b.width - 2 * GAP)
    centre = (b.x + b.width // 2, b.y + b.height // 2)
    draw.text(centre, label, font=_font(700, TAB_PX), fill=ink, anchor="mm")


def draw_page(page: MenuPage) -> bytes:
    """Return the page's image as PNG bytes, exactly the rich menu's size."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for tab in page.tabs:
        _tab(draw, tab)
    for button in page.buttons:
        _card(draw, button)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
