"""Limits on what a plan file may hold, checked before and while it is read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.plan.containers import ContainerError, check_zip
from bot.plan.rows import PlanImport, PlanImportError


@dataclass(frozen=True)
class PlanLimits:
    """The most a plan file may weigh and hold; each refusal names its limit."""

    file_bytes: int = 20 * 1024 * 1024  # the file as sent
    expanded_bytes: int = 100 * 1024 * 1024  # every part of a DOCX/XLSX, decompressed
    xml_part_bytes: int = 10 * 1024 * 1024  # one XML part, parsed whole into a tree
    zip_parts: int = 2_000  # parts (files) inside a DOCX/XLSX
    cells: int = 50_000  # table cells (DOCX, PDF) or sheet cells (XLSX, CSV)
    cell_chars: int = 20_000  # characters in one cell
    rows: int = 5_000  # table or sheet rows
    measures: int = 500  # measures in one plan
    pdf_pages: int = 200
    pdf_stream_bytes: int = 20 * 1024 * 1024  # one page's content stream, inflated


DEFAULT_LIMITS = PlanLimits()


def check_measures(plan: PlanImport, name: str, limits: PlanLimits) -> None:
    """Refuse a plan with more measures than the limit."""
    if len(plan.measures) > limits.measures:
        raise PlanImportError(
            "too_many_measures", path=name, count=len(plan.measures), limit=limits.measures
        )


def check_file_size(path: Path, name: str, limits: PlanLimits) -> None:
    """Refuse a file larger than the limit before reading any of it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PlanImportError("unreadable_file", path=name) from exc
    if size > limits.file_bytes:
        raise PlanImportError("file_too_large", path=name, limit=_megabytes(limits.file_bytes))


def check_container(path: Path, name: str, limits: PlanLimits, unreadable: str) -> None:
    """Refuse a DOCX/XLSX whose parts expand past the limits (a ZIP bomb) before parsing it."""
    try:
        with path.open("rb") as handle:
            check_zip(handle, limits.expanded_bytes, limits.zip_parts, limits.xml_part_bytes)
    except ContainerError as exc:
        if exc.code == "too_many_parts":
            raise PlanImportError("too_many_parts", path=name, limit=exc.limit) from exc
        if exc.code in ("too_large_expanded", "too_large_part"):
            limit = _megabytes(exc.limit)
            raise PlanImportError(exc.code, path=name, limit=limit) from exc
        raise PlanImportError(unreadable, path=name) from exc
    except OSError as exc:
        raise PlanImportError(unreadable, path=name) from exc


def _megabytes(size: int) -> int:
    return max(1, size // (1024 * 1024))
