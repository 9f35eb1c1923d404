"""Plans in our own XLSX/CSV template with Thai headers: writing the template, reading it."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from bot.domain.divisions import DivisionMatcher
from bot.domain.model import Assessment, Division
from bot.domain.statuses import parse_status
from bot.domain.thai import to_arabic_digits
from bot.domain.timeframe import TimeframeError, parse_timeframe
from bot.plan.limits import (
    DEFAULT_LIMITS,
    PlanLimits,
    check_container,
    check_file_size,
    check_measures,
)
from bot.plan.rows import ImportedMeasure, PlanImport, PlanImportError
from bot.texts import t

# Column -> the headers that name it; the first is the one the template writes.
COLUMNS: dict[str, tuple[str, ...]] = {
    "assessment": ("ประเภทการประเมิน (IIT/EIT/OIT)", "ประเภทการประเมิน", "แบบประเมิน", "ประเภท"),
    "indicator": ("ตัวชี้วัดที่ (1-10)", "ตัวชี้วัดที่", "ตัวชี้วัด"),
    "item": ("ข้อ OIT (O1-O43)", "ข้อ OIT", "ข้อ"),
    "title": ("มาตรการ/แนวทาง", "มาตรการ", "ประเด็นที่เป็นข้อบกพร่อง"),
    "method": ("วิธีการดำเนินการ", "วิธีดำเนินการ", "แนวทางในการยกระดับการประเมิน"),
    "divisions": ("ผู้รับผิดชอบ", "หน่วยงานที่รับผิดชอบ"),
    "timeframe": ("ระยะเวลาดำเนินการ", "ระยะเวลา"),
    "follow_up": ("การติดตามผล",),
    "status": ("สถานะ", "ผลการดำเนินการ"),
}
EXAMPLES = [
    [
        "IIT",
        "1",
        "",
        "มาตรการส่งเสริมการปฏิบัติหน้าที่อย่างเป็นธรรม",
        "จัดทำคู่มือการปฏิบัติงานและเผยแพร่ให้บุคลากรทราบ",
        "สำนักปลัด, กองคลัง",
        "ต.ค. 69 - มี.ค. 70",
        "รายงานผลต่อนายก อบต. ทุกไตรมาส",
        "ยังไม่ได้ดำเนินการ",
    ],
    [
        "OIT",
        "9",
        "O12",
        "เผยแพร่รายงานผลการดำเนินงานประจำปี",
        "รวบรวมผลการดำเนินงานและเผยแพร่บนเว็บไซต์",
        "กองยุทธศาสตร์และงบประมาณ",
        "ปีงบประมาณ 2570",
        "",
        "",
    ],
]
_FISCAL_YEAR = re.compile(r"ปีงบประมาณ\s*(?:พ\.?\s*ศ\.?)?\s*(\d{4})")


def write_template(path: Path) -> None:
    """Write an empty plan template (XLSX, or CSV by the file's suffix) with two examples."""
    headers = [names[0] for names in COLUMNS.values()]
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(headers)
            writer.writerows(EXAMPLES)
        return
    wb = Workbook()
    ws = wb.active
    ws.title = "แผนมาตรการ"
    ws.append([t("plan.template_title")])
    ws.append(headers)
    for row in EXAMPLES:
        ws.append(row)
    bold = Font(name="Sarabun", bold=True)
    for cell in ws[2]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(name="Sarabun", bold=True, size=14)
    for letter, width in zip("ABCDEFGHI", (14, 10, 10, 40, 50, 28, 22, 30, 20), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"
    help_ws = wb.create_sheet("วิธีกรอก")
    for line in t("plan.template_help").splitlines():
        help_ws.append([line])
    help_ws.column_dimensions["A"].width = 100
    wb.save(path)


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def _read_rows(path: Path, name: str, limits: PlanLimits) -> list[list[str]]:
    check_file_size(path, name, limits)
    if path.suffix.lower() == ".csv" or Path(name).suffix.lower() == ".csv":
        return _capped(_csv_rows(path, name), name, limits)
    check_container(path, name, limits, "unreadable_xlsx")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise PlanImportError("unreadable_xlsx", path=name) from exc
    try:
        sheet = wb.worksheets[0].iter_rows(values_only=True)
        return _capped(([_cell(v) for v in row] for row in sheet), name, limits)
    except (KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
        raise PlanImportError("unreadable_xlsx", path=name) from exc
    finally:
        wb.close()


def _csv_rows(path: Path, name: str) -> Iterator[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp874"):  # cp874: Thai Windows Excel's CSV
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise PlanImportError("unreadable_csv", path=name)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            yield [_cell(v) for v in row]
    except csv.Error as exc:
        raise PlanImportError("unreadable_csv", path=name) from exc


def _capped(rows: Iterable[list[str]], name: str, limits: PlanLimits) -> list[list[str]]:
    """Collect rows, refusing as soon as rows, cells or one cell's text pass the limits."""
    out: list[list[str]] = []
    cells = 0
    for row in rows:
        while row and not row[-1]:
            row.pop()  # a sheet's formatted but empty columns are not cells
        out.append(row)
        cells += len(row)
        if len(out) > limits.rows:
            raise PlanImportError("too_many_rows", path=name, count=len(out), limit=limits.rows)
        if cells > limits.cells:
            raise PlanImportError("too_many_cells", path=name, count=cells, limit=limits.cells)
        if any(len(v) > limits.cell_chars for v in row):
            raise PlanImportError("cell_too_long", path=name, limit=limits.cell_chars)
    return out


def _header_map(row: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, text in enumerate(row):
        compact = re.sub(r"\s+", "", text)
        for column, names in COLUMNS.items():
            if column not in found and any(compact == re.sub(r"\s+", "", n) for n in names):
                found[column] = i
                break
    return found


def read_tabular_plan(
    path: Path,
    divisions: Sequence[Division],
    name: str | None = None,
    limits: PlanLimits = DEFAULT_LIMITS,
) -> PlanImport:
    """Read a plan in our XLSX/CSV template."""
    name = name or path.name
    rows = _read_rows(path, name, limits)
    header_at, columns = next(
        ((i, m) for i, r in enumerate(rows) if {"title", "divisions"} <= set(m := _header_map(r))),
        (-1, {}),
    )
    if header_at < 0:
        raise PlanImportError("no_measure_table", path=name)
    plan = PlanImport()
    for row in rows[:header_at]:
        for text in row:
            if match := _FISCAL_YEAR.search(to_arabic_digits(text)):
                plan.fiscal_year = int(match.group(1))
    matcher = DivisionMatcher(divisions)
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        values = {c: row[i] if i < len(row) else "" for c, i in columns.items()}
        if not any(values.values()):
            continue
        plan.measures.append(_measure(values, number, matcher, plan))
    if not plan.measures:
        raise PlanImportError("no_measure_table", path=name)
    check_measures(plan, name, limits)
    return plan


def _measure(
    values: dict[str, str], row: int, matcher: DivisionMatcher, plan: PlanImport
) -> ImportedMeasure:
    m = ImportedMeasure(
        title=values.get("title", ""),
        method=values.get("method", ""),
        timeframe_text=values.get("timeframe", ""),
        follow_up=values.get("follow_up", ""),
        source=t("plan.source_row", row=row),
    )

    def warn(column: str, key: str, **more: object) -> None:
        m.warnings.append(t(key, row=row, column=COLUMNS[column][0], **more))

    if not m.title:
        warn("title", "plan.warn.empty_title")
    assessment = values.get("assessment", "").upper().strip()
    if assessment:
        if assessment in Assessment.__members__:
            m.assessment = Assessment(assessment)
        else:
            warn("assessment", "plan.warn.bad_assessment", value=assessment)
    if indicator := to_arabic_digits(values.get("indicator", "")).strip():
        if indicator.isdigit() and 1 <= int(indicator) <= 10:
            m.indicator = int(indicator)
        else:
            warn("indicator", "plan.warn.bad_indicator", value=indicator)
    if item := to_arabic_digits(values.get("item", "")).strip().upper().replace(" ", ""):
        digits = item.lstrip("O0")
        if digits.isdigit() and 1 <= int(digits) <= 43:
            m.item = f"O{int(digits)}"
            m.assessment = m.assessment or Assessment.OIT
        else:
            warn("item", "plan.warn.bad_item", value=item)
    match = matcher.match(values.get("divisions", ""))
    m.divisions = match.divisions
    for piece in match.unknown:
        warn("divisions", "plan.warn.unknown_division", value=piece)
        if piece not in plan.unknown_divisions:
            plan.unknown_divisions.append(piece)
    if not match.divisions and not match.unknown:
        warn("divisions", "plan.warn.no_division")
    _read_timeframe(m, plan.fiscal_year, warn)
    if status_text := values.get("status", ""):
        m.status = parse_status(status_text)
        if m.status is None:
            warn("status", "plan.warn.bad_status", value=status_text)
    return m


def _read_timeframe(m: ImportedMeasure, fiscal_year: int | None, warn: Callable[..., None]) -> None:
    if not m.timeframe_text:
        if fiscal_year is not None:
            tf = parse_timeframe(f"ปีงบประมาณ {fiscal_year}")
            if not isinstance(tf, TimeframeError):
                m.start, m.end, m.timeframe_defaulted = tf.start, tf.end, True
                warn("timeframe", "plan.warn.timeframe_defaulted", year=fiscal_year)
        return
    tf = parse_timeframe(m.timeframe_text, fiscal_year=fiscal_year)
    if isinstance(tf, TimeframeError):
        warn("timeframe", "plan.warn.bad_timeframe", value=m.timeframe_text, reason=tf.message())
    else:
        m.start, m.end = tf.start, tf.end
