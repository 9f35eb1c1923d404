"""Read the timeframe cell of an ITA plan ("ต.ค. ๖๕ - ก.ย. ๖๖") into a start and an end date.

The text is normalised (Thai digits, dashes, spaces, HTML), cut into tokens by one regex,
and read as segments: a fiscal year, quarters, a half year, a date, a month or a range.
When several segments are given ("ปีงบประมาณ 2565 (ไตรมาสที่ 4) ห้วงเดือน ก.ค.-ก.ย. 65")
the narrowest one wins and every other one must contain it. A year that cannot be
determined is an error, never a guess.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from datetime import date

from bot.domain import thai
from bot.texts import t


@dataclass(frozen=True)
class Timeframe:
    """A period read from a plan; start or end is None when the text leaves that side open."""

    start: date | None
    end: date | None
    text: str
    is_none: bool = False


@dataclass(frozen=True)
class TimeframeError:
    """A timeframe text that could not be read; code names the text key "timeframe.<code>"."""

    code: str
    text: str

    def message(self, lang: str = "th") -> str:
        """Return the explanation to show the user, in lang."""
        return t(f"timeframe.{self.code}", lang, text=" ".join(self.text.split()))


class _Fail(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# Order matters: the first alternative that matches at a position wins.
_TOKEN_PATTERNS = (
    ("date", r"\d{4}-\d{1,2}-\d{1,2}(?!\d)|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?!\d)"),
    ("month_iso", r"\d{4}-\d{2}(?!\d)"),
    ("half", r"(?:รอบ\s*)?6\s*เดือน(?:\s*(?:แรก|หลัง))?|ครึ่งปี\s*(?:แรก|หลัง)|(?:first|second) half"),
    ("calendar", r"ปีปฏิทิน|calendar\s*year"),
    ("fiscal", r"ปีงบประมาณ|ปีงบฯ?|รอบ\s*12\s*เดือน|fiscal\s*year|fy|ปี|year"),
    ("quarter", r"ไตรมาส(?:ที่)?|quarter|q(?=\s*\d)"),
    ("within", r"ภายใน|ไม่เกิน|(?:within|by|until)(?![a-z])"),
    ("since", r"ตั้งแต่|(?:from|since)(?![a-z])"),
    ("dash", r"-|จนถึง|ถึง|to(?![a-z])"),
    ("month", thai.MONTH_PATTERN),
    ("year4", r"\d{4}(?!\d)"),
    ("num", r"\d+"),
    ("slash", r"/"),
    ("skip", r"[\s().,;:*\[\]]+|พ\.?\s*ศ\.?|ค\.?\s*ศ\.?|ห้วง|ช่วง|เดือน|วันที่|ประจำ|ตลอด|ของ"),
)
_TOKEN = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _TOKEN_PATTERNS))
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212~", "-"))
_INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff]")
_NONE_TEXTS = {"", "ไม่มี", "ไม่ระบุ", "ไม่กำหนด", "n/a", "none"}
_MAX_LENGTH = 300  # a plan cell's timeframe is a few words; longer text is a note, not a date


@dataclass(frozen=True)
class _Point:
    """A day or a whole month; year is CE and None until it is worked out."""

    month: int
    day: int | None = None
    year: int | None = None


@dataclass(frozen=True)
class _Segment:
    """One readable part of a timeframe text."""

    kind: str  # fiscal, calendar, quarter, point, range
    first: int | None = None  # BE year (fiscal, calendar) or quarter
    last: int | None = None
    fiscal_year: int | None = None  # BE year written with a quarter: "2/2566"
    points: tuple[_Point, ...] = ()
    open_side: str = ""  # "start" for ภายใน (by a date), "end" for ตั้งแต่ (from a date)


def _normalise(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    text = _INVISIBLE.sub("", thai.to_arabic_digits(text).translate(_DASHES)).lower()
    return " ".join(text.split())


def _tokenise(text: str) -> list[tuple[str, str]]:
    """Cut a normalised text into (kind, text) tokens, dropping the ones that carry no meaning."""
    tokens, pos = [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.lastgroup is None:
            raise _Fail("unreadable")
        if match.lastgroup != "skip":
            tokens.append((match.lastgroup, match.group()))
        pos = match.end()
    return tokens


@dataclass
class _Cursor:
    """Reads (kind, text) tokens left to right."""

    tokens: list[tuple[str, str]]
    pos: int = 0

    def peek(self, *kinds: str) -> bool:
        window = self.tokens[self.pos : self.pos + len(kinds)]
        return [kind for kind, _ in window] == list(kinds)

    def take(self, kind: str) -> str | None:
        if not self.peek(kind):
            return None
        self.pos += 1
        return self.tokens[self.pos - 1][1]

    def need(self, kind: str) -> str:
        text = self.take(kind)
        if text is None:
            raise _Fail("unreadable")
        return text


def _take_year(cur: _Cursor) -> int | None:
    """Take a CE year: four digits, or one or two (BE 25xx) that are not the day of a date."""
    text = cur.take("year4")
    if text is None and cur.peek("num"):
        number = cur.tokens[cur.pos][1]
        if not cur.peek("num", "month") or int(number) > 31:
            text = cur.take("num")
    return None if text is None else thai.expand_year(text)


def _parse_segment(cur: _Cursor) -> _Segment:
    if cur.take("within"):
        return _open(_parse_segment(cur), "start")
    if cur.take("since"):
        return _open(_parse_segment(cur), "end")
    if dash := cur.take("dash"):  # a leading "-" is a bullet; "ถึง 31 มี.ค." means by then
        return _parse_segment(cur) if dash == "-" else _open(_parse_segment(cur), "start")
    if cur.take("quarter"):
        return _parse_quarter(cur)
    if half := cur.take("half"):  # a half year is two quarters
        second = "หลัง" in half or "second" in half
        return _Segment("quarter", 3 if second else 1, 4 if second else 2)
    if cur.take("fiscal") or cur.peek("year4"):
        return _parse_years(cur, "fiscal")
    if cur.take("calendar"):
        return _parse_years(cur, "calendar")
    return _parse_range(cur)


def _open(segment: _Segment, side: str) -> _Segment:
    # Only a date or a month is a deadline; "ภายในปีงบประมาณ 2566" means during that year.
    return replace(segment, open_side=side) if segment.kind == "point" else segment


def _parse_years(cur: _Cursor, kind: str) -> _Segment:
    first = _take_year(cur)
    if first is None:
        return _Segment(kind)
    last = first
    if cur.peek("dash", "year4") or (
        cur.peek("dash", "num") and not cur.peek("dash", "num", "month")
    ):
        cur.take("dash")
        last = _take_year(cur) or first
    return _Segment(kind, first=thai.ce_to_be(first), last=thai.ce_to_be(last))


def _parse_quarter(cur: _Cursor) -> _Segment:
    first = last = int(cur.need("num"))
    if cur.peek("dash", "quarter") or cur.peek("dash", "num"):
        cur.take("dash")
        cur.take("quarter")
        last = int(cur.need("num"))
    year = None
    if cur.take("slash") and (year := _take_year(cur)) is None:
        raise _Fail("unreadable")
    if not (1 <= first <= 4 and 1 <= last <= 4):
        raise _Fail("unreadable")
    return _Segment("quarter", first, last, fiscal_year=thai.ce_to_be(year) if year else None)


def _parse_point(cur: _Cursor) -> _Point:
    if text := cur.take("date"):
        full = thai.parse_thai_date(text)
        return _Point(full.month, full.day, full.year)
    if text := cur.take("month_iso"):
        year, month = thai.parse_month_year(text)
        return _Point(month, None, year)
    day = int(cur.need("num")) if cur.peek("num", "month") else None
    month = thai.parse_month(cur.need("month")) or 0
    return _Point(month, day, _take_year(cur))


def _parse_range(cur: _Cursor) -> _Segment:
    if cur.peek("num", "dash", "num", "month"):  # "1 - 15 มี.ค. 66"
        day = int(cur.need("num"))
        cur.take("dash")
        end = _parse_point(cur)
        return _Segment("range", points=(_Point(end.month, day, end.year), end))
    start = _parse_point(cur)
    if not cur.take("dash"):
        return _Segment("point", points=(start,))
    return _Segment("range", points=(start, _parse_point(cur)))


def _year_in(fiscal_year: int | None, month: int) -> int:
    """Return the CE year of a month of the fiscal year (October-December is the year before)."""
    if fiscal_year is None:
        raise _Fail("no_year")
    return thai.be_to_ce(fiscal_year) - (1 if month >= 10 else 0)


def _points_span(start: _Point, end: _Point, fiscal_year: int | None) -> tuple[date, date]:
    # A side without a year takes the other side's: "ต.ค. - ธ.ค. 65", "พ.ย. - ม.ค. 66".
    if start.year is None and end.year is not None:
        start = replace(start, year=end.year - (1 if start.month > end.month else 0))
    if end.year is None and start.year is not None:
        end = replace(end, year=start.year + (1 if end.month < start.month else 0))
    first_year = start.year or _year_in(fiscal_year, start.month)
    last_year = end.year or _year_in(fiscal_year, end.month)
    last_day = end.day or thai.month_range(last_year, end.month)[1].day
    return date(first_year, start.month, start.day or 1), date(last_year, end.month, last_day)


def _span(segment: _Segment, fiscal_year: int | None) -> tuple[date, date]:
    """Return the closed span of a segment; fiscal_year (BE) stands in for missing years."""
    kind, first, last = segment.kind, segment.first, segment.last
    if kind in ("point", "range"):
        return _points_span(segment.points[0], segment.points[-1], fiscal_year)
    named = first if kind in ("fiscal", "calendar") else segment.fiscal_year
    year = named if named or kind == "calendar" else fiscal_year
    if year is None:
        raise _Fail("no_year")
    if kind == "calendar":
        return date(thai.be_to_ce(year), 1, 1), date(thai.be_to_ce(last or year), 12, 31)
    if kind == "fiscal":
        return thai.fiscal_year_range(year)[0], thai.fiscal_year_range(last or year)[1]
    return thai.quarter_range(year, first or 1)[0], thai.quarter_range(year, last or 1)[1]


def _context_year(segments: list[_Segment], hint: int | None) -> int | None:
    """Return the fiscal year (BE) the text names, else the caller's hint."""
    for segment in segments:
        if segment.kind == "fiscal" and segment.first and segment.first == segment.last:
            return segment.first
        if segment.kind == "quarter" and segment.fiscal_year:
            return segment.fiscal_year
    return hint


def _read(text: str, hint: int | None) -> tuple[date | None, date | None]:
    if len(text) > _MAX_LENGTH:
        raise _Fail("unreadable")
    cur = _Cursor(_tokenise(text))
    segments = []
    while cur.pos < len(cur.tokens):
        segments.append(_parse_segment(cur))
    if not segments:
        raise _Fail("unreadable")
    fiscal_year = _context_year(segments, hint)
    spans = [(segment, _span(segment, fiscal_year)) for segment in segments]
    if any(end < start for _, (start, end) in spans):
        raise _Fail("end_before_start")
    winner, (start, end) = min(spans, key=lambda item: item[1][1] - item[1][0])
    if any(not (first <= start and end <= last) for _, (first, last) in spans):
        raise _Fail("conflict")
    return (None if winner.open_side == "start" else start), (
        None if winner.open_side == "end" else end
    )


def parse_timeframe(text: str, fiscal_year: int | None = None) -> Timeframe | TimeframeError:
    """Read a plan's timeframe text; fiscal_year (BE) supplies the year for months without one.

    Returns a TimeframeError for a text that cannot be read; raises ValueError only for a
    fiscal_year that is not a year.
    """
    hint = None if fiscal_year is None else thai.ce_to_be(thai.expand_year(fiscal_year))
    clean = _normalise(text)
    if clean.strip(" -./") in _NONE_TEXTS:
        return Timeframe(None, None, text, is_none=True)
    try:
        start, end = _read(clean, hint)
    except _Fail as failure:
        return TimeframeError(failure.code, text)
    except (ValueError, OverflowError):  # an impossible date or year such as 31 ก.พ.
        return TimeframeError("unreadable", text)
    return Timeframe(start, end, text)


def _is_whole_months(start: date, end: date) -> bool:
    return start.day == 1 and end == thai.month_range(end.year, end.month)[1]


def format_timeframe(tf: Timeframe, lang: str = "th", thai_digits: bool = False) -> str:
    """Write a timeframe the way parse_timeframe reads it back: "ม.ค. 2566 - มี.ค. 2566"."""
    day = thai.format_date_th if lang == "th" else thai.format_date_en
    month = thai.format_month_th if lang == "th" else thai.format_month_en
    if tf.is_none:
        return "-"
    match tf.start, tf.end:
        case date() as start, date() as end if _is_whole_months(start, end):
            first, last = month(start.year, start.month), month(end.year, end.month)
            text = first if first == last else f"{first} - {last}"
        case date() as start, date() as end:
            text = day(start) if start == end else f"{day(start)} - {day(end)}"
        case None, date() as end:
            text = t("timeframe.until", lang, date=day(end))
        case date() as start, None:
            text = t("timeframe.since", lang, date=day(start))
        case _:
            text = "-"
    return thai.to_thai_digits(text) if thai_digits else text
