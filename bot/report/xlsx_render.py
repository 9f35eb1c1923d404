"""Render the progress report as one Excel sheet: frozen header row, A4 landscape print."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.report.document import COLUMN_WEIGHTS, OFFICE_FONT, ReportDocument, prepare

BODY_PT = 14
TITLE_PT = 18
CHARS_PER_WEIGHT = 1.9  # column width units (characters) per COLUMN_WEIGHTS unit
LINE_FILL = 1.1  # spacing characters of TH Sarabun New 14 pt per unit of column width
LINE_HEIGHT = 1.75  # TH Sarabun fonts are tall: about 1.6 em a line, plus a margin
SHEET_TITLE = "รายงานผล"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")


def render_xlsx(doc: ReportDocument) -> bytes:
    """Render the report as XLSX bytes."""
    view = prepare(doc)
    book = Workbook()
    sheet: Worksheet = book.active
    sheet.title = SHEET_TITLE
    width = len(view.columns)
    for weight, column in zip(COLUMN_WEIGHTS, range(1, width + 1), strict=True):
        sheet.column_dimensions[get_column_letter(column)].width = weight * CHARS_PER_WEIGHT
    row = 1
    for text, size, bold, lines, where in (
        ("\n".join(view.title_lines), TITLE_PT, True, 2, "center"),
        (view.org_name, BODY_PT + 2, True, 1, "center"),
        (view.period, BODY_PT, False, 1, "center"),
        (view.summary, BODY_PT, False, 1, "left"),
    ):
        font = Font(name=OFFICE_FONT, size=size, bold=bold)
        _banner(sheet, row, width, text, font, lines, where)
        row += 1
    header_row = row
    for column, text in enumerate(view.columns, 1):
        cell = sheet.cell(header_row, column, text)
        cell.font, cell.alignment = Font(name=OFFICE_FONT, size=BODY_PT, bold=True), _CENTER
        cell.fill, cell.border = _HEADER_FILL, _BORDER
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    body = Font(name=OFFICE_FONT, size=BODY_PT)
    for section in view.sections:
        row += 1
        font = Font(name=OFFICE_FONT, size=BODY_PT, bold=True)
        _banner(sheet, row, width, section.heading, font, horizontal="left")
        for column in range(1, width + 1):
            sheet.cell(row, column).fill = _SECTION_FILL
            sheet.cell(row, column).border = _BORDER
        for line in section.rows:
            row += 1
            for column, text in enumerate(line.cells(), 1):
                cell = sheet.cell(row, column, text or None)
                cell.font, cell.alignment, cell.border = body, _WRAP, _BORDER
            # Excel and LibreOffice do not grow wrapped rows on load: give each its height.
            lines = line.line_count(CHARS_PER_WEIGHT * LINE_FILL)
            sheet.row_dimensions[row].height = round(lines * BODY_PT * LINE_HEIGHT, 1)
    row += 1
    for closing in (*view.signoff, view.generated):
        row += 1
        sheet.merge_cells(start_row=row, start_column=4, end_row=row, end_column=width)
        cell = sheet.cell(row, 4, closing)
        cell.font, cell.alignment = body, Alignment(horizontal="center")
    _page_setup(sheet, view.org_name)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _banner(
    sheet: Worksheet,
    row: int,
    width: int,
    text: str,
    font: Font,
    lines: int = 1,
    horizontal: str = "center",
) -> None:
    """Write text across all columns of row (merged cells do not grow, so give it a height)."""
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    cell = sheet.cell(row, 1, text)
    cell.font = font
    cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal=horizontal)
    sheet.row_dimensions[row].height = font.size * 1.6 * lines


def _page_setup(sheet: Worksheet, org_name: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.right.text = "หน้า &P / &N"
    sheet.oddFooter.right.font = OFFICE_FONT
    sheet.oddFooter.left.text = org_name
    sheet.oddFooter.left.font = OFFICE_FONT
