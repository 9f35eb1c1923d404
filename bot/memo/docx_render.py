"""The memo as an editable Word file (TH Sarabun New 16 pt), the progress report appended."""

from __future__ import annotations

import copy
import io

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from bot.memo.compile import MemoView
from bot.report import ReportDocument
from bot.report.docx_render import (
    BODY_PT,
    MARGINS,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    _paragraph,
    _run,
    _setup_styles,
    render_docx,
)

HEAD_PT = 29  # "บันทึกข้อความ" as the regulations print it
SIGNER_INDENT = Cm(7.5)


def render_memo_docx(view: MemoView, report: ReportDocument) -> bytes:
    """Render the memo (A4 portrait) followed by its attachment (A4 landscape) as DOCX bytes."""
    word = Document()
    _setup_styles(word)
    section = word.sections[0]
    section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    section.top_margin, section.bottom_margin = Cm(1.5), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    _paragraph(word.add_paragraph(), view.head, HEAD_PT, bold=True, center=True)
    if view.version_note:
        note = word.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(note, view.version_note, BODY_PT - 2)
    _labelled(word, "ส่วนราชการ", view.division_line.removeprefix("ส่วนราชการ "))
    line = word.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(Cm(8))
    _run(line, view.number_line, BODY_PT)
    _run(line, "\t" + view.date_line, BODY_PT)
    _labelled(word, "เรื่อง", view.subject)
    _labelled(word, "เรียน", view.to).paragraph_format.space_before = Pt(8)
    for head, paragraphs in view.sections:
        heading = word.add_paragraph()
        heading.paragraph_format.space_before = Pt(6)
        _paragraph(heading, head, BODY_PT, bold=True)
        for text in paragraphs:
            body = word.add_paragraph()
            body.paragraph_format.first_line_indent = Cm(2.5)
            body.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
            _run(body, text, BODY_PT)
    closing = word.add_paragraph()
    closing.paragraph_format.first_line_indent = Cm(2.5)
    closing.paragraph_format.space_before = Pt(8)
    _run(closing, view.closing, BODY_PT)
    _signer(word, view.writer_signature, [view.writer_name, view.writer_position])
    for block in view.blocks:
        heading = word.add_paragraph()
        heading.paragraph_format.space_before = Pt(10)
        heading.paragraph_format.keep_with_next = True
        _paragraph(heading, block.heading, BODY_PT, bold=True)
        for text in block.comment:
            comment = word.add_paragraph()
            comment.paragraph_format.first_line_indent = Cm(2.5)
            comment.paragraph_format.keep_with_next = True
            _run(comment, text, BODY_PT)
        _signer(word, block.signature, [block.name, block.position, block.date])
    word.core_properties.title = view.subject
    _append_report(word, report)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _labelled(word: WordDocument, label: str, text: str) -> Paragraph:
    paragraph = word.add_paragraph()
    _run(paragraph, label + " ", BODY_PT, bold=True)
    _run(paragraph, text, BODY_PT)
    return paragraph


def _signer(word: WordDocument, signature: bytes | None, lines: list[str]) -> None:
    if signature:
        picture = word.add_paragraph()
        picture.paragraph_format.left_indent = SIGNER_INDENT
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(io.BytesIO(signature), height=Cm(1.5))
    else:
        word.add_paragraph().paragraph_format.keep_with_next = True
    for i, text in enumerate(lines):
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.left_indent = SIGNER_INDENT
        paragraph.paragraph_format.keep_with_next = i < len(lines) - 1
        _paragraph(paragraph, text, BODY_PT, center=True)


def _append_report(word: WordDocument, report: ReportDocument) -> None:
    """Start a landscape section and copy the progress report's body into it."""
    section = word.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side, size in MARGINS.items():
        setattr(section, f"{side}_margin", size)
    attached = Document(io.BytesIO(render_docx(report)))
    body = word.element.body
    final = body.find(qn("w:sectPr"))
    for element in attached.element.body:
        if element.tag == qn("w:sectPr"):
            continue
        copied = copy.deepcopy(element)
        if final is not None:
            final.addprevious(copied)
        else:
            body.append(copied)
