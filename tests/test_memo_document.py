"""The memo document: its text (pure), the DOCX and the PDF with the report attached."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from datetime import UTC, date, datetime

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from PIL import Image

from bot.domain.model import Organisation, Person
from bot.memo.chain import acknowledge, send
from bot.memo.compile import compile_memo
from bot.memo.docx_render import render_memo_docx
from bot.memo.model import ChainStep, Memo, MemoSettings
from bot.memo.pdf_render import render_memo_pdf
from bot.report.document import OFFICE_FONT
from tests.test_report_document import make_document

NOW = datetime(2027, 4, 2, 3, 0, tzinfo=UTC)
ORG = Organisation("huanong", "องค์การบริหารส่วนตำบลหัวหนอง")
SETTINGS = MemoSettings(province="ขอนแก่น", phone="043-272258", prefix="ขก 88801.002/")
SUMMARY = {
    "as_of": "2027-03-31",
    "totals": {"measures": 24, "done": 10, "in_progress": 8, "not_started": 2, "no_report": 4,
               "overdue": 3, "percent_done": 41.7},
    "by_division": [{"division": "กองคลัง", "measures": 6, "done": 2, "overdue": 1}],
}  # fmt: skip
PEOPLE = {
    "head": Person("head", "huanong", "จ่าเอกสุปชัย นวลพุดชา", []),
    "mayor": Person("mayor", "huanong", "นายสมศักดิ์ มาซา", []),
}
NAMES = {"sec": "นางชยานุศภัตน์ สีตาคำ", **{p.id: p.name for p in PEOPLE.values()}}


def signature() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (300, 100), (0, 0, 120, 255)).save(out, "PNG")
    return out.getvalue()


def memo(complete: bool = True) -> Memo:
    steps = [ChainStep("หัวหน้าสำนักปลัด", "head", "หัวหน้าสำนักปลัด อบต."),
             ChainStep("นายก", "mayor", f"นายก{ORG.name}")]  # fmt: skip
    m = send(Memo("huanong", "six_month", 2566, number=12), steps, "sec", NOW)
    acknowledge(m, 0, 1, PEOPLE["head"], "ทราบ เห็นควรเผยแพร่บนเว็บไซต์", "line", NOW)
    if complete:
        acknowledge(m, 1, 1, PEOPLE["mayor"], "ทราบ", "telegram", NOW)
    return m


def fold(text: str) -> str:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return re.sub("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+", lambda m: "".join(sorted(m[0])), text)


def test_text_has_every_part_in_thai_digits() -> None:
    view = compile_memo(memo(), SUMMARY, ORG, SETTINGS, NAMES, date(2027, 4, 2))
    assert view.number_line == "ที่ ขก ๘๘๘๐๑.๐๐๒/๑๒"
    assert view.date_line == "วันที่ ๒ เมษายน ๒๕๗๐"
    assert view.division_line == (
        "ส่วนราชการ สำนักปลัดองค์การบริหารส่วนตำบลหัวหนอง จังหวัดขอนแก่น โทร ๐๔๓-๒๗๒๒๕๘"
    )
    assert [h for h, _ in view.sections] == [
        "๑. เรื่องเดิม", "๒. ข้อเท็จจริง", "๓. กฎหมาย/ระเบียบที่เกี่ยวข้อง", "๔. ข้อเสนอแนะ",
    ]  # fmt: skip
    facts = " ".join(view.sections[1][1])
    assert "มาตรการทั้งหมด ๒๔ มาตรการ ดำเนินการแล้ว ๑๐ มาตรการ (ร้อยละ ๔๑.๗)" in facts
    assert "กองคลัง ดำเนินการแล้ว ๒ จาก ๖ มาตรการ เกินกำหนด ๑ มาตรการ" in facts
    assert view.to == "นายกองค์การบริหารส่วนตำบลหัวหนอง"
    assert view.writer_name == "(นางชยานุศภัตน์ สีตาคำ)"
    head, mayor = view.blocks
    assert head.heading == "ความเห็นของหัวหน้าสำนักปลัด"
    assert head.comment == ("ทราบ เห็นควรเผยแพร่บนเว็บไซต์",)
    assert (head.name, head.position) == ("(จ่าเอกสุปชัย นวลพุดชา)", "หัวหน้าสำนักปลัด อบต.")
    assert mayor.date == "วันที่ ๒ เมษายน ๒๕๗๐"
    arabic = compile_memo(memo(), SUMMARY, ORG, SETTINGS, NAMES, date(2027, 4, 2), False)
    assert arabic.number_line == "ที่ ขก 88801.002/12"


def test_a_step_not_reached_yet_has_dotted_lines() -> None:
    view = compile_memo(memo(complete=False), SUMMARY, ORG, SETTINGS, NAMES, date(2027, 4, 2))
    assert view.blocks[1].comment[0].startswith("....")
    assert view.blocks[1].name == "(นายสมศักดิ์ มาซา)"
    assert view.blocks[1].date.startswith("วันที่ ....")


def test_docx_is_editable_sarabun_with_the_report_attached() -> None:
    view = compile_memo(memo(), SUMMARY, ORG, SETTINGS, NAMES, date(2027, 4, 2),
                        signatures={"mayor": signature()})  # fmt: skip
    word = docx.Document(io.BytesIO(render_memo_docx(view, make_document(thai_digits=True))))
    text = "\n".join(p.text for p in word.paragraphs)
    for part in ("บันทึกข้อความ", "ความเห็นของหัวหน้าสำนักปลัด", "(นายสมศักดิ์ มาซา)",
                 "จึงเรียนมาเพื่อโปรดทราบและพิจารณาสั่งการต่อไป"):  # fmt: skip
        assert part in text
    assert text.index("ความเห็นของหัวหน้าสำนักปลัด") < text.index("ความเห็นของนายก")
    first, second = word.sections
    assert first.orientation == WD_ORIENT.PORTRAIT and first.page_width < first.page_height
    assert second.orientation == WD_ORIENT.LANDSCAPE and second.page_width > second.page_height
    assert len(word.tables) >= 1  # the progress report's table
    fonts = {f.get(qn("w:cs")) for f in word.element.body.iter(qn("w:rFonts"))}
    assert OFFICE_FONT in fonts
    assert len(word.inline_shapes) == 1  # the mayor's signature


def test_pdf_shows_blocks_in_the_seed_layout_and_the_signature(tmp_path) -> None:  # type: ignore[no-untyped-def]
    view = compile_memo(memo(), SUMMARY, ORG, SETTINGS, NAMES, date(2027, 4, 2),
                        signatures={"mayor": signature()})  # fmt: skip
    pdf = tmp_path / "memo.pdf"
    pdf.write_bytes(render_memo_pdf(view, make_document(thai_digits=True)))
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    flat, at = fold(text), 0
    for part in ("บันทึกข้อความ", "ส่วนราชการ", "ที่ขก๘๘๘๐๑.๐๐๒/๑๒", "วันที่๒เมษายน๒๕๗๐",
                 "เรื่องรายงานผล", "เรียนนายก", "๑.เรื่องเดิม", "จึงเรียนมา",
                 "(นางชยานุศภัตน์สีตาคำ)", "ความเห็นของหัวหน้าสำนักปลัด",
                 "ทราบเห็นควรเผยแพร่บนเว็บไซต์", "(จ่าเอกสุปชัยนวลพุดชา)",
                 "หัวหน้าสำนักปลัดอบต.", "ความเห็นของนายก", "(นายสมศักดิ์มาซา)",
                 "รายงานผลการดำเนินการตามมาตรการ"):  # fmt: skip
        found = flat.find(fold(part), at)
        assert found >= 0, part
        at = found
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]  # fmt: skip
    kinds = [line.split()[2] for line in images]
    assert kinds == ["image", "smask"]  # one signature, its transparency kept
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    pages = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", sizes)
    assert float(pages[0][0]) < float(pages[0][1])  # the memo: portrait
    assert float(pages[-1][0]) > float(pages[-1][1])  # the attachment: landscape
