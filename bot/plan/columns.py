"""Recognise the header of a measure table and what each of its columns holds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from bot.domain.thai import parse_month, to_arabic_digits
from bot.plan.docx_body import Cell, Grid, distinct


class ColumnRole(StrEnum):
    """What a column of a measure table holds."""

    TITLE = "title"
    METHOD = "method"
    DIVISION = "division"
    TIMEFRAME = "timeframe"
    RESULT = "result"
    SUGGESTION = "suggestion"
    FOLLOW_UP = "follow_up"
    ITEM = "item"
    ITEM_NAME = "item_name"
    ITEM_DETAIL = "item_detail"
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_DONE = "not_done"
    STATUS = "status"
    NUMBER = "number"


_SPACE = re.compile(r"\s+")
# Whole-cell headers: the cell must be exactly one of these (spaces and ฯ ignored).
_EXACT: dict[str, ColumnRole] = {
    "ข้อ": ColumnRole.ITEM,
    "ข้อที่": ColumnRole.ITEM,
    "รหัส": ColumnRole.ITEM,
    "ข้อมูล": ColumnRole.ITEM_NAME,
    "รายการข้อมูล": ColumnRole.ITEM_NAME,
    "ดำเนินการแล้ว": ColumnRole.DONE,
    "ดำเนินการเสร็จแล้ว": ColumnRole.DONE,
    "แล้วเสร็จ": ColumnRole.DONE,
    "ดำเนินการ": ColumnRole.DONE,
    "เสร็จ": ColumnRole.DONE,
    "อยู่ระหว่างดำเนินการ": ColumnRole.IN_PROGRESS,
    "ระหว่างดำเนินการ": ColumnRole.IN_PROGRESS,
    "ยังไม่ดำเนินการ": ColumnRole.NOT_DONE,
    "ยังไม่ได้ดำเนินการ": ColumnRole.NOT_DONE,
    "ไม่ได้ดำเนินการ": ColumnRole.NOT_DONE,
    "ที่": ColumnRole.NUMBER,
    "ลำดับ": ColumnRole.NUMBER,
    "ลำดับที่": ColumnRole.NUMBER,
}
# Headers recognised by a phrase they contain, tried in this order.
_CONTAINS: tuple[tuple[str, ColumnRole], ...] = (
    ("องค์ประกอบ", ColumnRole.ITEM_DETAIL),
    ("สถานะ", ColumnRole.STATUS),
    ("การติดตาม", ColumnRole.FOLLOW_UP),
    ("ผลการดำเนิน", ColumnRole.RESULT),
    ("ความก้าวหน้า", ColumnRole.RESULT),
    ("ผลการปฏิบัติ", ColumnRole.RESULT),
    ("ข้อเสนอแนะ", ColumnRole.SUGGESTION),
    ("หมายเหตุ", ColumnRole.SUGGESTION),
    ("รับผิดชอบ", ColumnRole.DIVISION),
    ("ระยะเวลา", ColumnRole.TIMEFRAME),
    ("ห้วงเวลา", ColumnRole.TIMEFRAME),
    ("ช่วงเวลา", ColumnRole.TIMEFRAME),
    ("กำหนดเวลา", ColumnRole.TIMEFRAME),
    ("วิธีการ", ColumnRole.METHOD),
    ("วิธีดำเนินการ", ColumnRole.METHOD),
    ("แนวทางในการยกระดับ", ColumnRole.METHOD),
    ("แนวทางการยกระดับ", ColumnRole.METHOD),
    ("แนวทางการนำผล", ColumnRole.METHOD),
    ("ขั้นตอน", ColumnRole.METHOD),
    ("มาตรการ", ColumnRole.TITLE),
    ("ตัวชี้วัด", ColumnRole.TITLE),
    ("ประเด็น", ColumnRole.TITLE),
    ("โครงการ", ColumnRole.TITLE),
    ("แผนงาน", ColumnRole.TITLE),
    ("กิจกรรม", ColumnRole.TITLE),
    ("หัวข้อ", ColumnRole.TITLE),
)
_OWNER_OR_TIME = {ColumnRole.DIVISION, ColumnRole.TIMEFRAME}
_WHAT = {ColumnRole.TITLE, ColumnRole.ITEM, ColumnRole.ITEM_NAME}
_MAX_HEADER_CELL = 80
_MAX_SUB_HEADER_CELL = 30
_MAX_HEADER_SCAN = 4
_MAX_SUB_HEADER_ROWS = 2
_COLUMN_NUMBER = re.compile(r"^\(?[0-9๐-๙]{1,2}\)?\.?$")
_YEAR_AFTER = re.compile(r"\s*(?:พ\.?\s*ศ\.?)?\s*\d{2,4}\s*$")
_QUARTER = re.compile(r"^(?:ไตรมาส(?:ที่)?|Q)?\s*([1-4])$", re.IGNORECASE)


@dataclass
class Columns:
    """Where each role's text is, as grid column indexes, and each column's header text."""

    roles: dict[ColumnRole, list[int]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    width: int = 0
    # Timetable columns (one per month or quarter): column -> (first month, last month).
    months: dict[int, tuple[int, int]] = field(default_factory=dict)
    other: list[int] = field(default_factory=list)  # named columns with no known role

    def has(self, role: ColumnRole) -> bool:
        """Whether the table has a column for role."""
        return role in self.roles

    def name(self, role: ColumnRole) -> str:
        """Return the header text of role's first column (for warnings)."""
        columns = self.roles.get(role)
        return self.names.get(columns[0], role.value) if columns else role.value


@dataclass
class Header:
    """A recognised header: its rows and the columns it defines."""

    first_row: int
    last_row: int
    columns: Columns


def classify(text: str) -> ColumnRole | None:
    """Return the role a header cell's text names, if it names one."""
    compact = _SPACE.sub("", text).replace("ฯ", "")
    if not compact or len(compact) > _MAX_HEADER_CELL:
        return None
    exact = _EXACT.get(compact.strip(".:"))
    if exact is not None:
        return exact
    for phrase, role in _CONTAINS:
        if phrase in compact:
            return role
    return None


def is_measure_header(roles: set[ColumnRole]) -> bool:
    """Whether a header with these roles belongs to a measure table."""
    return bool(roles & _WHAT) and bool(roles & _OWNER_OR_TIME)


def find_header(grid: Grid) -> Header | None:
    """Find a measure-table header in the first rows of grid (it may span up to three rows)."""
    for index, row in enumerate(grid.rows[:_MAX_HEADER_SCAN]):
        roles = {c: r for c, cell in enumerate(row) if (r := classify(cell.text)) is not None}
        named = [cell for cell in distinct(row) if cell.text]
        recognised = {row[c].key for c in roles}
        if len(recognised) < 2 or 2 * len(recognised) < len(named):
            continue
        if not is_measure_header(set(roles.values())):
            continue
        names = {c: _first_line(cell.text) for c, cell in enumerate(row)}
        columns = Columns(width=grid.width, names=names)
        last = index
        while last - index < _MAX_SUB_HEADER_ROWS and last + 1 < len(grid.rows):
            below = grid.rows[last + 1]
            if not _is_sub_header(grid.rows[last], below):
                break
            last += 1
            _refine(columns, roles, below)
        if len(columns.months) < 2:
            columns.months.clear()  # one numbered column is not a month-by-month timetable
        for column, role in sorted(roles.items()):
            columns.roles.setdefault(role, []).append(column)
        columns.other = [c for c in range(len(row)) if c not in roles and names.get(c)]
        return Header(index, last, columns)
    return None


def _refine(columns: Columns, roles: dict[int, ColumnRole], row: list[Cell]) -> None:
    """Apply a sub-header row: status columns, or months and quarters under a timeframe."""
    for column, cell in enumerate(row):
        if not cell.text or cell.continued:
            continue
        role = classify(cell.text)
        if role is not None:
            roles[column] = role
            columns.names[column] = _first_line(cell.text)
        elif roles.get(column) == ColumnRole.TIMEFRAME and (span := _month_span(cell.text)):
            columns.months[column] = span


def _month_span(text: str) -> tuple[int, int] | None:
    """Return the months a timetable column stands for: "ต.ค." or "ไตรมาส 1" (Oct-Dec)."""
    clean = to_arabic_digits(text).strip()
    if month := parse_month(_YEAR_AFTER.sub("", clean)):
        return month, month
    if match := _QUARTER.match(clean.replace(" ", "")):
        first = (int(match.group(1)) * 3 + 6) % 12 + 1
        return first, (first + 1) % 12 + 1
    return None


def _is_sub_header(top: list[Cell], row: list[Cell]) -> bool:
    """Whether row only names the parts of spanning header cells above it, or numbers columns."""
    found = False
    for column, cell in enumerate(row):
        if not cell.text or cell.continued:
            continue
        above = top[column] if column < len(top) else None
        spans = above is not None and sum(c.key == above.key for c in top) > 1
        part = spans and len(cell.text) <= _MAX_SUB_HEADER_CELL
        if not (part or _COLUMN_NUMBER.match(cell.text)):
            return False
        found = True
    return found


def _first_line(text: str) -> str:
    return text.split("\n")[0].strip()
