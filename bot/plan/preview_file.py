"""The plan preview as an Excel file: every row with what to check, dates in Buddhist Era."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from bot.domain.thai import format_date_en, format_date_th
from bot.plan.preview import (
    PlanPreview,
    effective_plan,
    plan_fiscal_year,
    plan_notes,
    problems,
    row_notes,
)
from bot.texts import t

COLUMNS = (
    ("row", 6), ("number", 10), ("title", 50), ("method", 40), ("divisions", 28),
    ("start", 14), ("end", 14), ("timeframe", 22), ("status", 18), ("assessment", 10),
    ("source", 18), ("notes", 36),
)  # fmt: skip


def date_text(d: date | None, lang: str = "th") -> str:
    """A date for people ("31 มี.ค. 2566"), or "-"."""
    if d is None:
        return "-"
    return format_date_th(d) if lang == "th" else format_date_en(d)


def render_preview_xlsx(
    preview: PlanPreview, numbers: list[int | None], current_fiscal_year: int, lang: str = "th"
) -> bytes:
    """Return the preview as an XLSX workbook: the rows, then the problems and notes."""
    plan = effective_plan(preview)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = t("setup.preview.col_title", lang)[:31]
    head = t(
        "setup.preview.head", lang, name=preview.file_name, count=len(plan.measures),
        year=plan_fiscal_year(plan) or t("setup.preview.year_unknown", lang),
    )  # fmt: skip
    sheet.append([head])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([t(f"setup.preview.col_{name}", lang) for name, _ in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    notes = row_notes(plan, lang)
    for i, m in enumerate(plan.measures):
        number = numbers[i] if i < len(numbers) else None
        sheet.append([
            i + 1, number if number is not None else t("setup.preview.row_new", lang).strip(),
            m.title, m.method, ", ".join(m.divisions), date_text(m.start, lang),
            date_text(m.end, lang), m.timeframe_text,
            t(f"status.{m.status.value}", lang) if m.status else "",
            m.assessment.value if m.assessment else "", m.source,
            "; ".join(notes[i] + m.warnings),
        ])  # fmt: skip
    for index, (_, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    found = problems(preview) + plan_notes(preview, current_fiscal_year, lang) + plan.warnings
    if found:
        other = book.create_sheet(t("setup.preview.sheet_problems", lang)[:31])
        other.column_dimensions["A"].width = 100
        for line in found:
            other.append([line])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
