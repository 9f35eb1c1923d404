from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.thai import (
    MONTHS_EN,
    MONTHS_EN_ABBR,
    MONTHS_TH,
    MONTHS_TH_ABBR,
    be_to_ce,
    ce_to_be,
    expand_year,
    fiscal_year_of,
    fiscal_year_range,
    format_date_en,
    format_date_th,
    format_month_en,
    format_month_th,
    half_year_range,
    month_range,
    parse_month,
    parse_month_year,
    parse_thai_date,
    quarter_of,
    quarter_range,
    to_arabic_digits,
    to_thai_digits,
)

# Dates whose BE year has four digits from 2400 up, so a written year reads back the same.
thai_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(9456, 12, 31))
# English texts carry CE years, which read back as CE only below 2400.
english_dates = st.dates(min_value=date(1000, 1, 1), max_value=date(2399, 12, 31))
mixed_digits = st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙.", max_size=12)


@pytest.mark.parametrize(
    ("text", "arabic"),
    [
        ("๐๑๒๓๔๕๖๗๘๙", "0123456789"),
        ("8๓.๕๐", "83.50"),
        ("ต.ค.๖๕ - ก.ย.๖๖", "ต.ค.65 - ก.ย.66"),
        ("ที่ ขก ๘๘๘๐๑.๐๐๒/๒๕๖๖", "ที่ ขก 88801.002/2566"),
        ("no digits", "no digits"),
    ],
)
def test_to_arabic_digits(text: str, arabic: str) -> None:
    assert to_arabic_digits(text) == arabic


def test_to_thai_digits() -> None:
    assert to_thai_digits("83.50 คะแนน") == "๘๓.๕๐ คะแนน"
    assert to_thai_digits("8๓.๕0") == "๘๓.๕๐"


@pytest.mark.parametrize(
    ("value", "ce"),
    [
        ("2566", 2023),
        ("๒๕๖๖", 2023),
        ("66", 2023),
        ("๖๖", 2023),
        ("6๖", 2023),
        (66, 2023),
        (2566, 2023),
        ("2023", 2023),
        (2023, 2023),
        (" 2565 ", 2022),
        ("2399", 2399),
        ("2400", 1857),
        ("5", 1962),
    ],
)
def test_expand_year(value: str | int, ce: int) -> None:
    assert expand_year(value) == ce


@pytest.mark.parametrize(
    ("value", "pivot_ce", "ce"),
    [("66", 2023, 2023), ("99", 2023, 2056), ("00", 2060, 2057), ("10", 2070, 2067)],
)
def test_expand_year_pivot_picks_nearest_century(value: str, pivot_ce: int, ce: int) -> None:
    assert expand_year(value, pivot_ce=pivot_ce) == ce


@pytest.mark.parametrize("value", ["", "abc", "256", "25666", "0999", "-66", "6.6", -1, 123])
def test_expand_year_rejects_non_years(value: str | int) -> None:
    with pytest.raises(ValueError, match="not a year"):
        expand_year(value)


@pytest.mark.parametrize(
    ("day", "fiscal_year", "quarter"),
    [
        (date(2022, 10, 1), 2566, 1),
        (date(2022, 12, 31), 2566, 1),
        (date(2023, 1, 1), 2566, 2),
        (date(2023, 3, 31), 2566, 2),
        (date(2023, 4, 1), 2566, 3),
        (date(2023, 6, 30), 2566, 3),
        (date(2023, 7, 1), 2566, 4),
        (date(2023, 9, 30), 2566, 4),
        (date(2022, 9, 30), 2565, 4),
    ],
)
def test_fiscal_year_and_quarter_of(day: date, fiscal_year: int, quarter: int) -> None:
    assert fiscal_year_of(day) == fiscal_year
    assert quarter_of(day) == quarter


def test_fiscal_ranges() -> None:
    assert fiscal_year_range(2566) == (date(2022, 10, 1), date(2023, 9, 30))
    assert quarter_range(2566, 1) == (date(2022, 10, 1), date(2022, 12, 31))
    assert quarter_range(2566, 2) == (date(2023, 1, 1), date(2023, 3, 31))
    assert quarter_range(2566, 3) == (date(2023, 4, 1), date(2023, 6, 30))
    assert quarter_range(2566, 4) == (date(2023, 7, 1), date(2023, 9, 30))
    assert half_year_range(2566) == (date(2022, 10, 1), date(2023, 3, 31))
    assert month_range(2024, 2) == (date(2024, 2, 1), date(2024, 2, 29))


@pytest.mark.parametrize("quarter", [0, 5])
def test_quarter_range_rejects_bad_quarter(quarter: int) -> None:
    with pytest.raises(ValueError):
        quarter_range(2566, quarter)


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("มี.ค.", 3),
        ("มีค", 3),
        ("มี.ค", 3),
        ("มี. ค.", 3),
        ("ม.ค", 1),
        ("มค", 1),
        ("ม.ค.", 1),
        ("มกราคม", 1),
        ("กุมภาพันธ์", 2),
        ("เม.ย.", 4),
        ("มิ.ย.", 6),
        ("กรกฎาคม", 7),
        ("กรกฏาคม", 7),
        ("ส.ค.", 8),
        ("ก.ย.", 9),
        ("ต.ค.", 10),
        ("พ.ย.", 11),
        ("ธ.ค.", 12),
        ("มีนา", 3),
        ("March", 3),
        ("mar", 3),
        ("Sep.", 9),
        ("sept", 9),
        ("DECEMBER", 12),
        ("พ.ศ.", None),
        ("ปีงบประมาณ", None),
        ("", None),
    ],
)
def test_parse_month(text: str, month: int | None) -> None:
    assert parse_month(text) == month


def test_every_month_name_is_recognised() -> None:
    for names in (MONTHS_TH, MONTHS_TH_ABBR, MONTHS_EN, MONTHS_EN_ABBR):
        assert [parse_month(name) for name in names] == list(range(1, 13))
        assert [parse_month(name.replace(".", "")) for name in names] == list(range(1, 13))


@pytest.mark.parametrize(
    ("day", "style", "thai_digits", "text"),
    [
        (date(2023, 3, 31), "short", False, "31 มี.ค. 2566"),
        (date(2023, 3, 31), "long", False, "31 มีนาคม 2566"),
        (date(2022, 10, 1), "short", True, "๑ ต.ค. ๒๕๖๕"),
    ],
)
def test_format_date_th(day: date, style: str, thai_digits: bool, text: str) -> None:
    assert format_date_th(day, style=style, thai_digits=thai_digits) == text


def test_format_month_and_english() -> None:
    assert format_month_th(2023, 3) == "มี.ค. 2566"
    assert format_month_th(2023, 3, thai_digits=True) == "มี.ค. ๒๕๖๖"
    assert format_month_en(2023, 3) == "Mar 2023"
    assert format_date_en(date(2023, 3, 31)) == "31 Mar 2023"
    assert format_date_en(date(2023, 3, 31), style="long") == "31 March 2023"


@pytest.mark.parametrize(
    "text",
    [
        "2566-03",
        "2023-03",
        "2566-3",
        "มี.ค. 66",
        "มีค66",
        "มีนาคม 2566",
        "เดือน มี.ค. พ.ศ. ๒๕๖๖",
        "๓/๒๕๖๖",
        "03/2023",
        "3/66",
        "Mar 2023",
        "march 2023",
    ],
)
def test_parse_month_year(text: str) -> None:
    assert parse_month_year(text) == (2023, 3)


@pytest.mark.parametrize("text", ["", "มี.ค.", "2566", "13/2566", "2566-13", "foo 2566", "มี.ค. 256"])
def test_parse_month_year_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_month_year(text)


TODAY = date(2023, 1, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 มี.ค.", date(2023, 3, 15)),
        ("15 ม.ค.", date(2024, 1, 15)),
        ("20 ม.ค.", date(2023, 1, 20)),
        ("15 มี.ค. 66", date(2023, 3, 15)),
        ("๑๕ มีนาคม ๒๕๖๖", date(2023, 3, 15)),
        ("วันที่ 15 มี.ค. พ.ศ. 2566", date(2023, 3, 15)),
        ("2023-03-15", date(2023, 3, 15)),
        ("2566-03-15", date(2023, 3, 15)),
        ("15/3/2566", date(2023, 3, 15)),
        ("15/03/66", date(2023, 3, 15)),
        ("15-3-2023", date(2023, 3, 15)),
        ("15/3", date(2023, 3, 15)),
        ("15 Mar 2023", date(2023, 3, 15)),
        ("29 ก.พ.", date(2024, 2, 29)),
        ("๒๔ มกราคม ๒๕๖๖", date(2023, 1, 24)),
    ],
)
def test_parse_thai_date(text: str, expected: date) -> None:
    assert parse_thai_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text", ["", "มี.ค. 66", "32 มี.ค. 66", "31 ก.พ.", "15/13/2566", "15/3-2566"]
)
def test_parse_thai_date_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_thai_date(text, today=TODAY)


@given(mixed_digits)
def test_digit_conversions_round_trip(text: str) -> None:
    assert to_arabic_digits(to_thai_digits(text)) == to_arabic_digits(text)
    assert to_thai_digits(to_arabic_digits(text)) == to_thai_digits(text)


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_be_ce_round_trip(year: int) -> None:
    assert be_to_ce(ce_to_be(year)) == year
    assert ce_to_be(be_to_ce(year)) == year


@given(st.integers(min_value=1857, max_value=9456), st.booleans())
def test_expand_year_reads_written_be_year(year: int, thai_digits: bool) -> None:
    text = str(ce_to_be(year))
    assert expand_year(to_thai_digits(text) if thai_digits else text) == year


@given(thai_dates, st.sampled_from(["short", "long"]), st.booleans())
def test_format_date_th_round_trip(day: date, style: str, thai_digits: bool) -> None:
    assert parse_thai_date(format_date_th(day, style=style, thai_digits=thai_digits)) == day


@given(english_dates, st.sampled_from(["short", "long"]))
def test_format_date_en_round_trip(day: date, style: str) -> None:
    assert parse_thai_date(format_date_en(day, style=style)) == day


@given(thai_dates, st.booleans())
def test_format_month_th_round_trip(day: date, thai_digits: bool) -> None:
    text = format_month_th(day.year, day.month, thai_digits=thai_digits)
    assert parse_month_year(text) == (day.year, day.month)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2400, 12, 31)), thai_dates)
def test_missing_year_is_next_occurrence(today: date, day: date) -> None:
    if (day.month, day.day) == (2, 29):
        return
    found = parse_thai_date(f"{day.day} {MONTHS_TH_ABBR[day.month - 1]}", today=today)
    assert (found.month, found.day) == (day.month, day.day)
    assert today <= found < today + timedelta(days=366)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 12, 31)))
def test_fiscal_year_of_is_in_its_range(day: date) -> None:
    first, last = fiscal_year_range(fiscal_year_of(day))
    assert first <= day <= last
    start, end = quarter_range(fiscal_year_of(day), quarter_of(day))
    assert start <= day <= end


@given(st.integers(min_value=2450, max_value=9000))
def test_quarters_tile_the_fiscal_year(fiscal_year: int) -> None:
    quarters = [quarter_range(fiscal_year, q) for q in (1, 2, 3, 4)]
    first, last = fiscal_year_range(fiscal_year)
    assert quarters[0][0] == first
    assert quarters[-1][1] == last
    for (_, end), (start, _) in zip(quarters, quarters[1:], strict=False):
        assert start == end + timedelta(days=1)
    assert half_year_range(fiscal_year) == (quarters[0][0], quarters[1][1])
    assert fiscal_year_range(fiscal_year + 1)[0] == last + timedelta(days=1)
