"""Check a ZIP container (DOCX, XLSX) against size limits before anything parses it."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

_CHUNK = 1 << 16


@dataclass(frozen=True)
class ContainerSummary:
    """What a container holds: its parts and their expanded size."""

    parts: int
    expanded_bytes: int


class ContainerError(Exception):
    """A container that breaks a limit or is not a readable ZIP; code names which."""

    def __init__(self, code: str, limit: int = 0, value: int = 0) -> None:
        self.code = code  # "not_zip", "too_many_parts", "too_large_expanded", "too_large_part"
        self.limit = limit
        self.value = value
        super().__init__(f"{code}: {value} > {limit}" if limit else code)


def check_zip(
    file: IO[bytes], max_expanded: int, max_parts: int, max_xml_part: int | None = None
) -> ContainerSummary:
    """Check the central directory's sizes, then decompress with a cap in case they lie.

    max_xml_part caps each XML part alone: a parser holds a whole part in memory as a tree."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ContainerError("not_zip") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > max_parts:
            raise ContainerError("too_many_parts", max_parts, len(infos))
        declared = sum(info.file_size for info in infos)
        if declared > max_expanded:
            raise ContainerError("too_large_expanded", max_expanded, declared)
        expanded = 0
        for info in infos:
            cap, limit, code = max_expanded - expanded, max_expanded, "too_large_expanded"
            if max_xml_part is not None and _is_xml(info.filename) and max_xml_part < cap:
                cap, limit, code = max_xml_part, max_xml_part, "too_large_part"
            size = info.file_size if info.file_size > cap else _expanded_size(archive, info, cap)
            if size > cap:
                value = size if code == "too_large_part" else expanded + size
                raise ContainerError(code, limit, value)
            expanded += size
    return ContainerSummary(parts=len(infos), expanded_bytes=expanded)


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _expanded_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> int:
    """Return one part's real expanded size, reading no further than just past cap."""
    size = 0
    try:
        with archive.open(info) as part:
            while size <= cap and (chunk := part.read(_CHUNK)):
                size += len(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ContainerError("not_zip") from exc
    except RuntimeError as exc:  # an encrypted part
        raise ContainerError("not_zip") from exc
    return size
