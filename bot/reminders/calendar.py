"""Working days: Monday to Friday, minus Thai public holidays and an organisation's own."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from bot.domain.thai import BANGKOK

_ONE_DAY = timedelta(days=1)
_WEEKEND = (5, 6)


@lru_cache(maxsize=64)
def thai_public_holidays(year: int) -> Mapping[date, str]:
    """Return Thailand's public holidays of one CE year (cached: building them is slow)."""
    # country_holidays("TH") is holidays.Thailand, under a name type checkers can see.
    return dict(holidays.country_holidays("TH", years=year).items())


class WorkCalendar:
    """Which days an organisation's offices are open."""

    def __init__(self, extra_holidays: Mapping[date, str] | Iterable[date] = ()) -> None:
        if isinstance(extra_holidays, Mapping):
            self.extra: dict[date, str] = dict(extra_holidays)
        else:
            self.extra = {day: "" for day in extra_holidays}

    def holiday_name(self, d: date) -> str | None:
        """Return the name of the holiday on d ("" if unnamed), or None on other days."""
        if d in self.extra:
            return self.extra[d]
        return thai_public_holidays(d.year).get(d)

    def is_working_day(self, d: date) -> bool:
        """Whether offices are open on d: a weekday that is no holiday."""
        return d.weekday() not in _WEEKEND and self.holiday_name(d) is None

    def previous_working_day(self, d: date) -> date:
        """Return d if offices are open then, else the last working day before it."""
        while not self.is_working_day(d):
            d -= _ONE_DAY
        return d

    def next_working_day(self, d: date) -> date:
        """Return d if offices are open then, else the first working day after it."""
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def first_working_day(self, year: int, month: int) -> date:
        """Return the first working day of a month (when the monthly summary goes out)."""
        return self.next_working_day(date(year, month, 1))

    def office_slot(self, now: datetime, opens: time, closes: time) -> datetime | None:
        """Return None while offices are open at now, else when they next open (Bangkok).

        A reminder found late outside office hours waits for this slot: nobody is pushed
        at 23:11 about the morning they missed.
        """
        local = now.astimezone(BANGKOK)
        today = local.date()
        if self.is_working_day(today) and opens <= local.time() <= closes:
            return None
        if self.is_working_day(today) and local.time() < opens:
            return datetime.combine(today, opens, tzinfo=BANGKOK)
        return datetime.combine(self.next_working_day(today + _ONE_DAY), opens, tzinfo=BANGKOK)


def first_working_day(
    year: int, month: int, holidays: Mapping[date, str] | Iterable[date] = ()
) -> date:
    """Return the first working day of a month, given the organisation's extra holidays."""
    return WorkCalendar(holidays).first_working_day(year, month)
