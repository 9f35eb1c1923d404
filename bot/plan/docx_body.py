"""Read a Word document's body in order: paragraphs and tables as plain text grids."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"}
_SPACES = re.compile(r"[ \t\u00a0\u200b\u3000]+")

# Check boxes and ticks drawn with symbol fonts (w:sym), by font and character code.
_SYMBOLS: dict[str, dict[int, str]] = {
    "wingdings": {
        0x6E: "■",
        0x6F: "□",
        0x71: "❑",
        0xA8: "☐",
        0xFB: "✗",
        0xFC: "✓",
        0xFD: "☒",
        0xFE: "☑",
    },
    "wingdings 2": {0x2A: "☐", 0x50: "✓", 0x52: "☑", 0x53: "☒", 0x54: "☒", 0xA3: "☐"},
    "symbol": {0xD6: "✓"},
}


@dataclass
class Cell:
    """One grid slot of a table row; slots of a merged cell share the same key."""

    text: str
    key: int
    continued: bool = False  # the lower part of a vertically merged cell
    shaded: bool = False  # filled with a colour (a bar in a month-by-month timetable)


@dataclass
class Grid:
    """A table as rows of grid slots (horizontally merged cells repeat their Cell)."""

    number: int  # 1-based position among all the document's tables
    rows: list[list[Cell]] = field(default_factory=list)
    # First table on a PDF page: its first row may be the rest of a row the page break split.
    after_page_break: bool = False

    @property
    def width(self) -> int:
        """Return the number of grid columns."""
        return max((len(r) for r in self.rows), default=0)


def distinct(row: list[Cell]) -> list[Cell]:
    """Return the row's cells once each, in order (merged cells appear once)."""
    seen: set[int] = set()
    cells: list[Cell] = []
    for cell in row:
        if cell.key not in seen:
            seen.add(cell.key)
            cells.append(cell)
    return cells


def iter_blocks(body: Any) -> Iterator[str | Grid]:
    """Yield the body's paragraphs (as text) and tables (as Grid) in document order."""
    yield from _blocks(body, itertools.count(1))


def _blocks(container: Any, numbers: Iterator[int]) -> Iterator[str | Grid]:
    for element in _children(container):
        if element.tag == W + "p":
            yield paragraph_text(element)
        elif element.tag == W + "tbl":
            cells = _own_cells(element)
            if len(cells) <= 2 and any(tc.find(f".//{W}tbl") is not None for tc in cells):
                # A one- or two-cell frame around the page: its content is what counts.
                for tc in cells:
                    yield from _blocks(tc, numbers)
            else:
                yield read_grid(element, next(numbers))


def _own_cells(tbl: Any) -> list[Any]:
    """Return the cells of tbl itself, not those of tables nested in it."""
    if tbl.find(f".//{W}tc//{W}tbl") is None:
        return list(tbl.iter(W + "tc"))
    return [tc for tc in tbl.iter(W + "tc") if _owning_table(tc) is tbl]


def _owning_table(tc: Any) -> Any:
    parent = tc.getparent()
    while parent is not None and parent.tag != W + "tbl":
        parent = parent.getparent()
    return parent


def _children(element: Any) -> Iterator[Any]:
    for child in element:
        if child.tag in _WRAPPERS:
            yield from _children(child)
        elif child.tag != W + "sdtPr":
            yield child


def read_grid(tbl: Any, number: int) -> Grid:
    """Turn a w:tbl element into a Grid, resolving horizontal and vertical merges."""
    grid = Grid(number)
    keys = itertools.count()
    above: list[Cell] = []
    for tr in _children(tbl):
        if tr.tag != W + "tr":
            continue
        row: list[Cell] = []
        before = _int_attr(tr.find(f"{W}trPr/{W}gridBefore"))
        for _ in range(before):
            row.append(Cell("", next(keys)))
        for tc in _children(tr):
            if tc.tag != W + "tc":
                continue
            span = max(1, _int_attr(tc.find(f"{W}tcPr/{W}gridSpan")) or 1)
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            column = len(row)
            if vmerge is not None and vmerge.get(W + "val", "continue") == "continue":
                top = above[column] if column < len(above) else None
                own = cell_text(tc)
                if top is not None:
                    cell = Cell(top.text, top.key, continued=True, shaded=top.shaded)
                else:
                    cell = Cell(own, next(keys), shaded=_shaded(tc))
            else:
                cell = Cell(cell_text(tc), next(keys), shaded=_shaded(tc))
            row.extend([cell] * span)
        grid.rows.append(row)
        above = row
    return grid


def _shaded(tc: Any) -> bool:
    shd = tc.find(f"{W}tcPr/{W}shd")
    if shd is None:
        return False
    fill = (shd.get(W + "fill") or "auto").upper()
    pattern = shd.get(W + "val") or "clear"
    return fill not in ("AUTO", "FFFFFF") or pattern not in ("clear", "nil")


def _int_attr(element: Any) -> int:
    if element is None:
        return 0
    try:
        return int(element.get(W + "val", "0"))
    except ValueError:
        return 0


def cell_text(tc: Any) -> str:
    """Return a cell's text: one line per non-empty paragraph, spaces collapsed."""
    lines = [paragraph_text(p) for p in tc.iter(W + "p")]
    return "\n".join(line for line in lines if line)


def paragraph_text(p: Any) -> str:
    """Return a paragraph's visible text with line breaks kept and spaces collapsed."""
    parts: list[str] = []
    _collect(p, parts)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _collect(element: Any, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab":
            parts.append(" ")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == W + "sym":
            parts.append(_symbol(child))
        elif tag == W + "p":
            # A paragraph inside a text box: keep it on its own line.
            parts.append("\n")
            _collect(child, parts)
            parts.append("\n")
        elif tag in (W + "del", _MC_FALLBACK, W + "instrText", W + "delText"):
            continue
        elif isinstance(tag, str):
            _collect(child, parts)


def _symbol(sym: Any) -> str:
    font = (sym.get(W + "font") or "").lower()
    try:
        code = int(sym.get(W + "char") or "", 16)
    except ValueError:
        return ""
    if code >= 0xF000:
        code -= 0xF000
    return _SYMBOLS.get(font, {}).get(code, "")
