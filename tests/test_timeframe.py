from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.thai import month_range
from bot.domain.timeframe import Timeframe, TimeframeError, format_timeframe, parse_timeframe
from bot.texts import en, th

D = date
FY66 = (D(2022, 10, 1), D(2023, 9, 30))
H1_66 = (D(2022, 10, 1), D(2023, 3, 31))
JAN_MAR_66 = (D(2023, 1, 1), D(2023, 3, 31))


@pytest.mark.parametrize(
    ("text", "fiscal_year", "start", "end"),
    [
        # Forms found in the seed plans, exactly as written there.
        ("ม.ค. ๖๖ - มี.ค. ๖๖", None, *JAN_MAR_66),
        ("<p>ม.ค. ๖๖ - มี.ค. ๖๖</p>", None, *JAN_MAR_66),
        ("ม.ค. ๖๖- มี.ค. ๖๖", None, *JAN_MAR_66),
        ("ต.ค.๖๕ - ก.ย.๖๖", None, *FY66),
        ("ต.ค. ๖๕ – ก.ย. ๖๖", None, *FY66),
        ("ต.ค. ๖๕ – มี.ค. ๖๖", None, *H1_66),
        ("ปีงบประมาณ ๒๕๖๖", None, *FY66),
        ("<p>ปีงบประมาณ ๒๕๖๖</p>", None, *FY66),
        ("ปีงบประมาณ ๒๕๖๕", None, D(2021, 10, 1), D(2022, 9, 30)),
        ("๑ ต.ค. ๖๕ - ๓๑ มี.ค. ๖๖", None, *H1_66),
        ("(๑ ต.ค. ๖๕ - ๓๑ มี.ค. ๖๖)", None, *H1_66),
        ("๖ เดือนแรกของปี พ.ศ. ๒๕๖๖", None, *H1_66),
        ("รอบ ๖ เดือนของปี พ.ศ. ๒๕๖๖", None, *H1_66),
        ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๖", None, *FY66),
        ("ปีงบประมาณ พ.ศ.๒๕๖๑-๒๕๖๕", None, D(2017, 10, 1), D(2022, 9, 30)),
        # Forms from the calendar notes and the plan template.
        ("ต.ค. ๖๕ — มี.ค. ๖๖", None, *H1_66),
        ("ต.ค. ๖๕ ถึง มี.ค. ๖๖", None, *H1_66),
        ("ต.ค. ๖๕ จนถึง มี.ค. ๖๖", None, *H1_66),
        ("ต.ค. 65 − มี.ค. 66", None, *H1_66),
        ("ปีงบประมาณ 2566", None, *FY66),
        ("ปีงบ 66", None, *FY66),
        (
            "ปีงบประมาณ พ.ศ. 2565\n(ไตรมาสที่ 4) ห้วงเดือน ก.ค.-ก.ย. 65",
            None,
            D(2022, 7, 1),
            D(2022, 9, 30),
        ),
        ("ปีงบประมาณ 2566 ไตรมาส 2 (ม.ค. - มี.ค.)", None, *JAN_MAR_66),
        ("ไตรมาสที่ 2/2566", None, *JAN_MAR_66),
        ("ไตรมาสที่ ๒/๖๖", None, *JAN_MAR_66),
        ("Q2/2566", None, *JAN_MAR_66),
        ("ไตรมาส 2", 2566, *JAN_MAR_66),
        ("ไตรมาส 1-2 ปีงบประมาณ 2566", None, *H1_66),
        ("ไตรมาสที่ 1 - ไตรมาสที่ 2 ปีงบ 66", None, *H1_66),
        ("ไตรมาส 3-4", 2566, D(2023, 4, 1), D(2023, 9, 30)),
        ("รอบ ๖ เดือน", 2566, *H1_66),
        ("รอบ 6 เดือน ปีงบประมาณ 2566", None, *H1_66),
        ("ครึ่งปีหลัง", 2566, D(2023, 4, 1), D(2023, 9, 30)),
        ("รอบ 12 เดือน", 2566, *FY66),
        ("ตลอดปีงบประมาณ", 2566, *FY66),
        ("ตลอดปี", 2566, *FY66),
        ("ตลอดปีงบประมาณ 2566", 2565, *FY66),
        ("ปีปฏิทิน 2566", None, D(2023, 1, 1), D(2023, 12, 31)),
        ("มี.ค. 66", None, D(2023, 3, 1), D(2023, 3, 31)),
        ("มีนาคม 2566", None, D(2023, 3, 1), D(2023, 3, 31)),
        ("ก.พ. 67", None, D(2024, 2, 1), D(2024, 2, 29)),
        ("15 มี.ค. 66", None, D(2023, 3, 15), D(2023, 3, 15)),
        ("มี.ค.", 2566, D(2023, 3, 1), D(2023, 3, 31)),
        ("ต.ค.", 2566, D(2022, 10, 1), D(2022, 10, 31)),
        ("ภายใน 31 มี.ค. 66", None, None, D(2023, 3, 31)),
        ("ภายในเดือน มี.ค. 66", None, None, D(2023, 3, 31)),
        ("ไม่เกิน 31 มี.ค. 2566", None, None, D(2023, 3, 31)),
        ("ภายใน มี.ค.", 2566, None, D(2023, 3, 31)),
        ("ภายในปีงบประมาณ 2566", None, *FY66),
        ("ตั้งแต่ 1 ต.ค. 65", None, D(2022, 10, 1), None),
        ("ตั้งแต่ 1 ต.ค. 65 ถึง 31 มี.ค. 66", None, *H1_66),
        ("ต.ค. 2565 - ก.ย. 2566", None, *FY66),
        ("1 ตุลาคม 2565 – 30 กันยายน 2566", None, *FY66),
        ("๑ ตุลาคม ๒๕๖๕ ถึง ๓๐ กันยายน ๒๕๖๖", None, *FY66),
        ("ต.ค. - ธ.ค. 65", None, D(2022, 10, 1), D(2022, 12, 31)),
        ("ต.ค. - ก.ย. 66", None, *FY66),
        ("พ.ย. - ม.ค. 66", None, D(2022, 11, 1), D(2023, 1, 31)),
        ("ต.ค. 65 - มี.ค.", None, *H1_66),
        ("มกราคม - มีนาคม 2566", None, *JAN_MAR_66),
        ("ต.ค. - มี.ค.", 2566, *H1_66),
        ("ก.ค. - ก.ย.", 2566, D(2023, 7, 1), D(2023, 9, 30)),
        ("1 - 15 มี.ค. 66", None, D(2023, 3, 1), D(2023, 3, 15)),
        ("มค66-มีค66", None, *JAN_MAR_66),
        ("ม.ค 66 - มี.ค 66", None, *JAN_MAR_66),
        ("- ต.ค. 65 - ก.ย. 66", None, *FY66),
        ("ต.ค.\u200b๖๕ -\xa0ก.ย.๖๖", None, *FY66),
        # CE years, ISO and numeric dates, English.
        ("Oct 2022 - Mar 2023", None, *H1_66),
        ("1 October 2022 to 30 September 2023", None, *FY66),
        ("by 31 Mar 2023", None, None, D(2023, 3, 31)),
        ("ค.ศ. 2023", None, *FY66),
        ("2022-10-01 - 2023-03-31", None, *H1_66),
        ("2566-01 - 2566-03", None, *JAN_MAR_66),
        ("1/10/65 - 31/3/66", None, *H1_66),
        ("1/10/2565 ถึง 31/3/2566", None, *H1_66),
        # A year alone is a fiscal year, BE or CE.
        ("2566", None, *FY66),
        ("๒๕๖๖", None, *FY66),
        ("2023", None, *FY66),
        ("พ.ศ. 2566", None, *FY66),
    ],
)
def test_parse_timeframe(
    text: str, fiscal_year: int | None, start: date | None, end: date | None
) -> None:
    assert parse_timeframe(text, fiscal_year) == Timeframe(start, end, text)


@pytest.mark.parametrize("text", ["", "-", " - ", "–", "—", "--", ".", "ไม่มี", "ไม่ระบุ", "<p></p>"])
def test_no_timeframe(text: str) -> None:
    assert parse_timeframe(text) == Timeframe(None, None, text, is_none=True)


@pytest.mark.parametrize(
    ("text", "fiscal_year", "code"),
    [
        ("มี.ค. 66 - ม.ค. 66", None, "end_before_start"),
        ("31 มี.ค. 66 - 1 มี.ค. 66", None, "end_before_start"),
        ("ไตรมาส 3-1/2566", None, "end_before_start"),
        ("ต.ค. 66 - ก.ย. 66", None, "end_before_start"),
        ("ม.ค. - มี.ค.", None, "no_year"),
        ("มี.ค.", None, "no_year"),
        ("15 มี.ค.", None, "no_year"),
        ("รอบ ๖ เดือน", None, "no_year"),
        ("ตลอดปีงบประมาณ", None, "no_year"),
        ("ไตรมาส 2", None, "no_year"),
        ("ภายในเดือน มี.ค.", None, "no_year"),
        ("ปีงบประมาณ 2566 ไตรมาส 4 ม.ค. 66", None, "conflict"),
        ("ปีงบประมาณ 2565 ต.ค. 65 - ก.ย. 66", None, "conflict"),
        ("ม.ค. 66 ก.ค. 66", None, "conflict"),
        ("ข้อมูลครอบคลุม", None, "unreadable"),
        ("ม.ค. ๖๖ - มี.ค. ๖๖ ทุกเดือน", None, "unreadable"),
        ("31 ก.พ. 66", None, "unreadable"),
        ("มี.ค. 123", None, "unreadable"),
        ("ไตรมาส 5", 2566, "unreadable"),
        ("ไตรมาส 2/", None, "unreadable"),
        ("66", None, "unreadable"),
        ("ภายใน", None, "unreadable"),
        ("ต.ค. 65 -", None, "unreadable"),
        ("99999999999999999999 มี.ค. 66", None, "unreadable"),
        ("ม.ค. 66 - มี.ค. 66 " * 30, None, "unreadable"),
    ],
)
def test_parse_timeframe_errors(text: str, fiscal_year: int | None, code: str) -> None:
    assert parse_timeframe(text, fiscal_year) == TimeframeError(code, text)


@pytest.mark.parametrize("hint", [2566, 66, 2023])
def test_fiscal_year_hint_accepts_be_short_and_ce(hint: int) -> None:
    assert parse_timeframe("มี.ค.", hint) == Timeframe(D(2023, 3, 1), D(2023, 3, 31), "มี.ค.")


def test_bad_fiscal_year_hint_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        parse_timeframe("มี.ค.", 123)


def test_error_messages_name_the_text_and_an_example() -> None:
    error = TimeframeError("unreadable", "ทุก\nเดือน")
    assert error.message() == th.TEXTS["timeframe.unreadable"].format(text="ทุก เดือน")
    assert "ปีงบประมาณ 2566" in error.message()
    assert error.message("en").startswith('Cannot read the timeframe "ทุก เดือน"')


@pytest.mark.parametrize("code", ["unreadable", "end_before_start", "no_year", "conflict"])
def test_every_error_code_has_texts(code: str) -> None:
    for texts in (th.TEXTS, en.TEXTS):
        assert "{text}" in texts[f"timeframe.{code}"]


@pytest.mark.parametrize(
    ("tf", "lang", "thai_digits", "text"),
    [
        (Timeframe(*JAN_MAR_66, ""), "th", False, "ม.ค. 2566 - มี.ค. 2566"),
        (Timeframe(*JAN_MAR_66, ""), "th", True, "ม.ค. ๒๕๖๖ - มี.ค. ๒๕๖๖"),
        (Timeframe(*JAN_MAR_66, ""), "en", False, "Jan 2023 - Mar 2023"),
        (Timeframe(D(2023, 3, 1), D(2023, 3, 31), ""), "th", False, "มี.ค. 2566"),
        (Timeframe(D(2022, 10, 1), D(2023, 3, 15), ""), "th", False, "1 ต.ค. 2565 - 15 มี.ค. 2566"),
        (Timeframe(D(2023, 3, 15), D(2023, 3, 15), ""), "th", False, "15 มี.ค. 2566"),
        (Timeframe(None, D(2023, 3, 31), ""), "th", False, "ภายใน 31 มี.ค. 2566"),
        (Timeframe(None, D(2023, 3, 31), ""), "en", False, "by 31 Mar 2023"),
        (Timeframe(D(2022, 10, 1), None, ""), "th", False, "ตั้งแต่ 1 ต.ค. 2565"),
        (Timeframe(D(2022, 10, 1), None, ""), "en", False, "from 1 Oct 2022"),
        (Timeframe(None, None, "-", is_none=True), "th", False, "-"),
    ],
)
def test_format_timeframe(tf: Timeframe, lang: str, thai_digits: bool, text: str) -> None:
    assert format_timeframe(tf, lang=lang, thai_digits=thai_digits) == text


# Thai formats write BE years (four digits from 2400); English ones CE years below 2400.
THAI_RANGE = (D(1900, 1, 1), D(9456, 12, 31))
ENGLISH_RANGE = (D(1000, 1, 1), D(2399, 12, 31))


@st.composite
def timeframes(draw: st.DrawFn, bounds: tuple[date, date]) -> Timeframe:
    """Draw any timeframe: day range, whole months, open on one side, or none."""
    days = st.dates(*bounds)
    first, second = sorted((draw(days), draw(days)))
    shape = draw(st.sampled_from(["days", "months", "until", "since", "none"]))
    if shape == "months":
        return Timeframe(first.replace(day=1), month_range(second.year, second.month)[1], "")
    if shape == "until":
        return Timeframe(None, second, "")
    if shape == "since":
        return Timeframe(first, None, "")
    if shape == "none":
        return Timeframe(None, None, "-", is_none=True)
    return Timeframe(first, second, "")


def _dates(result: Timeframe | TimeframeError) -> tuple[date | None, date | None, bool]:
    assert isinstance(result, Timeframe), result
    return result.start, result.end, result.is_none


@given(timeframes(THAI_RANGE), st.booleans())
def test_format_timeframe_round_trips_in_thai(tf: Timeframe, thai_digits: bool) -> None:
    text = format_timeframe(tf, thai_digits=thai_digits)
    assert _dates(parse_timeframe(text)) == (tf.start, tf.end, tf.is_none)


@given(timeframes(ENGLISH_RANGE))
def test_format_timeframe_round_trips_in_english(tf: Timeframe) -> None:
    text = format_timeframe(tf, lang="en")
    assert _dates(parse_timeframe(text)) == (tf.start, tf.end, tf.is_none)


@given(st.integers(min_value=2450, max_value=9000), st.integers(min_value=1, max_value=4))
def test_quarter_and_fiscal_texts_agree_with_calendar(fiscal_year: int, quarter: int) -> None:
    whole = _dates(parse_timeframe(f"ปีงบประมาณ {fiscal_year}"))
    part = _dates(parse_timeframe(f"ไตรมาสที่ {quarter}/{fiscal_year}"))
    assert whole[0] is not None and whole[1] is not None
    assert part[0] is not None and part[1] is not None
    assert whole[0] <= part[0] <= part[1] <= whole[1]
    assert (part[1] - part[0]) < timedelta(days=92)


WORDS = [
    *["-", "–", "/", "(", ")", "\n", "x", "q", "1", "15", "31", "66", "๖๕", "2566", "2023"],
    *["0", "99999", "2022-10-01", "1/10/65", "2566-03", "ม.ค.", "มี.ค.", "ต.ค.", "ก.ย."],
    *["มีนาคม", "ถึง", "ปีงบประมาณ", "ไตรมาสที่", "ภายใน", "ตั้งแต่", "พ.ศ.", "เดือน", "รอบ"],
    *["ปีปฏิทิน", "ครึ่งปีหลัง"],
]


@given(
    st.one_of(st.text(max_size=40), st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)),
    st.one_of(st.none(), st.integers(min_value=2450, max_value=9000)),
)
def test_parse_timeframe_never_raises(text: str, fiscal_year: int | None) -> None:
    result = parse_timeframe(text, fiscal_year)
    assert isinstance(result, (Timeframe, TimeframeError))
    if isinstance(result, Timeframe) and result.start and result.end:
        assert result.start <= result.end
