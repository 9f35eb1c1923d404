"""Render the progress report as a Word file: A4 landscape, TH Sarabun New 16 pt, Thai-aware."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Emu, Length, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from bot.report.document import (
    COLUMN_WEIGHTS,
    OFFICE_FONT,
    DocumentView,
    ReportDocument,
    RowView,
    prepare,
)

BODY_PT = 16
TITLE_PT = 18
TABLE_PT = 14
SYMBOL_FONT = "Segoe UI Symbol"  # TH Sarabun New has no ☐/☑; Word's own symbol font does
PAGE_WIDTH, PAGE_HEIGHT = Cm(29.7), Cm(21.0)
MARGINS = {"top": Cm(2.0), "bottom": Cm(1.5), "left": Cm(2.0), "right": Cm(1.5)}
HEADER_FILL = "D9D9D9"


def render_docx(doc: ReportDocument) -> bytes:
    """Render the report as DOCX bytes."""
    view = prepare(doc)
    word = Document()
    _setup_page(word, view)
    _setup_styles(word)
    for line in view.title_lines:
        _paragraph(word.add_paragraph(), line, TITLE_PT, bold=True, center=True)
    _paragraph(word.add_paragraph(), view.org_name, BODY_PT, bold=True, center=True)
    _paragraph(word.add_paragraph(), view.period, BODY_PT, center=True)
    _paragraph(word.add_paragraph(), view.summary, BODY_PT)
    widths = _column_widths()
    for section in view.sections:
        heading = word.add_paragraph()
        heading.paragraph_format.space_before = Pt(12)
        heading.paragraph_format.keep_with_next = True
        _paragraph(heading, section.heading, BODY_PT, bold=True)
        table = word.add_table(rows=1, cols=len(view.columns))
        _setup_table(table, widths)
        _header_row(table.rows[0], view.columns, widths)
        for row in section.rows:
            _body_row(table.add_row(), row, widths)
    word.add_paragraph()
    for line in view.signoff:
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(14)
        paragraph.paragraph_format.keep_with_next = True
        _paragraph(paragraph, line, BODY_PT, center=True)
    word.core_properties.title = view.title
    word.core_properties.author = view.org_name
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _setup_page(word: WordDocument, view: DocumentView) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side, size in MARGINS.items():
        setattr(section, f"{side}_margin", size)
    if view.thai_digits:  # PAGE fields print ๑ ๒ ๓
        page_numbers = OxmlElement("w:pgNumType")
        page_numbers.set(qn("w:fmt"), "thaiNumbers")
        section._sectPr.append(page_numbers)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(footer, f"{view.generated}    หน้า ", 12)
    _page_field(footer)


def _setup_styles(word: WordDocument) -> None:
    normal = word.styles["Normal"]
    _font(normal.element.get_or_add_rPr(), BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


# Child order of <w:rPr> required by the OOXML schema (Word rejects out-of-order runs).
_RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
    "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
    "oMath",
)  # fmt: skip


def _set(rpr: BaseOxmlElement, tag: str, **attrs: str) -> None:
    """Replace rpr's child w:tag, keeping the schema order."""
    for old in rpr.findall(qn(f"w:{tag}")):
        rpr.remove(old)
    element = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    later = _RPR_ORDER[_RPR_ORDER.index(tag) + 1 :]
    rpr.insert_element_before(element, *(f"w:{name}" for name in later))


def _font(rpr: BaseOxmlElement, size: float, bold: bool = False, name: str = OFFICE_FONT) -> None:
    """Set the font on every script slot (Latin, East Asian, complex script) and both sizes."""
    _set(rpr, "rFonts", ascii=name, hAnsi=name, eastAsia=name, cs=name)
    for tag in ("b", "bCs"):
        if bold:
            _set(rpr, tag)
        else:
            for old in rpr.findall(qn(f"w:{tag}")):
                rpr.remove(old)
    for tag in ("sz", "szCs"):  # szCs is the size Word uses for Thai (complex script) text
        _set(rpr, tag, val=str(round(size * 2)))
    _set(rpr, "lang", bidi="th-TH")


def _run(
    paragraph: Paragraph, text: str, size: float, bold: bool = False, font: str = OFFICE_FONT
) -> Run:
    run = paragraph.add_run(text)
    _font(run._r.get_or_add_rPr(), size, bold, font)
    return run


def _paragraph(
    paragraph: Paragraph, text: str, size: float, bold: bool = False, center: bool = False
) -> None:
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, size, bold)


def _page_field(paragraph: Paragraph) -> None:
    # A PAGE field: begin, the instruction, separate, the shown result ("1"), end.
    _field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    _run(paragraph, "", 12)._r.append(instr)
    _field_char(paragraph, "separate")
    _run(paragraph, "", 12).text = "1"
    _field_char(paragraph, "end")


def _field_char(paragraph: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    _run(paragraph, "", 12)._r.append(char)


def _column_widths() -> list[Length]:
    usable = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]
    return [Emu(usable * weight // sum(COLUMN_WEIGHTS)) for weight in COLUMN_WEIGHTS]


def _setup_table(table: Table, widths: list[Length]) -> None:
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(width.twips))


def _header_row(row: _Row, columns: tuple[str, ...], widths: list[Length]) -> None:
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):  # repeated at the top of every page
        properties.append(OxmlElement(tag))
    for cell, text, width in zip(row.cells, columns, widths, strict=True):
        cell.width = width
        shading = OxmlElement("w:shd")
        for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", HEADER_FILL)):
            shading.set(qn(key), value)
        cell._tc.get_or_add_tcPr().append(shading)
        _paragraph(cell.paragraphs[0], text, TABLE_PT, bold=True, center=True)


def _body_row(row: _Row, view: RowView, widths: list[Length]) -> None:
    cells = row.cells
    for cell, width in zip(cells, widths, strict=True):
        cell.width = width
    _lines(cells[0], [view.title])
    _lines(cells[1], list(view.method))
    _lines(cells[2], list(view.responsible))
    _lines(cells[3], [view.timeframe], center=True)
    first = True
    for box in view.checkboxes:
        paragraph = cells[4].paragraphs[0] if first else cells[4].add_paragraph()
        first = False
        _run(paragraph, box.text()[0], TABLE_PT, font=SYMBOL_FONT)
        _run(paragraph, f" {box.label}", TABLE_PT, bold=box.checked)
    for line in view.result + view.evidence:
        _run(cells[4].add_paragraph(), line, TABLE_PT)
    _lines(cells[5], list(view.suggestion))


def _lines(cell: _Cell, lines: list[str], center: bool = False) -> None:
    for i, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        _paragraph(paragraph, line, TABLE_PT, center=center)
