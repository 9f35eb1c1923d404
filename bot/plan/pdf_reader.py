"""Read a plan exported to PDF (text layer) into the same blocks and grids as a Word plan."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from bot.plan.docx_body import Cell, Grid
from bot.plan.limits import PlanLimits
from bot.plan.pdf_fonts import repair_fonts
from bot.plan.pdf_streams import StreamTooLarge, check_content_streams
from bot.plan.pdf_text import MARKS, repair_thai
from bot.plan.rows import PlanImportError

# Thai combining marks, and sara am (drawn here as a nikhahit with no advance of its own).
_MARK_SET = frozenset(ch for ch in map(chr, range(0x0E31, 0x0E4F)) if re.match(f"[{MARKS}]", ch))
_MARK_SET |= {"\u0e33"}
_SPACE_GAP = 0.18  # of the font size: a wider gap between letters is a space
_THAI = range(0x0E01, 0x0E5C)
_SPACES = re.compile(r" {2,}")


def pdf_blocks(path: Path, name: str, limits: PlanLimits) -> list[str | Grid]:
    """Return the document's lines outside tables (str) and its tables (Grid) in reading order."""
    try:
        check_content_streams(path, limits.pdf_stream_bytes, limits.pdf_pages)
    except StreamTooLarge as exc:
        limit = max(1, limits.pdf_stream_bytes // (1024 * 1024))
        raise PlanImportError("too_large_expanded", path=name, limit=limit) from exc
    except (PdfminerException, PSException, PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise _open_error(exc, name) from exc
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on a broken file
        raise PlanImportError("unreadable_pdf", path=name) from exc
    try:
        pdf = pdfplumber.open(path)
    except (PdfminerException, PSException, PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise _open_error(exc, name) from exc
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on a broken file
        raise PlanImportError("unreadable_pdf", path=name) from exc
    with pdf:
        try:
            pages = pdf.pages
        except Exception as exc:  # noqa: BLE001
            raise PlanImportError("unreadable_pdf", path=name) from exc
        if len(pages) > limits.pdf_pages:
            raise PlanImportError("too_many_pages", path=name, limit=limits.pdf_pages)
        blocks: list[str | Grid] = []
        numbers = iter(range(1, 1_000_000))
        fonts: set[int] = set()
        any_text = False
        for page in pages:
            try:
                repair_fonts(pdf, page, fonts)
                chars = page.chars
                tables = page.find_tables()
            except Exception as exc:  # noqa: BLE001
                raise PlanImportError("unreadable_pdf", path=name) from exc
            any_text = any_text or bool(chars)
            page_blocks = _page_blocks(chars, tables, numbers)
            first_grid = next((b for b in page_blocks if isinstance(b, Grid)), None)
            if first_grid is not None and page.page_number > 1:
                first_grid.after_page_break = True
            blocks += page_blocks
            page.close()
    if not any_text:
        raise PlanImportError("pdf_no_text", path=name)
    return blocks


def _open_error(exc: Exception, name: str) -> PlanImportError:
    cause = getattr(exc, "args", [None])[0] if isinstance(exc, PdfminerException) else exc
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return PlanImportError("encrypted_pdf", path=name)
    return PlanImportError("unreadable_pdf", path=name)


def _page_blocks(
    chars: list[dict[str, Any]], tables: list[Any], numbers: Iterator[int]
) -> list[str | Grid]:
    """Split a page's characters into tables and the lines around them, top to bottom."""
    gaps = not any(ch["text"] == " " for ch in chars)  # no drawn spaces: infer them from gaps
    placed: list[tuple[float, str | Grid]] = []
    outside: list[dict[str, Any]] = list(chars)
    for table in sorted(tables, key=lambda t: t.bbox[1]):
        grid, cells, xs, ys = _table_grid(table, next(numbers))
        inside: list[dict[str, Any]] = []
        rest: list[dict[str, Any]] = []
        x0, top, x1, bottom = table.bbox
        for ch in outside:
            cx, cy = _centre(ch)
            (inside if x0 <= cx <= x1 and top <= cy <= bottom else rest).append(ch)
        outside = rest
        _fill(grid, cells, xs, ys, inside, gaps)
        placed.append((top, grid))
    for line in _lines(outside):
        text = repair_thai(_line_text(line, gaps)).strip()
        if text:
            placed.append((min(c["top"] for c in line), text))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


def _centre(ch: dict[str, Any]) -> tuple[float, float]:
    # The baseline is exact where a font's box is not; sit just above it.
    return (ch["x0"] + ch["x1"]) / 2, ch["bottom"] - ch["size"] * 0.4


class _Slot:
    """One drawn cell of a PDF table: its box and the characters inside it."""

    def __init__(self, bbox: tuple[float, float, float, float], key: int) -> None:
        self.bbox = bbox
        self.key = key
        self.chars: list[dict[str, Any]] = []


def _table_grid(
    table: Any, number: int
) -> tuple[Grid, list[list[_Slot | None]], list[float], list[float]]:
    """Return the table's grid shape: which slot covers each (row, column)."""
    boxes = [cell for row in table.rows for cell in row.cells if cell is not None]
    xs = sorted({round(b[0], 1) for b in boxes})
    ys = sorted({round(b[1], 1) for b in boxes})
    slots: list[list[_Slot | None]] = [[None] * len(xs) for _ in ys]
    for key, box in enumerate(boxes):
        slot = _Slot(box, key)
        for r, y in enumerate(ys):
            for c, x in enumerate(xs):
                if box[0] - 0.5 <= x < box[2] - 0.5 and box[1] - 0.5 <= y < box[3] - 0.5:
                    slots[r][c] = slot
    return Grid(number), slots, xs, ys


def _fill(
    grid: Grid,
    slots: list[list[_Slot | None]],
    xs: list[float],
    ys: list[float],
    chars: list[dict[str, Any]],
    gaps: bool,
) -> None:
    """Put each character in its slot, then write the grid's cells with the slots' text."""
    for ch in chars:
        cx, cy = _centre(ch)
        r = max(0, bisect.bisect_right(ys, cy) - 1)
        c = max(0, bisect.bisect_right(xs, cx) - 1)
        slot = slots[r][c] if r < len(slots) and c < len(slots[r]) else None
        if slot is not None:
            slot.chars.append(ch)
    texts: dict[int, str] = {}
    for r, row in enumerate(slots):
        cells: list[Cell] = []
        for slot in row:
            if slot is None:
                cells.append(Cell("", -1 - len(cells) - 1000 * r))
                continue
            if slot.key not in texts:
                texts[slot.key] = repair_thai(_cell_text(slot, gaps))
            continued = r > 0 and slots[r - 1][len(cells)] is slot
            cells.append(Cell(texts[slot.key], slot.key, continued=continued))
        grid.rows.append(cells)


def _lines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group characters into lines by baseline, top to bottom, each line left to right.

    A mark stays after the letter the file draws it with: its own box says little."""
    clusters: list[list[dict[str, Any]]] = []
    for ch in chars:
        if ch["text"] in _MARK_SET and clusters and clusters[-1][0]["text"].strip():
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    rows: list[tuple[float, float, list[list[dict[str, Any]]]]] = []
    for cluster in clusters:
        base = cluster[0]
        y = base["matrix"][5]
        for baseline, size, members in rows:
            if abs(y - baseline) <= size * 0.5:
                members.append(cluster)
                break
        else:
            rows.append((y, base["size"], [cluster]))
    rows.sort(key=lambda row: -row[0])  # PDF y grows upwards
    return [
        [ch for cluster in sorted(members, key=lambda c: c[0]["x0"]) for ch in cluster]
        for _, _, members in rows
    ]


def _line_text(line: list[dict[str, Any]], gaps: bool) -> str:
    """Return a line's text; without drawn spaces, a gap between letters is a space."""
    parts: list[str] = []
    right: float | None = None
    for ch in line:
        text = ch["text"]
        if text in _MARK_SET or not text.strip():
            parts.append(text)
            continue
        if gaps and right is not None and ch["x0"] - right > ch["size"] * _SPACE_GAP:
            parts.append(" ")
        parts.append(text)
        right = ch["x1"]
    return _SPACES.sub(" ", "".join(parts))


def _cell_text(slot: _Slot, gaps: bool) -> str:
    """Return a cell's text: wrapped lines joined, paragraphs (short lines) kept apart."""
    lines = [(_ink(line), _line_text(line, gaps)) for line in _lines(slot.chars)]
    lines = [(line, text) for line, text in lines if line and text.strip()]
    if not lines:
        return ""
    out = lines[0][1].strip()
    for (before, raw_before), (line, raw) in zip(lines, lines[1:], strict=False):
        text = raw.strip()
        word_width = _width(line, len(text.split(" ")[0]))
        room = slot.bbox[2] - max(c["x1"] for c in before)
        if room > word_width + before[-1]["size"] * 1.5:
            out += "\n" + text  # the line ended early: a new paragraph
        elif raw_before.endswith(" ") or not (_is_thai(out[-1]) and _is_thai(text[0])):
            out += " " + text  # wrapped at a space (drawn at the line's end) or between words
        else:
            out += text  # a Thai phrase wrapped between two words with no space
    return out


def _ink(line: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the line's characters that leave ink (not spaces)."""
    return [ch for ch in line if ch["text"].strip()]


def _width(line: list[dict[str, Any]], letters: int) -> float:
    """Return the width of the first letters of a line."""
    seen = line[: max(1, letters)]
    return max(c["x1"] for c in seen) - line[0]["x0"]


def _is_thai(char: str) -> bool:
    return ord(char) in _THAI
