"""The HTML the PDFs are laid out from: escaping, SARA AM, the templates."""

from __future__ import annotations

from dataclasses import replace

from bot.report.html import css_string, thai_text
from bot.report.pdf_render import render_html
from tests.test_report_document import make_document


def test_thai_text_escapes_and_splits_sara_am() -> None:
    assert str(thai_text("<b>ดำเนิน</b> & น้ำ")) == (
        "&lt;b&gt;ด\u0e4d\u0e32เนิน&lt;/b&gt; &amp; น\u0e4d\u0e49\u0e32"
    )


def test_css_string_quotes_and_flattens() -> None:
    assert css_string('a "b"\\\nc') == '"a \\"b\\"\\\\ c"'


def test_report_html_escapes_what_people_typed() -> None:
    doc = make_document()
    doc = replace(doc, org=replace(doc.org, name='อบต.<script>alert("x")</script>'))
    html = render_html(doc)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert html.count("<tr") == html.count("</tr>") > 1
