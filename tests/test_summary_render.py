"""A summary's card as plain text, Telegram HTML, LINE Flex (checked against the spec); PNG."""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime
from html.parser import HTMLParser

import pytest
from PIL import Image

from bot.chat.messages import Option
from bot.domain.model import Assessment, Division, Measure, Organisation, Report, Status
from bot.domain.thai import BANGKOK
from bot.platforms.card_html import card_html
from bot.platforms.line.flex import card_flex
from bot.summary import compile_summary, summary_card, summary_json, summary_text
from bot.summary.chart import render_chart
from bot.summary.labels import utf16_len
from tests.fakes import line_request_errors, validate_telegram_call

DIVISIONS = ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม"]
ORG = Organisation("huanong", "องค์การบริหารส่วนตำบลหัวหนอง", [Division(d) for d in DIVISIONS])
LONG_TITLE = (
    "ผู้บริหารกำหนดมาตรการป้องกันการรับสินบนและผลประโยชน์ทับซ้อน "
    "โดยจัดทำคู่มือการปฏิบัติงานที่ชัดเจน เผยแพร่บนเว็บไซต์ของหน่วยงาน และรายงานผลทุกไตรมาส"
)
PUSH = "/v2/bot/message/push"
USER = "U" + "0" * 32


def many_overdue(count: int = 200) -> dict:
    """A summary with count overdue measures with long titles, plus a few done."""
    measures, reports = [], {}
    for n in range(1, count + 1):
        indicator = n % 10 + 1
        assessment = (Assessment.IIT, Assessment.EIT, Assessment.OIT)[
            (indicator > 5) + (indicator > 8)
        ]
        measures.append(
            Measure(f"m{n}", n, f"{LONG_TITLE} ({n})", divisions=[DIVISIONS[n % 4]],
                    assessment=assessment, indicator=indicator,
                    item=f"O{n % 43 + 1}" if assessment is Assessment.OIT else None,
                    end=date(2023, 1, n % 28 + 1))
        )  # fmt: skip
    for n in range(count + 1, count + 11):
        measures.append(Measure(f"m{n}", n, "ประชุมชี้แจง", divisions=["สำนักปลัด"], indicator=3))
        when = datetime(2023, 3, 2, tzinfo=BANGKOK)
        reports[f"m{n}"] = [Report(f"r{n}", f"m{n}", Status.DONE, when, "p", "line")]
    return summary_json(compile_summary(ORG, measures, reports, 2023, 3, None))


def small() -> dict:
    measures = [
        Measure("a", 1, "จัดทำคู่มือ", divisions=["กองคลัง"], assessment=Assessment.IIT,
                indicator=1, end=date(2023, 1, 31)),
        Measure("b", 2, "เผยแพร่แผนดำเนินงาน", divisions=["กองช่าง"], assessment=Assessment.OIT,
                indicator=9, item="O12", end=date(2023, 3, 31)),
    ]  # fmt: skip
    done = Report("r", "b", Status.DONE, datetime(2023, 3, 9, tzinfo=BANGKOK), "p", "line")
    return summary_json(compile_summary(ORG, measures, {"b": [done]}, 2023, 3, None))


def empty() -> dict:
    return summary_json(compile_summary(ORG, [], {}, 2023, 3, None))


def summary_html(summary: dict) -> str:
    """The summary's card as Telegram shows it."""
    return card_html(summary_card(summary))


def summary_flex(summary: dict) -> dict:
    """The summary's card as LINE shows it: a Flex bubble."""
    return card_flex(summary_card(summary))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.seen: set[str] = set()

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.seen.add(tag)
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing"


def check_telegram_html(text: str) -> None:
    assert len(text) <= 4096 and utf16_len(text) <= 4096
    parser = _Tags()
    parser.feed(text)
    parser.close()
    assert parser.open == [] and parser.seen <= {"b", "i", "u", "s", "code", "pre", "a"}
    validate_telegram_call("sendMessage", {"chat_id": 1, "text": text, "parse_mode": "HTML"})


def test_telegram_html_fits_even_with_200_overdue_measures() -> None:
    summary = many_overdue(200)
    assert len(summary["overdue"]) == 200
    text = summary_html(summary)
    check_telegram_html(text)
    assert "<b>มาตรการที่เกินกำหนด (200)</b>" in text
    hidden = int(re.search(r"และอีก (\d+) รายการ", text)[1])  # type: ignore[index]
    shown = text.count("\n   สิ้นสุด")
    assert shown >= 10 and shown + hidden == 200


def test_telegram_html_escapes_what_people_typed() -> None:
    summary = small()
    summary["org_name"] = "อบต. <ทดสอบ> & co"
    text = summary_html(summary)
    assert "&lt;ทดสอบ&gt; &amp; co" in text
    check_telegram_html(text)


def test_plain_text_in_thai_and_english() -> None:
    thai = summary_text(small())
    assert "ณ สิ้นเดือน มี.ค. 2566" in thai
    assert "มาตรการทั้งหมด 2 มาตรการ ดำเนินการแล้ว 1 (50%)" in thai
    assert "1. จัดทำคู่มือ\n   สิ้นสุด 31 ม.ค. 2566 · เกิน 59 วัน · กองคลัง" in thai
    assert "กองช่าง: ดำเนินการแล้ว 1/1" in thai and "สำนักปลัด: ดำเนินการแล้ว 0/0" in thai
    english = summary_text(small(), lang="en")
    assert "As of the end of Mar 2023" in english and "ended 31 Jan 2023" in english
    assert len(summary_text(many_overdue(200))) <= 5000


def test_empty_organisation_renders() -> None:
    assert "ยังไม่มีมาตรการในแผน" in summary_text(empty())
    check_telegram_html(summary_html(empty()))
    body = {
        "to": USER,
        "messages": [{"type": "flex", "altText": "x", "contents": summary_flex(empty())}],
    }
    assert line_request_errors("POST", PUSH, body) == []


@pytest.mark.parametrize("make", [small, many_overdue, empty])
def test_flex_card_validates_as_a_push(make) -> None:
    summary = make()
    card = summary_card(summary)
    assert card.options == (
        Option("รับทราบ", "ack:2023-03"),
        Option("ดูรายละเอียด", "sumfile:2023-03"),
    )
    assert utf16_len(card.alt_text) <= 1500
    flex = card_flex(card)
    message = {"type": "flex", "altText": card.alt_text, "contents": flex}
    assert line_request_errors("POST", PUSH, {"to": USER, "messages": [message]}) == []
    size = len(json.dumps(flex, ensure_ascii=False, separators=(",", ":")).encode())
    assert size <= 30 * 1024
    check_telegram_html(card_html(card))


def _texts(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["text"]] if node.get("type") == "text" else []
        return own + [t for value in node.values() for t in _texts(value)]
    if isinstance(node, list):
        return [t for item in node for t in _texts(item)]
    return []


def _bars(node: object) -> list[str]:
    if isinstance(node, dict):
        own = (
            [node["width"]] if node.get("backgroundColor") == "#2E7D32" and "width" in node else []
        )
        return own + [w for value in node.values() for w in _bars(value)]
    if isinstance(node, list):
        return [w for item in node for w in _bars(item)]
    return []


def test_flex_shows_title_org_month_bars_and_top_five_overdue() -> None:
    flex = summary_flex(many_overdue(200))
    texts = _texts(flex)
    assert texts[:3] == ["สรุปความก้าวหน้ามาตรการ ITA", ORG.name, "ณ สิ้นเดือน มี.ค. 2566"]
    assert sum(t.split(". ")[0].isdigit() for t in texts) == 5
    assert "และอีก 195 รายการ" in texts
    summary = small()
    # total 50% done; IIT 0% (no inner bar); OIT 100%
    assert _bars(summary_flex(summary)) == ["50%", "100%"]
    assert [t for t in _texts(summary_flex(summary)) if t.startswith(("IIT", "OIT"))] == [
        "IIT",
        "OIT",
    ]


@pytest.mark.parametrize(("by", "rows"), [("division", 4), ("indicator", 10)])
def test_chart_is_a_phone_sized_png(by: str, rows: int) -> None:
    png = render_chart(small(), by=by)  # type: ignore[arg-type]
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (1080, 250 + 90 + 120 * rows)
    colours = {colour for _, colour in image.convert("RGB").getcolors(1_000_000) or []}
    assert (0x2E, 0x7D, 0x32) in colours  # a "done" segment was drawn


def test_chart_of_an_empty_organisation_and_a_bad_grouping() -> None:
    image = Image.open(io.BytesIO(render_chart(empty())))
    assert image.size[0] == 1080
    with pytest.raises(ValueError):
        render_chart(small(), by="person")  # type: ignore[arg-type]


def test_chart_font_comes_from_the_pip_package() -> None:
    from bot.summary.chart import thai_font

    path = thai_font().get_file()
    assert "site-packages" in str(path) and str(path).endswith("Sarabun-Regular.ttf")
