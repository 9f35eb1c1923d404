"""The official progress report (ITA item O43): data in, DOCX / XLSX / PDF bytes out."""

from __future__ import annotations

from importlib import import_module

from bot.report.document import ReportDocument, ReportRow, filename, prepare

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}

__all__ = ["MEDIA_TYPES", "ReportDocument", "ReportRow", "filename", "prepare", "render"]


def render(doc: ReportDocument, fmt: str) -> bytes:
    """Render doc as "docx", "xlsx" or "pdf" bytes; a renderer is imported on first use."""
    if fmt not in MEDIA_TYPES:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(MEDIA_TYPES)}")
    module = import_module(f"bot.report.{fmt}_render")
    return getattr(module, f"render_{fmt}")(doc)
