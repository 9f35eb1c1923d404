"""Thai calendar helpers: digits, Buddhist Era years, fiscal quarters, month names, dates."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta, timezone

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
BE_OFFSET = 543
BANGKOK = timezone(timedelta(hours=7), "Asia/Bangkok")  # no daylight saving

MONTHS_TH = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_TH_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
# Written out: calendar.month_name follows the process locale.
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS_EN_ABBR = tuple(name[:3] for name in MONTHS_EN)
# Spoken short forms ("มีนา") and the common misspelling of July (ฏ for ฎ).
_MONTHS_TH_SPOKEN = (
    "มกรา", "กุมภา", "มีนา", "เมษา", "พฤษภา", "มิถุนา",
    "กรกฎา", "สิงหา", "กันยา", "ตุลา", "พฤศจิกา", "ธันวา",
)  # fmt: skip
_EXTRA_ALIASES = {"กรกฏาคม": 7, "กรกฏา": 7, "sept": 9}

_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits with Arabic ones, leaving everything else alone."""
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    """Replace Arabic digits with Thai ones, leaving everything else alone."""
    return text.translate(_TO_THAI)


def be_to_ce(year: int) -> int:
    """Turn a Buddhist Era year into a Common Era year (2566 -> 2023)."""
    return year - BE_OFFSET


def ce_to_be(year: int) -> int:
    """Turn a Common Era year into a Buddhist Era year (2023 -> 2566)."""
    return year + BE_OFFSET


def expand_year(value: str | int, pivot_ce: int | None = None) -> int:
    """Return the CE year written as "2566", "๖๖", "66" (BE) or "2023" (CE, below 2400).

    A one- or two-digit year is a short BE year: 25xx, or with pivot_ce the BE year
    ending in those digits that lies nearest to pivot_ce.
    """
    text = to_arabic_digits(str(value)).strip()
    if not re.fullmatch(r"[0-9]{1,2}|[1-9][0-9]{3}", text):
        raise ValueError(f"not a year: {value!r} (write 2566, 66 or 2023)")
    year = int(text)
    if len(text) <= 2:
        if pivot_ce is None:
            return be_to_ce(2500 + year)
        pivot_be = ce_to_be(pivot_ce)
        century = pivot_be - pivot_be % 100
        candidates = (century - 100 + year, century + year, century + 100 + year)
        return be_to_ce(min(candidates, key=lambda be: abs(be - pivot_be)))
    return year if year < 2400 else be_to_ce(year)


def fiscal_year_of(d: date) -> int:
    """Return the BE fiscal year a date falls in (1 Oct 2022 -> 2566)."""
    return ce_to_be(d.year + 1 if d.month >= 10 else d.year)


def fiscal_year_range(fy_be: int) -> tuple[date, date]:
    """Return the first and last day of a BE fiscal year (2566 -> 2022-10-01, 2023-09-30)."""
    end_ce = be_to_ce(fy_be)
    return date(end_ce - 1, 10, 1), date(end_ce, 9, 30)


def quarter_of(d: date) -> int:
    """Return the fiscal quarter 1-4 of a date (October-December is 1)."""
    return (d.month - 10) % 12 // 3 + 1


def quarter_range(fy_be: int, quarter: int) -> tuple[date, date]:
    """Return the first and last day of a quarter (1-4) of a BE fiscal year."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"a quarter is 1 to 4, not {quarter}")
    first_month = (quarter * 3 + 6) % 12 + 1
    year = be_to_ce(fy_be) - (1 if quarter == 1 else 0)
    return date(year, first_month, 1), month_range(year, first_month + 2)[1]


def half_year_range(fy_be: int) -> tuple[date, date]:
    """Return the first six months (รอบ ๖ เดือน) of a BE fiscal year: 1 Oct to 31 Mar."""
    return quarter_range(fy_be, 1)[0], quarter_range(fy_be, 2)[1]


def month_range(year_ce: int, month: int) -> tuple[date, date]:
    """Return the first and last day of a month."""
    return date(year_ce, month, 1), date(year_ce, month, calendar.monthrange(year_ce, month)[1])


def _month_key(text: str) -> str:
    return re.sub(r"[\s.]", "", text).lower()


def _month_aliases() -> dict[str, int]:
    aliases = dict(_EXTRA_ALIASES)
    for names in (MONTHS_TH, MONTHS_TH_ABBR, _MONTHS_TH_SPOKEN, MONTHS_EN, MONTHS_EN_ABBR):
        aliases.update({_month_key(name): number for number, name in enumerate(names, 1)})
    return aliases


_MONTHS = _month_aliases()


def _alias_pattern(name: str) -> str:
    if name.isascii():
        return re.escape(name.lower()) + r"(?![a-z])\.?"
    parts = [re.escape(part) for part in name.split(".") if part]
    return r"\.?\s*".join(parts) + (r"\.?" if "." in name else "")


def _month_pattern() -> str:
    names = [*MONTHS_TH, *MONTHS_TH_ABBR, *_MONTHS_TH_SPOKEN, *MONTHS_EN, *MONTHS_EN_ABBR]
    names += list(_EXTRA_ALIASES)
    names.sort(key=lambda name: len(_month_key(name)), reverse=True)
    return "(?:" + "|".join(_alias_pattern(name) for name in names) + ")"


MONTH_PATTERN = _month_pattern()
"""Regex (no capturing groups, lower-case English) matching any month name or abbreviation."""
_ERA = r"(?:พ\.?\s*ศ\.?|ค\.?\s*ศ\.?)?\s*"


def parse_month(text: str) -> int | None:
    """Return the month number for a Thai or English month name or abbreviation, else None."""
    return _MONTHS.get(_month_key(text))


def format_date_th(d: date, style: str = "short", thai_digits: bool = False) -> str:
    """Format a date the Thai way with a BE year: "31 มี.ค. 2566" or "31 มีนาคม 2566"."""
    names = MONTHS_TH if style == "long" else MONTHS_TH_ABBR
    text = f"{d.day} {names[d.month - 1]} {ce_to_be(d.year)}"
    return to_thai_digits(text) if thai_digits else text


def format_month_th(year_ce: int, month: int, thai_digits: bool = False) -> str:
    """Format a month with its BE year: "มี.ค. 2566"."""
    text = f"{MONTHS_TH_ABBR[month - 1]} {ce_to_be(year_ce)}"
    return to_thai_digits(text) if thai_digits else text


def format_date_en(d: date, style: str = "short") -> str:
    """Format a date in English with a CE year: "31 Mar 2023" or "31 March 2023"."""
    names = MONTHS_EN if style == "long" else MONTHS_EN_ABBR
    return f"{d.day} {names[d.month - 1]} {d.year}"


def format_month_en(year_ce: int, month: int) -> str:
    """Format a month in English with its CE year: "Mar 2023"."""
    return f"{MONTHS_EN_ABBR[month - 1]} {year_ce}"


def _clean(text: str) -> str:
    return " ".join(to_arabic_digits(text).lower().split())


def _checked_month(month: int, text: str) -> int:
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month} in {text!r}")
    return month


def parse_month_year(text: str) -> tuple[int, int]:
    """Read "2566-03", "3/2566", "มี.ค. 66" or "มีนาคม 2566" as (CE year, month)."""
    clean = _clean(text)
    if m := re.fullmatch(r"(\d{4})\s*-\s*(\d{1,2})", clean):
        return expand_year(m[1]), _checked_month(int(m[2]), text)
    if m := re.fullmatch(r"(\d{1,2})\s*[/-]\s*(\d{2}|\d{4})", clean):
        return expand_year(m[2]), _checked_month(int(m[1]), text)
    pattern = rf"(?:เดือน\s*)?({MONTH_PATTERN})\s*{_ERA}(\d{{2}}|\d{{4}})"
    if (m := re.fullmatch(pattern, clean)) and (month := parse_month(m[1])):
        return expand_year(m[2]), month
    raise ValueError(f"cannot read a month and year from {text!r}; write e.g. มี.ค. 2566 or 2566-03")


def today_bangkok() -> date:
    """Return today's date in Bangkok."""
    return datetime.now(BANGKOK).date()


def _next_occurrence(day: int, month: int, today: date) -> date:
    for year in range(today.year, today.year + 9):  # 29 Feb may be up to 8 years away
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    raise ValueError(f"no day {day} in month {month}")


def _date_parts(clean: str) -> tuple[int, int, int] | None:
    """Return (CE year or 0 when missing, month, day) from a cleaned date text."""
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", clean):
        return expand_year(m[1]), int(m[2]), int(m[3])
    if m := re.fullmatch(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})(?:\s*\2\s*(\d{2}|\d{4}))?", clean):
        return expand_year(m[4]) if m[4] else 0, int(m[3]), int(m[1])
    if m := re.fullmatch(rf"(\d{{1,2}})\s*({MONTH_PATTERN})\s*(?:{_ERA}(\d{{2}}|\d{{4}}))?", clean):
        return expand_year(m[3]) if m[3] else 0, parse_month(m[2]) or 0, int(m[1])
    return None


def parse_thai_date(text: str, today: date | None = None) -> date:
    """Read "15 มี.ค. 66", "๑๕ มีนาคม ๒๕๖๖", "2023-03-15" or "15/3/2566" as a date.

    Without a year, return the next such day on or after today (Bangkok by default).
    """
    parts = _date_parts(re.sub(r"^วันที่\s*", "", _clean(text)))
    if parts is None:
        raise ValueError(f"cannot read a date from {text!r}; write e.g. 15 มี.ค. 2566 or 2023-03-15")
    year, month, day = parts
    if not year:
        return _next_occurrence(day, _checked_month(month, text), today or today_bangkok())
    return date(year, _checked_month(month, text), day)
