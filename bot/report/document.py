"""The official O43 progress report: its input data and the text every renderer shows.

Renderers (DOCX, XLSX, PDF) only lay out a `DocumentView`; all wording, numbering,
dates, digits and checkbox states are decided here, once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from bot.domain.clock import utc_now
from bot.domain.model import Assessment, Measure, Organisation, Report, Status
from bot.domain.thai import BANGKOK, MONTHS_TH, ce_to_be, format_date_th, to_thai_digits
from bot.domain.timeframe import Timeframe, format_timeframe

ReportKind = Literal["six_month", "year_end", "month"]
KINDS: tuple[ReportKind, ...] = ("six_month", "year_end", "month")

OFFICE_FONT = "TH Sarabun New"
"""Font named in DOCX and XLSX files: the one Thai officials have and use (16 pt body)."""

COLUMNS = (
    "มาตรการ/แนวทาง",
    "วิธีการดำเนินการ",
    "ผู้รับผิดชอบ",
    "ระยะเวลาดำเนินการ",
    "ผลการดำเนินการ",
    "ข้อเสนอแนะ",
)
COLUMN_WEIGHTS = (22, 20, 11, 10, 25, 12)
"""Relative column widths (sum 100) shared by the renderers."""

SECTION_NAMES = {
    Assessment.IIT: "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
    Assessment.EIT: "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
    Assessment.OIT: "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)",
}
OTHER_SECTION = "อื่น ๆ"
STATUS_LABELS = (
    (Status.DONE, "ดำเนินการแล้ว"),
    (Status.IN_PROGRESS, "อยู่ระหว่างดำเนินการ"),
    (Status.NOT_STARTED, "ยังไม่ได้ดำเนินการ"),
)
TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
CHECKED, UNCHECKED = "\u2611", "\u2610"
_KEEP_DIGITS = re.compile(r"[A-Za-z@]")  # URLs, file names, e-mail, O-codes keep Arabic digits
_ZERO_WIDTH = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")  # Thai marks above/below


@dataclass
class ReportRow:
    """One measure with its latest report and the names of its evidence files."""

    measure: Measure
    latest: Report | None
    evidence_names: list[str]
    suggestion: str = ""


@dataclass
class ReportDocument:
    """Everything the official progress report (ITA item O43) shows."""

    org: Organisation
    fiscal_year: int
    period_start: date
    period_end: date
    kind: ReportKind
    rows: list[ReportRow]
    thai_digits: bool = False
    generated_at: datetime = field(default_factory=lambda: utc_now().astimezone(BANGKOK))
    reporter_name: str = ""
    reporter_position: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")


@dataclass(frozen=True)
class Checkbox:
    """One status checkbox of the result column."""

    checked: bool
    label: str

    def text(self) -> str:
        """Return the box as text: "☑ ดำเนินการแล้ว"."""
        return f"{CHECKED if self.checked else UNCHECKED} {self.label}"


@dataclass(frozen=True)
class RowView:
    """The text of one table row; list fields are separate lines (paragraphs)."""

    title: str
    method: tuple[str, ...]
    responsible: tuple[str, ...]
    timeframe: str
    checkboxes: tuple[Checkbox, ...]
    result: tuple[str, ...]
    evidence: tuple[str, ...]
    suggestion: tuple[str, ...]

    def result_lines(self) -> list[str]:
        """Return the result column as lines: checkboxes, result text, evidence."""
        return [box.text() for box in self.checkboxes] + list(self.result + self.evidence)

    def line_count(self, chars_per_weight: float) -> int:
        """Estimate the lines of the tallest cell, given characters per unit of COLUMN_WEIGHTS."""
        lines = 1
        for text, weight in zip(self.cells(), COLUMN_WEIGHTS, strict=True):
            per_line = max(1, int(weight * chars_per_weight))
            widths = (len(_ZERO_WIDTH.sub("", part)) for part in text.split("\n"))
            lines = max(lines, sum(max(1, -(-width // per_line)) for width in widths))
        return lines

    def cells(self) -> tuple[str, ...]:
        """Return the six cells as plain text with newlines between lines."""
        return (
            self.title,
            "\n".join(self.method),
            "\n".join(self.responsible),
            self.timeframe,
            "\n".join(self.result_lines()),
            "\n".join(self.suggestion),
        )


@dataclass(frozen=True)
class SectionView:
    """One assessment section: its heading and its rows."""

    heading: str
    rows: tuple[RowView, ...]


@dataclass(frozen=True)
class DocumentView:
    """The whole document as the renderers show it."""

    title_lines: tuple[str, ...]
    org_name: str
    period: str
    summary: str
    columns: tuple[str, ...]
    sections: tuple[SectionView, ...]
    signoff: tuple[str, ...]
    generated: str
    thai_digits: bool

    @property
    def title(self) -> str:
        """Return the title on one line."""
        return " ".join(self.title_lines)


def prepare(doc: ReportDocument) -> DocumentView:
    """Turn the input data into the text of every part of the document."""
    num = _digits(doc.thai_digits)
    groups: dict[Assessment | None, list[ReportRow]] = {}
    for row in doc.rows:
        groups.setdefault(row.measure.assessment, []).append(row)
    order: list[Assessment | None] = [*SECTION_NAMES, None]
    present = [key for key in order if groups.get(key)]
    sections = tuple(
        SectionView(
            heading=num(f"{i}. {SECTION_NAMES[key] if key else OTHER_SECTION}"),
            rows=tuple(_row_view(r, doc) for r in sorted(groups[key], key=_row_order)),
        )
        for i, key in enumerate(present, 1)
    )
    return DocumentView(
        title_lines=tuple(num(line) for line in _title(doc)),
        org_name=doc.org.name,
        period=_period(doc),
        summary=num(_summary(doc.rows)),
        columns=COLUMNS,
        sections=sections,
        signoff=_signoff(doc),
        generated=num(f"ข้อมูล ณ วันที่ {_datetime_th(doc.generated_at, doc.org)}"),
        thai_digits=doc.thai_digits,
    )


def filename(doc: ReportDocument, extension: str) -> str:
    """Return a file name for the document: "ita-o43-2566-six_month-org.docx"."""
    stem = f"ita-o43-{doc.fiscal_year}-{doc.kind}"
    if doc.kind == "month":
        stem += f"-{doc.period_start:%m}"
    org = re.sub(r"[^A-Za-z0-9_-]+", "-", doc.org.id).strip("-")
    return f"{stem}-{org}.{extension}" if org else f"{stem}.{extension}"


def _digits(thai: bool) -> Callable[[str], str]:
    """Return a converter to Thai digits (words with Latin letters keep theirs), or identity."""

    def convert(text: str) -> str:
        return re.sub(r"\S+", _word_digits, text) if thai else text

    return convert


def _word_digits(match: re.Match[str]) -> str:
    word = match[0]
    return word if _KEEP_DIGITS.search(word) else to_thai_digits(word)


def _title(doc: ReportDocument) -> tuple[str, str]:
    year = f"ประจำปีงบประมาณ พ.ศ. {doc.fiscal_year}"
    if doc.kind == "six_month":
        return TITLE, f"(รอบ 6 เดือน) {year}"
    if doc.kind == "year_end":
        return TITLE, f"(รอบ 12 เดือน) {year}"
    start = doc.period_start
    return TITLE, f"ประจำเดือน{MONTHS_TH[start.month - 1]} พ.ศ. {ce_to_be(start.year)} ({year})"


def _period(doc: ReportDocument) -> str:
    first = format_date_th(doc.period_start, "long", doc.thai_digits)
    last = format_date_th(doc.period_end, "long", doc.thai_digits)
    return f"ระหว่างวันที่ {first} ถึงวันที่ {last}"


def _row_order(row: ReportRow) -> tuple[int, int]:
    item = re.sub(r"\D", "", row.measure.item or "")
    return (int(item) if item else 0, row.measure.number)


def _summary(rows: list[ReportRow]) -> str:
    counts = {status: 0 for status, _ in STATUS_LABELS}
    for row in rows:
        counts[row.latest.status if row.latest else Status.NOT_STARTED] += 1
    parts = " ".join(f"{label} {counts[status]} มาตรการ" for status, label in STATUS_LABELS)
    unreported = sum(1 for row in rows if row.latest is None)
    tail = f" (ยังไม่มีการรายงานผล {unreported} มาตรการ)" if unreported else ""
    return f"สรุปผล: มาตรการทั้งหมด {len(rows)} มาตรการ {parts}{tail}"


def _signoff(doc: ReportDocument) -> tuple[str, ...]:
    dots = "." * 50
    name = f"({doc.reporter_name})" if doc.reporter_name else f"({dots})"
    position = doc.reporter_position or dots
    return (f"ลงชื่อ {dots} ผู้รายงาน", name, f"ตำแหน่ง {position}", f"วันที่ {dots}")


def _local(moment: datetime, org: Organisation) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(ZoneInfo(org.timezone) if org.timezone else BANGKOK)


def _datetime_th(moment: datetime, org: Organisation) -> str:
    local = _local(moment, org)
    return f"{format_date_th(local.date(), 'long')} เวลา {local:%H.%M} น."


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _measure_title(measure: Measure) -> str:
    title = measure.title.strip()
    digits = re.sub(r"\D", "", measure.item or "")
    if measure.assessment is not Assessment.OIT or not digits:
        return title
    code = f"O{int(digits)}"
    if re.match(rf"{code}(?!\d)", title.upper()):
        return title
    return f"{code} {title}"


def _timeframe(measure: Measure, thai_digits: bool) -> str:
    if measure.start is None and measure.end is None:
        return measure.timeframe_text.strip() or "-"  # unreadable text is shown as written
    tf = Timeframe(measure.start, measure.end, measure.timeframe_text)
    return format_timeframe(tf, "th", thai_digits)


def _row_view(row: ReportRow, doc: ReportDocument) -> RowView:
    num = _digits(doc.thai_digits)
    measure, latest = row.measure, row.latest
    status = latest.status if latest else Status.NOT_STARTED
    result: list[str] = []
    evidence: list[str] = []
    if latest is None:
        result.append("(ยังไม่มีการรายงานผล)")
    else:
        result.extend(_lines(latest.text))
        if latest.percent is not None:
            result.append(f"ความคืบหน้าร้อยละ {latest.percent}")
        result.append(f"(รายงานเมื่อ {format_date_th(_local(latest.at, doc.org).date())})")
        if row.evidence_names:
            evidence = ["หลักฐาน:", *(f"- {name}" for name in row.evidence_names)]
        elif latest.skip_evidence_reason:
            evidence = [num(f"ไม่มีหลักฐาน: {latest.skip_evidence_reason}")]
    return RowView(
        title=num(_measure_title(measure)),
        method=tuple(num(line) for line in _lines(measure.method)),
        responsible=tuple(measure.divisions) or ("-",),
        timeframe=num(_timeframe(measure, doc.thai_digits)),
        checkboxes=tuple(Checkbox(s == status, label) for s, label in STATUS_LABELS),
        result=tuple(num(line) for line in result),
        evidence=tuple(evidence),  # file names are shown exactly as stored
        suggestion=tuple(num(line) for line in _lines(row.suggestion)),
    )
