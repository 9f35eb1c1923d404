"""Import a yearly ITA measure plan from a Word (.docx) file."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError

from bot.domain.divisions import DivisionMatcher
from bot.domain.model import Division
from bot.plan import cells
from bot.plan.columns import ColumnRole, Columns, Header, find_header
from bot.plan.docx_body import Cell, Grid, distinct, iter_blocks
from bot.plan.limits import (
    DEFAULT_LIMITS,
    PlanLimits,
    check_container,
    check_file_size,
    check_measures,
)
from bot.plan.measure_rows import RowContext, RowReader
from bot.plan.rows import PlanImport, PlanImportError
from bot.texts import t

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx and old .doc files
# Page numbers ("- ๒ -") and the "/ต่อ..." catchwords at a page foot do not end a table.
_PAGE_FURNITURE = re.compile(r"^\s*(?:[-–(\s]*[0-9๐-๙]+[-–)\s]*|/.*|หน้า\s*[0-9๐-๙]+.*)$", re.S)
_MAX_HEADING = 400
_HEADER_ROWS = 3
_MAX_SECTION_ROW = 120


def read_docx_plan(
    path: Path,
    divisions: Sequence[Division],
    name: str | None = None,
    limits: PlanLimits = DEFAULT_LIMITS,
) -> PlanImport:
    """Read every measure table of a Word plan; raise PlanImportError if there is none."""
    name = name or path.name
    blocks = list(iter_blocks(_open_body(path, name, limits)))
    return read_blocks(blocks, divisions, name, limits)


def read_blocks(
    blocks: list[str | Grid],
    divisions: Sequence[Division],
    name: str,
    limits: PlanLimits = DEFAULT_LIMITS,
) -> PlanImport:
    """Read the measure tables among a document's paragraphs and tables (Word or PDF)."""
    check_grids(blocks, name, limits)
    plan = PlanImport(fiscal_year=_document_fiscal_year(blocks))
    if not _DocumentReader(plan, DivisionMatcher(divisions)).read(blocks):
        raise PlanImportError("no_measure_table", path=name)
    check_measures(plan, name, limits)
    return plan


def check_grids(blocks: list[str | Grid], name: str, limits: PlanLimits) -> None:
    """Refuse a document whose tables hold more rows, cells or characters than the limits."""
    grids = [b for b in blocks if isinstance(b, Grid)]
    rows = sum(len(g.rows) for g in grids)
    if rows > limits.rows:
        raise PlanImportError("too_many_rows", path=name, count=rows, limit=limits.rows)
    cells_count = sum(len(r) for g in grids for r in g.rows)
    if cells_count > limits.cells:
        raise PlanImportError("too_many_cells", path=name, count=cells_count, limit=limits.cells)
    longest = max((len(c.text) for g in grids for r in g.rows for c in r), default=0)
    if longest > limits.cell_chars:
        raise PlanImportError("cell_too_long", path=name, limit=limits.cell_chars)


def _open_body(path: Path, name: str, limits: PlanLimits) -> Any:
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(_OLE_MAGIC))
    except OSError as exc:
        raise PlanImportError("unreadable_file", path=name) from exc
    if magic == _OLE_MAGIC:
        raise PlanImportError("encrypted_docx", path=name)
    check_file_size(path, name, limits)
    check_container(path, name, limits, "unreadable_file")
    try:
        return Document(str(path)).element.body
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise PlanImportError("unreadable_file", path=name) from exc


def _document_fiscal_year(blocks: list[str | Grid]) -> int | None:
    """Return the plan's fiscal year (BE) as the paragraphs before the first table state it."""
    before: list[int] = []
    everywhere: list[int] = []
    seen_measure_table = False
    for block in blocks:
        if isinstance(block, Grid):
            header = find_header(block)
            if header is not None and not seen_measure_table:
                # A title row above the header: "มาตรการ ... ประจำปีงบประมาณ ๒๕๖๖".
                for row in block.rows[: header.first_row]:
                    before += cells.fiscal_years(" ".join(c.text for c in distinct(row)))
            seen_measure_table = seen_measure_table or header is not None
            continue
        years = cells.fiscal_years(block)
        everywhere += years
        if not seen_measure_table:
            before += years
    candidates = before or everywhere
    if not candidates:
        return None
    # A plan for 2566 also talks about the 2565 results it answers: take the later year,
    # but not a far target ("ให้ผ่านเกณฑ์ในปีงบประมาณ ๒๕๗๐") beyond the year after the usual one.
    usual = Counter(candidates).most_common(1)[0][0]
    return max(year for year in candidates if year <= usual + 1)


class _DocumentReader:
    """Walk the body in order, keeping the heading context and the table being continued."""

    def __init__(self, plan: PlanImport, matcher: DivisionMatcher) -> None:
        self.plan = plan
        self.rows = RowReader(plan, matcher)
        self.ctx = RowContext()
        self.previous: Columns | None = None  # columns of the measure table just before
        self.last: _LastRow | None = None  # the row that began the current measure

    def read(self, blocks: list[str | Grid]) -> bool:
        """Read all blocks; return whether any measure table was found."""
        found = False
        for block in blocks:
            if isinstance(block, Grid):
                found = self._table(block) or found
            elif block.strip():
                changed = self._heading(block)
                if changed or not _PAGE_FURNITURE.match(block):
                    # Text between tables: a new section, not the rest of a split table.
                    self.previous = None
                    self.rows.current = None
        return found

    def _heading(self, text: str) -> bool:
        """Take the instrument and indicator a heading names as context for what follows."""
        if len(text) > _MAX_HEADING:
            return False
        before = self.ctx
        named = cells.mentioned_assessments(text)
        if len(named) == 1:
            self.ctx = RowContext(assessment=named.pop())
        elif len(named) > 1:
            self.ctx = RowContext()
        indicator = cells.indicator_in(text)
        if indicator is not None:
            self.ctx = RowContext(self.ctx.assessment, indicator)
        return self.ctx != before

    def _table(self, grid: Grid) -> bool:
        header = find_header(grid)
        # A table split across pages goes on with the columns of the table before it.
        columns = self.previous if self.previous and grid.width == self.previous.width else None
        if header is None and columns is None:
            if self.previous is not None and any(c.text for r in grid.rows for c in r):
                self.plan.warnings.append(t("plan.docx.warn.skipped_table", table=grid.number))
            self._leave_section()
            return False
        index = 0
        if header is not None:
            for row_index in range(header.first_row):
                if columns is None:
                    self._heading(" ".join(c.text for c in distinct(grid.rows[row_index])))
                else:
                    self._row(grid, row_index, columns)
            columns, index = header.columns, header.last_row + 1
        assert columns is not None
        if grid.after_page_break and header is None and self._rejoin_split_row(grid, columns):
            index = 1
        while index < len(grid.rows):
            repeated = _header_at(grid, index)
            if repeated is not None:
                # The header again after a page break (or a new table drawn touching this one).
                columns, index = repeated.columns, index + repeated.last_row + 1
                continue
            self._row(grid, index, columns)
            index += 1
        self.previous = columns
        return True

    def _row(self, grid: Grid, index: int, columns: Columns) -> None:
        """Read one data row: a heading across the table, a measure, or more of the last one."""
        row = grid.rows[index]
        texts = [c for c in distinct(row) if c.text]
        if not texts:
            return
        if len(texts) == 1 and _is_heading_row(row, texts[0], columns):
            self.rows.current = None
            self.last = None
            self._heading(texts[0].text)
            return
        count, unknown = len(self.plan.measures), len(self.plan.unknown_divisions)
        self.rows.read(grid.number, index, row, columns, self.ctx)
        if len(self.plan.measures) > count:
            self.last = _LastRow(grid.number, index, row, columns, self.ctx, unknown)

    def _rejoin_split_row(self, grid: Grid, columns: Columns) -> bool:
        """Join a page's first row to the row the page break cut, if that reads better."""
        last = self.last
        if last is None or not grid.rows or last.columns is not columns:
            return False
        row = grid.rows[0]
        if self.rows.current is not self.plan.measures[-1] or len(row) != len(last.row):
            return False
        merged = [
            Cell(join_split(a.text, b.text), a.key) for a, b in zip(last.row, row, strict=True)
        ]
        apart = _trial(self.plan, self.rows.matcher, [last, last._replace(row=row)])
        together = _trial(self.plan, self.rows.matcher, [last._replace(row=merged)])
        if apart is None or together is None or together >= apart:
            return False
        self.plan.measures.pop()
        del self.plan.unknown_divisions[last.unknown :]
        self.rows.current = None
        self.rows.read(last.table, last.row_index, merged, columns, last.ctx)
        return True

    def _leave_section(self) -> None:
        """Forget the context after a table that holds no measures (scores, attendees)."""
        self.previous = None
        self.rows.current = None
        self.ctx = RowContext()


class _LastRow(NamedTuple):
    """A row that began a measure, kept to rejoin it with its rest after a page break."""

    table: int
    row_index: int
    row: list[Cell]
    columns: Columns
    ctx: RowContext
    unknown: int  # how many unknown divisions the plan had before the row


def _trial(plan: PlanImport, matcher: DivisionMatcher, rows: list[_LastRow]) -> int | None:
    """Return how many problems reading rows gives, or None if they make other than 1-2 measures."""
    scratch = PlanImport(fiscal_year=plan.fiscal_year)
    reader = RowReader(scratch, matcher)
    for r in rows:
        reader.read(r.table, r.row_index, r.row, r.columns, r.ctx)
    if len(scratch.measures) != len(rows):
        return None  # the rest read as more of the same measure: nothing to rejoin
    return sum(len(m.warnings) for m in scratch.measures) + len(scratch.unknown_divisions)


def join_split(first: str, second: str) -> str:
    """Join the two parts of a cell cut by a page break (no space inside Thai text)."""
    if not first or not second:
        return first or second
    thai = "\u0e01" <= first[-1] <= "\u0e5b" and "\u0e01" <= second[0] <= "\u0e5b"
    return first + ("" if thai else " ") + second


def _header_at(grid: Grid, index: int) -> Header | None:
    """Return a measure-table header starting exactly at row index, if one does."""
    header = find_header(Grid(grid.number, grid.rows[index : index + _HEADER_ROWS]))
    return header if header is not None and header.first_row == 0 else None


def _is_heading_row(row: list[Cell], cell: Cell, columns: Columns) -> bool:
    """Whether a row with one filled cell is a heading: across the row, or naming a section."""
    if 2 * sum(c.key == cell.key for c in row) >= max(columns.width, 2):
        return True
    owner = {
        c
        for role in (ColumnRole.DIVISION, ColumnRole.TIMEFRAME)
        for c in columns.roles.get(role, ())
    }
    if any(row[c].key == cell.key for c in owner if c < len(row)) or cell.continued:
        return False
    short = len(cell.text) <= _MAX_SECTION_ROW
    return short and bool(cells.indicator_in(cell.text) or cells.mentioned_assessments(cell.text))
