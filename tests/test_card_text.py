"""A neutral card as text: sections cut to fit with "and N more", body lines shown whole."""

from __future__ import annotations

from bot.chat.card_text import card_text
from bot.chat.messages import Bar, Card, Line, Rule, Section, Style
from bot.platforms.card_html import card_html


def heading(text: str, is_heading: bool) -> str:
    return f"*{text}*" if is_heading else text


def test_a_card_without_sections_shows_its_body_lines_whole() -> None:
    card = Card(
        "alt",
        "หัวเรื่อง",
        header=(Line("อบต.ตัวอย่าง"),),
        body=(Line("50%", Style.HEADLINE), Bar(50.0), Rule(), Bar(25.0, "IIT", "1/4 · 25%")),
    )
    assert card_text(card, 10, heading) == "*หัวเรื่อง*\nอบต.ตัวอย่าง\n50%\nIIT 1/4 · 25%"


def test_cuttable_sections_lose_lines_until_the_text_fits() -> None:
    lines = tuple(f"{n}. มาตรการที่ {n}" for n in range(1, 101))
    card = Card(
        "alt",
        "สรุป",
        sections=(Section(lines=("รวม 100",)), Section("เกินกำหนด", lines, "และอีก {count} รายการ")),
    )
    whole = card_text(card)
    assert whole.startswith("สรุป\n\nรวม 100\n\nเกินกำหนด\n1. มาตรการที่ 1") and "100." in whole
    cut = card_text(card, 300)
    assert len(cut) <= 300 and cut.endswith("รายการ")
    shown = cut.count(". มาตรการที่")
    assert 0 < shown < 100 and f"และอีก {100 - shown} รายการ" in cut


def test_html_view_escapes_and_bolds_headings_and_is_empty_for_a_bare_card() -> None:
    card = Card("alt", "<สรุป>", header=(Line("A & B"),), sections=(Section("หัว", ("x",)),))
    assert card_html(card) == "<b>&lt;สรุป&gt;</b>\nA &amp; B\n\n<b>หัว</b>\nx"
    assert card_html(Card("แค่ข้อความ")) == ""
