"""Read single values out of plan text: status marks, OIT items, indicators, instruments, years."""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.domain.model import Assessment, Status
from bot.domain.statuses import parse_status
from bot.domain.thai import ce_to_be, expand_year, to_arabic_digits

_CHECKED = "☑☒■▣✓✔√þýü"
_UNCHECKED = "☐□◻❑¨"
_LABEL = r"(ยังไม่ได้ดำเนินการ|ยังไม่ดำเนินการ|อยู่ระหว่างดำเนินการ|ดำเนินการแล้ว|ดำเนินการ)"
# A box glyph, or a tick (or nothing) in brackets: "☑ ดำเนินการ", "( / ) ดำเนินการแล้ว".
_BOX = rf"(?:([{_CHECKED}{_UNCHECKED}])|[(\[]\s*([{_CHECKED}/xX]?)\s*[)\]])"
_CHECKBOX = re.compile(rf"{_BOX}\s*{_LABEL}")
_MARK = re.compile(rf"^[\s{_CHECKED}/xX✗×*•●]+$")
_ITEM = re.compile(r"^[Oo]?\s*[.\-]?\s*(\d{1,3})\s*\.?$")
_ITEM_IN_TITLE = re.compile(r"^\s*[Oo]\s*\.?\s*(\d{1,2})(?!\d)")
_INDICATOR = re.compile(r"ตัวชี้วัด(?:ย่อย)?ที่(\d{1,2})")
_FISCAL = re.compile(r"(ภายใน)?ปีงบ(?:ประมาณ|ฯ)?(?:พ\.?ศ\.?)?(\d{2,4})(?!\d)([-–—]\d)?")
_INSTRUMENTS: tuple[tuple[str, Assessment], ...] = (
    (r"(?<![a-z])IIT(?![a-z])", Assessment.IIT),
    (r"(?<![a-z])EIT(?![a-z])", Assessment.EIT),
    (r"(?<![a-z])OIT(?![a-z])", Assessment.OIT),
    (r"ผู้มีส่วนได้ส่วนเสียภายใน", Assessment.IIT),
    (r"ผู้มีส่วนได้ส่วนเสียภายนอก", Assessment.EIT),
    (r"เปิดเผยข้อมูลสาธารณะ", Assessment.OIT),
)
# The ten ITA indicators by name (domain.md), with the variants seen in plans.
_INDICATOR_NAMES: tuple[tuple[str, int], ...] = (
    ("การปฏิบัติหน้าที่", 1),
    ("การใช้งบประมาณ", 2),
    ("การใช้อำนาจ", 3),
    ("การใช้ทรัพย์สินของราชการ", 4),
    ("การใช้ทรัพย์สินของทางราชการ", 4),
    ("การแก้ไขปัญหาการทุจริต", 5),
    ("คุณภาพการดำเนินงาน", 6),
    ("ประสิทธิภาพการสื่อสาร", 7),
    ("การปรับปรุงการทำงาน", 8),
    ("การปรับปรุงระบบการทำงาน", 8),
    ("การเปิดเผยข้อมูล", 9),
    ("การป้องกันการทุจริต", 10),
)
_NUMBERING = re.compile(r"^[\s(]*\d{1,2}\s*[.)]\s*")
_MAX_NAME_EXTRA = 12


def compact(text: str) -> str:
    """Return text with Arabic digits and no whitespace."""
    return re.sub(r"\s+", "", to_arabic_digits(text))


def mentioned_assessments(text: str) -> set[Assessment]:
    """Return the ITA instruments a heading or cell names."""
    squeezed = compact(text)
    return {a for pattern, a in _INSTRUMENTS if re.search(pattern, squeezed, re.IGNORECASE)}


def assessment_of_indicator(indicator: int) -> Assessment:
    """Return the instrument an indicator (1-10) belongs to."""
    if indicator <= 5:
        return Assessment.IIT
    return Assessment.EIT if indicator <= 8 else Assessment.OIT


def indicator_in(text: str) -> int | None:
    """Return N from "ตัวชี้วัดที่ N" (or "ตัวชี้วัดย่อยที่ N.x") if it is 1-10."""
    match = _INDICATOR.search(compact(text))
    if match and 1 <= int(match.group(1)) <= 10:
        return int(match.group(1))
    return None


def indicator_by_name(title: str) -> int | None:
    """Return the indicator a title's first line names ("๑. การใช้อำนาจ" -> 3), if it is one."""
    first = _NUMBERING.sub("", to_arabic_digits(title.split("\n")[0])).replace(" ", "")
    for name, number in sorted(_INDICATOR_NAMES, key=lambda n: -len(n[0])):
        if first.startswith(name) and len(first) <= len(name) + _MAX_NAME_EXTRA:
            return number
    return None


def parse_item(text: str) -> str | None:
    """Return an OIT item code like "O12" from "O12", "๐๑๒", "12"; None if it is not one."""
    match = _ITEM.match(to_arabic_digits(text).strip())
    if match and 1 <= int(match.group(1)) <= 99:
        return f"O{int(match.group(1))}"
    return None


def item_in_title(title: str) -> str | None:
    """Return the item code a title starts with ("O12 รายงาน..."), if any."""
    match = _ITEM_IN_TITLE.match(to_arabic_digits(title))
    return f"O{int(match.group(1))}" if match and int(match.group(1)) >= 1 else None


class Checkboxes(NamedTuple):
    """Status check boxes found in a result cell."""

    status: Status | None
    found: bool
    conflict: bool
    rest: str


def checkbox_status(text: str) -> Checkboxes:
    """Read "☐ ยังไม่ได้ดำเนินการ ☑ ดำเนินการ ..." into the ticked status and the other text."""
    found = False
    checked: list[Status] = []
    for match in _CHECKBOX.finditer(text):
        found = True
        glyph, ticked = match.group(1), match.group(2)
        if (glyph and glyph in _CHECKED) or ticked:
            status = parse_status(match.group(3))
            if status is not None and status not in checked:
                checked.append(status)
    if not found:
        return Checkboxes(None, False, False, text)
    rest = _CHECKBOX.sub("", text)
    rest = "\n".join(line.strip(" -") for line in rest.split("\n") if line.strip(" -"))
    status = checked[0] if len(checked) == 1 else None
    return Checkboxes(status, True, len(checked) > 1, rest)


def is_marked(text: str) -> bool:
    """Whether a status column cell holds a tick (✓, /, x, ☑ ...)."""
    return bool(text.strip()) and bool(_MARK.match(text))


def fiscal_years(text: str) -> list[int]:
    """Return the Buddhist Era fiscal years a paragraph names ("ปีงบประมาณ พ.ศ. ๒๕๖๖")."""
    years: list[int] = []
    for match in _FISCAL.finditer(compact(text)):
        if match.group(1) or match.group(3):
            continue  # a deadline ("ภายในปีงบประมาณ ๒๕๗๐") or a range of years
        try:
            years.append(ce_to_be(expand_year(match.group(2))))
        except ValueError:
            continue
    return years
