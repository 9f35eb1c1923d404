"""Render the progress report as PDF: HTML laid out by WeasyPrint (Pango/HarfBuzz Thai shaping).

The Sarabun font comes from the fontpkg-sarabun wheel, loaded by file:// URL, so no
system font is needed. Needs the system libraries libpango-1.0-0, libpangoft2-1.0-0,
libharfbuzz-subset0 and libthai0 (Thai line breaking).
"""

from __future__ import annotations

import re
from functools import cache
from html import escape

import fontpkg
from weasyprint import HTML

from bot.report.document import (
    COLUMN_WEIGHTS,
    DocumentView,
    ReportDocument,
    RowView,
    prepare,
)

FONT_FAMILY = "Sarabun"
BODY_PT = 12  # Sarabun draws larger than TH Sarabun New: 12 pt here looks like 16 pt there
TABLE_PT = 11
TITLE_PT = 14
TABLE_CHARS_PER_WEIGHT = 1.3  # Sarabun 11 pt characters per unit of COLUMN_WEIGHTS
KEEP_LINES = 10  # rows up to a third of a page are kept whole; taller ones split anywhere
_SARA_AM = re.compile("([\u0e48-\u0e4b]?)\u0e33")


@cache
def _font_faces() -> str:
    faces = []
    for weight in (400, 700):
        url = fontpkg.path(FONT_FAMILY, weight).as_uri()
        faces.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
            f'src: url("{url}") format("truetype"); }}'
        )
    return "\n".join(faces)


def render_pdf(doc: ReportDocument) -> bytes:
    """Render the report as PDF bytes (A4 landscape, table headers repeated on every page)."""
    return HTML(string=render_html(doc)).write_pdf()


def render_html(doc: ReportDocument) -> str:
    """Return the HTML page the PDF is made from."""
    view = prepare(doc)
    parts = [
        f"<h1>{'<br>'.join(_t(line) for line in view.title_lines)}</h1>",
        f'<p class="org">{_t(view.org_name)}</p>',
        f'<p class="period">{_t(view.period)}</p>',
        f'<p class="summary">{_t(view.summary)}</p>',
    ]
    colgroup = "".join(f'<col style="width:{w}%">' for w in COLUMN_WEIGHTS)
    header = "".join(f"<th>{_t(c)}</th>" for c in view.columns)
    for section in view.sections:
        rows = "".join(_row(row) for row in section.rows)
        parts.append(
            f"<section><h2>{_t(section.heading)}</h2><table><colgroup>{colgroup}</colgroup>"
            f"<thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table></section>"
        )
    signoff = "".join(f"<p>{_t(line)}</p>" for line in view.signoff)
    parts.append(f'<div class="signoff">{signoff}</div>')
    return (
        f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
        f"<title>{_t(view.title)}</title><style>{_css(view)}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )


def _t(text: str) -> str:
    """Escape text for HTML, with SARA AM written out as NIKHAHIT + SARA AA.

    HarfBuzz splits SARA AM into those two glyphs anyway (NIKHAHIT before a tone mark), and
    WeasyPrint's per-glyph text map then loses the NIKHAHIT, so copied text reads "ดาเนิน".
    Splitting it first draws the same glyphs and copies as "ดําเนิน" (NFKC-equal to "ดำเนิน").
    """
    return escape(_SARA_AM.sub("\u0e4d\\1\u0e32", text))


def _lines(lines: tuple[str, ...] | list[str]) -> str:
    return "".join(f"<p>{_t(line)}</p>" for line in lines)


def _row(row: RowView) -> str:
    boxes = "".join(
        f'<p class="check"><span class="box{" on" if box.checked else ""}"></span>'
        f"{_t(box.label)}</p>"
        for box in row.checkboxes
    )
    cells = (
        _lines([row.title]),
        _lines(row.method),
        _lines(row.responsible),
        f'<p class="when">{_t(row.timeframe)}</p>',
        boxes + _lines(row.result) + _lines(row.evidence),
        _lines(row.suggestion),
    )
    # Rows that fit on a page are kept whole; taller ones may split (with the header repeated).
    keep = ' class="keep"' if row.line_count(TABLE_CHARS_PER_WEIGHT) <= KEEP_LINES else ""
    return f"<tr{keep}>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _css(view: DocumentView) -> str:
    counter = "thai" if view.thai_digits else "decimal"
    footer = f'font-family: "{FONT_FAMILY}"; font-size: 9pt; color: #444;'
    return f"""{_font_faces()}
@page {{
  size: A4 landscape; margin: 1.6cm 1.5cm 1.6cm 2cm;
  @bottom-left {{ content: {_css_string(view.generated)}; {footer} }}
  @bottom-right {{
    content: "หน้า " counter(page, {counter}) " / " counter(pages, {counter}); {footer}
  }}
}}
html {{ font-family: "{FONT_FAMILY}"; font-size: {BODY_PT}pt; line-height: 1.45; }}
h1 {{ font-size: {TITLE_PT}pt; text-align: center; margin: 0 3em 0.2em; line-height: 1.5; }}
p {{ margin: 0; }}
.org {{ text-align: center; font-weight: 700; }}
.period {{ text-align: center; margin-bottom: 0.6em; }}
h2 {{ font-size: {BODY_PT}pt; margin: 0.9em 0 0.3em; break-after: avoid; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; font-size: {TABLE_PT}pt; }}
th, td {{ border: 0.6pt solid #000; padding: 2pt 4pt; vertical-align: top; }}
th {{ background: #d9d9d9; text-align: center; vertical-align: middle; }}
td {{ overflow-wrap: break-word; }}
tr.keep {{ break-inside: avoid; }}
td p {{ orphans: 1; widows: 1; }}  /* with 2, WeasyPrint leaves pages half empty */
.when {{ text-align: center; }}
.check {{ white-space: nowrap; }}
.box {{ display: inline-block; position: relative; width: 0.62em; height: 0.62em;
  border: 0.7pt solid #000; margin-right: 0.35em; vertical-align: -0.02em; }}
.box.on::after {{ content: ""; position: absolute; left: 0.17em; top: -0.08em; width: 0.2em;
  height: 0.48em; border: solid #000; border-width: 0 0.11em 0.11em 0; transform: rotate(45deg); }}
.signoff {{ margin: 1.2em 0 0 60%; text-align: center; break-inside: avoid; }}
"""
