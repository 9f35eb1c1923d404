"""Render the progress report as PDF: HTML laid out by WeasyPrint (Pango/HarfBuzz Thai shaping).

The HTML comes from ``templates/report.html.j2``. The Sarabun font comes from the
fontpkg-sarabun wheel, loaded by file:// URL, so no system font is needed. Needs the
system libraries libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0 and libthai0
(Thai line breaking).
"""

from __future__ import annotations

from weasyprint import HTML

from bot.report.document import COLUMN_WEIGHTS, ReportDocument, prepare
from bot.report.html import environment

BODY_PT = 12  # Sarabun draws larger than TH Sarabun New: 12 pt here looks like 16 pt there
TABLE_PT = 11
TITLE_PT = 14
TABLE_CHARS_PER_WEIGHT = 1.3  # Sarabun 11 pt characters per unit of COLUMN_WEIGHTS
KEEP_LINES = 10  # rows up to a third of a page are kept whole; taller ones split anywhere
FOOTER_CSS = 'font-family: "Sarabun"; font-size: 9pt; color: #444;'


def render_pdf(doc: ReportDocument) -> bytes:
    """Render the report as PDF bytes (A4 landscape, table headers repeated on every page)."""
    return HTML(string=render_html(doc)).write_pdf()


def render_html(doc: ReportDocument) -> str:
    """Return the HTML page the PDF is made from."""
    view = prepare(doc)
    return (
        environment("bot.report")
        .get_template("report.html.j2")
        .render(
            view=view,
            column_weights=COLUMN_WEIGHTS,
            chars_per_weight=TABLE_CHARS_PER_WEIGHT,
            keep_lines=KEEP_LINES,  # rows that fit on a page are kept whole; taller ones may split
            counter="thai" if view.thai_digits else "decimal",
            footer=FOOTER_CSS,
            body_pt=BODY_PT,
            table_pt=TABLE_PT,
            title_pt=TITLE_PT,
        )
    )
