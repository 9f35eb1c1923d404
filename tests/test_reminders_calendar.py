"""Working days: weekends, Thai public holidays, an organisation's own days off."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.reminders.calendar import WorkCalendar, first_working_day, thai_public_holidays


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2023, 9, 29), True),  # Friday
        (date(2023, 9, 30), False),  # Saturday: the fiscal year's last day
        (date(2023, 10, 1), False),  # Sunday
        (date(2023, 4, 13), False),  # Songkran
        (date(2023, 4, 17), False),  # Songkran in lieu
        (date(2023, 12, 5), False),  # King Bhumibol's birthday, a Tuesday
        (date(2023, 3, 31), True),  # quarter end on a Friday
        (date(2022, 12, 30), False),  # bridge holiday before New Year
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert WorkCalendar().is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 9, 30), date(2023, 9, 29)),  # Saturday -> Friday
        (date(2023, 4, 15), date(2023, 4, 12)),  # Songkran Saturday -> Wednesday before
        (date(2022, 12, 31), date(2022, 12, 29)),  # quarter end: Sat, bridge Fri -> Thu
        (date(2023, 12, 5), date(2023, 12, 4)),
        (date(2023, 3, 31), date(2023, 3, 31)),  # a working day stays
    ],
)
def test_previous_working_day(day: date, expected: date) -> None:
    assert WorkCalendar().previous_working_day(day) == expected


def test_next_working_day() -> None:
    assert WorkCalendar().next_working_day(date(2023, 4, 15)) == date(2023, 4, 18)


def test_extra_holidays_close_the_office() -> None:
    cal = WorkCalendar({date(2023, 9, 29): "งานประจำปีของตำบล"})
    assert not cal.is_working_day(date(2023, 9, 29))
    assert cal.holiday_name(date(2023, 9, 29)) == "งานประจำปีของตำบล"
    assert cal.previous_working_day(date(2023, 9, 30)) == date(2023, 9, 28)
    assert WorkCalendar([date(2023, 9, 28)]).holiday_name(date(2023, 9, 28)) == ""


def test_holiday_names() -> None:
    cal = WorkCalendar()
    assert cal.holiday_name(date(2023, 4, 13)) == "Songkran Festival"
    assert cal.holiday_name(date(2023, 4, 12)) is None


@pytest.mark.parametrize(
    ("year", "month", "extra", "expected"),
    [
        (2023, 1, (), date(2023, 1, 4)),  # New Year, two days in lieu
        (2023, 10, (), date(2023, 10, 2)),  # 1 Oct is a Sunday
        (2023, 10, (date(2023, 10, 2),), date(2023, 10, 3)),
        (2023, 3, (), date(2023, 3, 1)),
    ],
)
def test_first_working_day(year: int, month: int, extra: tuple[date, ...], expected: date) -> None:
    assert first_working_day(year, month, extra) == expected
    assert WorkCalendar(extra).first_working_day(year, month) == expected


def test_public_holidays_are_cached_per_year() -> None:
    assert thai_public_holidays(2024) is thai_public_holidays(2024)


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)))
def test_previous_working_day_is_the_nearest_open_day_not_after(day: date) -> None:
    cal = WorkCalendar()
    found = cal.previous_working_day(day)
    assert found <= day and cal.is_working_day(found) and found.weekday() < 5
    gap = found + timedelta(days=1)
    while gap <= day:
        assert not cal.is_working_day(gap)
        gap += timedelta(days=1)


def test_office_slot_waits_for_the_next_opening() -> None:
    from datetime import datetime, time

    from bot.domain.thai import BANGKOK
    from bot.reminders.calendar import WorkCalendar

    cal = WorkCalendar()
    opens, closes = time(8, 30), time(16, 30)

    def slot(y: int, m: int, d: int, hh: int, mm: int) -> datetime | None:
        return cal.office_slot(datetime(y, m, d, hh, mm, tzinfo=BANGKOK), opens, closes)

    assert slot(2026, 11, 30, 10, 0) is None  # Monday morning: open
    assert slot(2026, 11, 30, 7, 0) == datetime(2026, 11, 30, 8, 30, tzinfo=BANGKOK)
    assert slot(2026, 11, 27, 23, 10) == datetime(2026, 11, 30, 8, 30, tzinfo=BANGKOK)  # Fri
    assert slot(2026, 11, 28, 10, 0) == datetime(2026, 11, 30, 8, 30, tzinfo=BANGKOK)  # Sat
    # Fri 4 Dec 17:00: 5 Dec falls on a Saturday, so Monday 7 Dec is its substitute holiday
    assert slot(2026, 12, 4, 17, 0) == datetime(2026, 12, 8, 8, 30, tzinfo=BANGKOK)
    # Wed 9 Dec 17:00: Thu 10 Dec is Constitution Day
    assert slot(2026, 12, 9, 17, 0) == datetime(2026, 12, 11, 8, 30, tzinfo=BANGKOK)
