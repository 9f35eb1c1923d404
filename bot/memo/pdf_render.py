"""The memo as PDF: A4 portrait memo pages, then the progress report (landscape) attached."""

from __future__ import annotations

import base64
from html import escape

from weasyprint import HTML

from bot.memo.compile import Block, MemoView
from bot.report import ReportDocument
from bot.report.pdf_render import FONT_FAMILY, _font_faces, _t, render_html


def render_memo_pdf(view: MemoView, report: ReportDocument) -> bytes:
    """Render the memo and its attachment as one PDF."""
    memo = HTML(string=memo_html(view)).render()
    attachment = HTML(string=render_html(report)).render()
    return memo.copy([*memo.pages, *attachment.pages]).write_pdf()


def _signature(png: bytes | None) -> str:
    if not png:
        return '<div class="sig"></div>'
    data = base64.b64encode(png).decode()
    return f'<div class="sig"><img src="data:image/png;base64,{data}" alt=""></div>'


def _block(block: Block) -> str:
    comment = "".join(f'<p class="comment">{_t(line)}</p>' for line in block.comment)
    return (
        f'<div class="block"><p class="bh">{_t(block.heading)}</p>{comment}'
        f'<div class="signer">{_signature(block.signature)}<p>{_t(block.name)}</p>'
        f"<p>{_t(block.position)}</p><p>{_t(block.date)}</p></div></div>"
    )


def memo_html(view: MemoView) -> str:
    """Return the HTML page of the memo itself, laid out as seed 000."""
    sections = "".join(
        f'<p class="sh">{_t(head)}</p>' + "".join(f'<p class="para">{_t(p)}</p>' for p in paras)
        for head, paras in view.sections
    )
    note = f'<p class="note">{_t(view.version_note)}</p>' if view.version_note else ""
    body = (
        f"<h1>{_t(view.head)}</h1>{note}"
        f"<p>{_t(view.division_line)}</p>"
        f'<p class="row"><span>{_t(view.number_line)}</span>'
        f'<span class="right">{_t(view.date_line)}</span></p>'
        f'<p class="subject">เรื่อง {_t(view.subject)}</p>'
        f'<p class="to">เรียน {_t(view.to)}</p>{sections}'
        f'<p class="closing">{_t(view.closing)}</p>'
        f'<div class="signer writer">{_signature(view.writer_signature)}'
        f"<p>{_t(view.writer_name)}</p><p>{_t(view.writer_position)}</p></div>"
        + "".join(_block(b) for b in view.blocks)
    )
    return (
        '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
        f"<title>{escape(view.subject)}</title><style>{_css()}</style></head>"
        f"<body>{body}</body></html>"
    )


def _css() -> str:
    return f"""{_font_faces()}
@page {{ size: A4 portrait; margin: 1.5cm 2cm 2cm 3cm; }}
html {{ font-family: "{FONT_FAMILY}"; font-size: 12pt; line-height: 1.5; }}
p {{ margin: 0; }}
h1 {{ text-align: center; font-size: 20pt; margin: 0 0 0.4em; }}
.note {{ text-align: right; font-size: 10pt; }}
.row {{ display: flex; justify-content: space-between; }}
.subject {{ margin-top: 0.2em; }}
.to {{ margin: 0.5em 0; }}
.sh {{ font-weight: 700; margin-top: 0.5em; }}
.para {{ text-indent: 2.5em; text-align: justify; }}
.closing {{ text-indent: 2.5em; margin-top: 0.6em; }}
.signer {{ margin: 0.4em 0 0 45%; text-align: center; break-inside: avoid; }}
.sig {{ height: 1.6cm; }}
.sig img {{ max-height: 1.6cm; max-width: 5cm; }}
.block {{ margin-top: 0.8em; break-inside: avoid; }}
.bh {{ font-weight: 700; }}
.comment {{ text-indent: 2.5em; }}
"""
