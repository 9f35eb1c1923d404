"""The `สรุปจังหวัด` card: ranked lines, who is behind, within the platforms' limits."""

from __future__ import annotations

import json
import re
from datetime import date

from bot.platforms.card_html import card_html
from bot.platforms.line.flex import card_flex
from bot.province.card import TOP, province_card
from bot.province.figures import OrgFigures

DAY = date(2026, 11, 21)


def _row(org: str, name: str, percent: float, overdue: int, measures: int = 10) -> OrgFigures:
    done = round(measures * percent / 100)
    return OrgFigures(org, name, "", "2026-11", measures, done, overdue, 0, percent)


def test_card_ranks_best_first_and_marks_who_is_behind() -> None:
    rows = [_row("b", "ทต.<ท่าพระ>", 20.0, 3), _row("a", "อบต.บ้านตัวอย่าง", 60.0, 0)]
    card = province_card("ขอนแก่น", rows, DAY)
    assert card_html(card).index("1. อบต.บ้านตัวอย่าง") < card_html(card).index("2. ทต.&lt;ท่าพระ&gt;")
    assert "มีมาตรการเกินกำหนด 1 จาก 2 หน่วยงาน" in card_html(card)
    assert "⚠ ดำเนินการแล้ว 20% (2/10) · เกินกำหนด 3 มาตรการ" in card_html(card)
    assert "21 พ.ย. 2569" in card.alt_text and "จังหวัดขอนแก่น" in card.alt_text
    body = card_flex(card)["body"]["contents"]  # type: ignore[index]
    colours = {n["text"]: n.get("color") for n in body}
    assert colours["ดำเนินการแล้ว 20% (2/10) · เกินกำหนด 3 มาตรการ"] == "#C62828"
    assert colours["ดำเนินการแล้ว 60% (6/10) · เกินกำหนด 0 มาตรการ"] != "#C62828"


def test_card_in_english() -> None:
    card = province_card("ขอนแก่น", [_row("a", "อบต.ก", 50.0, 0)], DAY, "en")
    html = card_html(card)
    assert "No organisation has overdue measures" in html and "1 organisations" in html


def test_a_large_province_lists_the_top_and_counts_the_rest() -> None:
    rows = [_row(f"o{i}", f"องค์การบริหารส่วนตำบลที่ {i:03d}", i % 100, i % 4) for i in range(120)]
    card = province_card("นครราชสีมา", rows, DAY)
    assert len(re.findall(r"\n<b>\d+\. ", card_html(card))) == TOP
    assert "และอีก 100 หน่วยงาน" in card_html(card)
    assert len(card_html(card)) <= 4096 and len(card.alt_text) <= 400
    assert len(json.dumps(card_flex(card), ensure_ascii=False).encode()) < 30_000  # a Flex bubble


def test_an_empty_province() -> None:
    card = province_card("อ่างทอง", [], DAY)
    assert "ยังไม่มีหน่วยงานในจังหวัดอ่างทอง" in card_html(card)
