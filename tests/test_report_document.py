"""The official O43 progress report: document text, DOCX, XLSX and PDF renderings."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from bot.domain.model import Assessment, Measure, Organisation, Report, Status
from bot.domain.thai import BANGKOK
from bot.report.document import (
    COLUMNS,
    OFFICE_FONT,
    OTHER_SECTION,
    SECTION_NAMES,
    ReportDocument,
    ReportRow,
    filename,
    prepare,
)
from bot.report.docx_render import render_docx
from bot.report.xlsx_render import render_xlsx

ORG = "องค์การบริหารส่วนตำบลหัวหนอง"
TITLE_IIT = "การใช้อำนาจ ผู้บังคับบัญชานำผลการประเมินมากำหนดนโยบายการบริหารทรัพยากรบุคคล"
TITLE_OIT = "แผนดำเนินงานประจำปี"


def _report(measure_id: str, status: Status, text: str, percent: int | None) -> Report:
    at = datetime(2023, 3, 15, 10, 0, tzinfo=BANGKOK)
    return Report(f"r-{measure_id}", measure_id, status, at, "p1", "line", percent, text)


def make_document(thai_digits: bool = False, kind: str = "six_month") -> ReportDocument:
    org = Organisation(id="huanong", name=ORG)
    iit = Measure(
        "m1", 1, TITLE_IIT, method="๑) จัดทำแผน\n๒) รายงานผู้บังคับบัญชา",
        divisions=["สำนักปลัด", "กองคลัง"], assessment=Assessment.IIT, indicator=3,
        start=date(2023, 1, 1), end=date(2023, 3, 31), timeframe_text="ม.ค. ๖๖ - มี.ค. ๖๖",
    )  # fmt: skip
    eit = Measure("m2", 2, "สำรวจความพึงพอใจผู้รับบริการ", assessment=Assessment.EIT)
    oit = Measure(
        "m3", 3, TITLE_OIT, method="เผยแพร่บนเว็บไซต์ www.abt123.go.th", divisions=["กองช่าง"],
        assessment=Assessment.OIT, item="O12", start=date(2022, 10, 1), end=date(2023, 9, 30),
    )  # fmt: skip
    other = Measure("m4", 4, "ประชุมชี้แจงเจ้าหน้าที่", timeframe_text="ช่วงสงกรานต์")
    rows = [
        ReportRow(
            iit,
            _report("m1", Status.DONE, "ประชุมชี้แจงเมื่อวันที่ 6 ธันวาคม 2565", 100),
            ["รายงานการประชุม.pdf", "ภาพกิจกรรม"],
            "ควรแจ้งบุคลากรใหม่",
        ),
        ReportRow(eit, None, []),
        ReportRow(oit, _report("m3", Status.IN_PROGRESS, "รวบรวมข้อมูล", 60), []),
        ReportRow(other, None, []),
    ]
    start, end = (date(2023, 3, 1), date(2023, 3, 31)) if kind == "month" else (None, None)
    return ReportDocument(
        org=org, fiscal_year=2566, period_start=start or date(2022, 10, 1),
        period_end=end or date(2023, 3, 31), kind=kind, rows=rows,  # type: ignore[arg-type]
        thai_digits=thai_digits, generated_at=datetime(2023, 4, 1, 10, 30, tzinfo=BANGKOK),
    )  # fmt: skip


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fold(text: str) -> str:
    """Compare Thai text from a PDF: no whitespace, ำ split (NFKC), marks in a fixed order.

    The PDF text layer holds SARA AM as NIKHAHIT + SARA AA (see pdf_render._t).
    """
    text = squash(unicodedata.normalize("NFKC", text))
    return re.sub("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+", lambda m: "".join(sorted(m[0])), text)


def docx_text(data: bytes) -> tuple[docx.document.Document, str]:
    word = docx.Document(io.BytesIO(data))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return word, "\n".join(parts)


# --- document text -------------------------------------------------------------------------


def test_sections_in_order_with_other_last() -> None:
    view = prepare(make_document())
    headings = [section.heading for section in view.sections]
    expected = [*SECTION_NAMES.values(), OTHER_SECTION]
    assert [h.split(". ", 1)[1] for h in headings] == expected
    assert view.sections[-1].rows[0].title == "ประชุมชี้แจงเจ้าหน้าที่"


def test_rows_show_status_result_evidence_and_codes() -> None:
    view = prepare(make_document())
    done, = view.sections[0].rows  # fmt: skip
    lines = done.result_lines()
    assert lines[:3] == ["☑ ดำเนินการแล้ว", "☐ อยู่ระหว่างดำเนินการ", "☐ ยังไม่ได้ดำเนินการ"]
    assert "ความคืบหน้าร้อยละ 100" in lines
    assert lines[-3:] == ["หลักฐาน:", "- รายงานการประชุม.pdf", "- ภาพกิจกรรม"]
    assert done.timeframe == "ม.ค. 2566 - มี.ค. 2566"
    assert done.responsible == ("สำนักปลัด", "กองคลัง")
    unreported = view.sections[1].rows[0]
    assert unreported.result_lines()[2:] == ["☑ ยังไม่ได้ดำเนินการ", "(ยังไม่มีการรายงานผล)"]
    assert unreported.timeframe == "-"
    assert view.sections[2].rows[0].title == f"O12 {TITLE_OIT}"
    assert view.sections[3].rows[0].timeframe == "ช่วงสงกรานต์"  # unreadable: shown as written


def test_title_and_period_by_kind() -> None:
    six = prepare(make_document())
    assert six.title.endswith("(รอบ 6 เดือน) ประจำปีงบประมาณ พ.ศ. 2566")
    assert six.period == "ระหว่างวันที่ 1 ตุลาคม 2565 ถึงวันที่ 31 มีนาคม 2566"
    year_end = prepare(make_document(kind="year_end"))
    assert "(รอบ 12 เดือน)" in year_end.title
    month = prepare(make_document(kind="month"))
    assert "ประจำเดือนมีนาคม พ.ศ. 2566" in month.title
    assert filename(make_document(kind="month"), "pdf") == "ita-o43-2566-month-03-huanong.pdf"


def test_thai_digits_option() -> None:
    view = prepare(make_document(thai_digits=True))
    assert view.title.endswith("(รอบ ๖ เดือน) ประจำปีงบประมาณ พ.ศ. ๒๕๖๖")
    assert view.period == "ระหว่างวันที่ ๑ ตุลาคม ๒๕๖๕ ถึงวันที่ ๓๑ มีนาคม ๒๕๖๖"
    assert view.generated == "ข้อมูล ณ วันที่ ๑ เมษายน ๒๕๖๖ เวลา ๑๐.๓๐ น."
    iit, oit = view.sections[0].rows[0], view.sections[2].rows[0]
    assert iit.timeframe == "ม.ค. ๒๕๖๖ - มี.ค. ๒๕๖๖"
    assert "ประชุมชี้แจงเมื่อวันที่ ๖ ธันวาคม ๒๕๖๕" in iit.result
    assert "(รายงานเมื่อ ๑๕ มี.ค. ๒๕๖๖)" in iit.result
    assert oit.title.startswith("O12 ")  # codes, URLs and file names keep their digits
    assert oit.method == ("เผยแพร่บนเว็บไซต์ www.abt123.go.th",)
    assert not re.search(r"[0-9]", view.title + view.period + view.summary + iit.timeframe)


# --- DOCX ------------------------------------------------------------------------------------


def test_docx_content_layout_and_fonts() -> None:
    word, text = docx_text(render_docx(make_document()))
    view = prepare(make_document())
    for line in (*view.title_lines, ORG, view.period, *SECTION_NAMES.values(), TITLE_IIT):
        assert line in text
    assert len(word.tables) == 4
    for table in word.tables:
        header = table.rows[0]
        assert tuple(cell.text for cell in header.cells) == COLUMNS
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    section = word.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert abs(section.page_width.cm - 29.7) < 0.1
    fonts = word.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(slot)) == OFFICE_FONT
    assert word.styles["Normal"].element.rPr.find(qn("w:szCs")).get(qn("w:val")) == "32"


def test_docx_thai_digits() -> None:
    _, text = docx_text(render_docx(make_document(thai_digits=True)))
    assert "ระหว่างวันที่ ๑ ตุลาคม ๒๕๖๕ ถึงวันที่ ๓๑ มีนาคม ๒๕๖๖" in text
    assert "ต.ค. ๒๕๖๕ - ก.ย. ๒๕๖๖" in text


# --- XLSX ------------------------------------------------------------------------------------


def test_xlsx_same_rows_frozen_header_landscape() -> None:
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(make_document())))
    sheet = book.active
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(rows, 1) if row == COLUMNS)
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    view = prepare(make_document())
    expected = [row.cells() for section in view.sections for row in section.rows]
    body = [r for r in rows[header:] if r[1] is not None or r[2] is not None]
    assert [tuple(v or "" for v in r) for r in body] == expected
    assert sheet.cell(header + 2, 1).font.name == OFFICE_FONT
    assert sheet.cell(header + 2, 5).alignment.wrap_text


# --- PDF -------------------------------------------------------------------------------------

POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdftoppm) is not installed")
def test_pdf_text_and_pages(tmp_path: Path) -> None:
    from bot.report.pdf_render import render_pdf

    document = make_document()
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(document))
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    view = prepare(document)
    for expected in (view.title, ORG, TITLE_IIT, f"O12 {TITLE_OIT}", *COLUMNS):
        assert fold(expected) in fold(text), expected
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 1
    assert all(page.stat().st_size > 1000 for page in pages)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height  # landscape


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdftoppm) is not installed")
def test_pdf_thai_digits(tmp_path: Path) -> None:
    from bot.report.pdf_render import render_pdf

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(make_document(thai_digits=True)))
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert fold("ระหว่างวันที่ ๑ ตุลาคม ๒๕๖๕ ถึงวันที่ ๓๑ มีนาคม ๒๕๖๖") in fold(text)
    assert "หน้า ๑ / " in text


def test_render_dispatch_and_validation() -> None:
    from bot.report import MEDIA_TYPES, render

    assert render(make_document(), "xlsx")[:2] == b"PK"
    assert render(make_document(), "docx")[:2] == b"PK"
    assert set(MEDIA_TYPES) == {"docx", "xlsx", "pdf"}
    with pytest.raises(ValueError, match="unknown report format"):
        render(make_document(), "odt")
    with pytest.raises(ValueError, match="kind must be one of"):
        make_document(kind="weekly")
