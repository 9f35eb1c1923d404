"""The memo as PDF: A4 portrait memo pages, then the progress report (landscape) attached.

The memo's HTML comes from ``templates/memo.html.j2``.
"""

from __future__ import annotations

from weasyprint import HTML

from bot.memo.compile import MemoView
from bot.report import ReportDocument
from bot.report.html import environment
from bot.report.pdf_render import render_html


def render_memo_pdf(view: MemoView, report: ReportDocument) -> bytes:
    """Render the memo and its attachment as one PDF."""
    memo = HTML(string=memo_html(view)).render()
    attachment = HTML(string=render_html(report)).render()
    return memo.copy([*memo.pages, *attachment.pages]).write_pdf()


def memo_html(view: MemoView) -> str:
    """Return the HTML page of the memo itself, laid out as seed 000."""
    return environment("bot.memo").get_template("memo.html.j2").render(view=view)
