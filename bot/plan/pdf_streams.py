"""Check a PDF's page content streams against an expansion limit before anything renders them."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import LIT

_FLATE = {LIT("FlateDecode"), LIT("Fl")}
_FORM = LIT("Form")
_CHUNK = 1 << 16


class StreamTooLarge(Exception):
    """A content stream that inflates past the limit (a compression bomb)."""


def check_content_streams(path: Path, max_stream_bytes: int, max_pages: int) -> None:
    """Raise StreamTooLarge if a page's content or form stream inflates past the limit.

    Only the streams a page's text is drawn from are inflated (with a cap); images stay
    compressed, as the reader never decodes them. pdfminer's own errors pass through."""
    with path.open("rb") as handle:
        document = PDFDocument(PDFParser(handle))
        seen: set[int] = set()
        for number, page in enumerate(PDFPage.create_pages(document)):
            if number >= max_pages:
                return  # the caller refuses the page count itself
            for stream in _content_streams(page, seen):
                if _inflated_size(stream, max_stream_bytes) > max_stream_bytes:
                    raise StreamTooLarge


def _content_streams(page: Any, seen: set[int]) -> list[PDFStream]:
    streams = [s for s in (resolve1(c) for c in page.contents or []) if isinstance(s, PDFStream)]
    xobjects = resolve1((page.resources or {}).get("XObject")) or {}
    if isinstance(xobjects, dict):
        for ref in xobjects.values():
            form = resolve1(ref)
            if isinstance(form, PDFStream) and form.get("Subtype") is _FORM:
                streams.append(form)
    fresh = [s for s in streams if id(s) not in seen]
    seen.update(id(s) for s in fresh)
    return fresh


def _inflated_size(stream: PDFStream, cap: int) -> int:
    """Return the stream's decoded size, inflating no further than just past cap."""
    filters = stream.get_filters()
    raw = stream.rawdata if stream.rawdata is not None else b""
    if not filters:
        return len(raw)
    if len(filters) != 1 or filters[0][0] not in _FLATE:
        return 0  # other filters are rare in text streams; pdfminer decodes them as it will
    inflater = zlib.decompressobj()
    size = 0
    data = raw
    try:
        while data and size <= cap:
            size += len(inflater.decompress(data, _CHUNK))
            data = inflater.unconsumed_tail
    except zlib.error:
        return 0  # a broken stream: pdfminer reports or skips it
    return size
