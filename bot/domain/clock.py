"""The wall clock, injected: whatever reads the time takes a ``Now`` instead of asking the OS.

Tests, drills and the CLI's ``--now`` run the product at any instant; production passes
``utc_now``. Only this module reads the real time of day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from bot.domain.thai import BANGKOK

Now = Callable[[], datetime]


def utc_now() -> datetime:
    """Return the current instant, time-zone aware (UTC)."""
    return datetime.now(UTC)


def fixed(instant: datetime) -> Now:
    """Return a clock stopped at instant (tests, ``--now``)."""
    if instant.tzinfo is None:
        raise ValueError("a fixed clock needs a time-zone aware instant")
    return lambda: instant


def today_in_bangkok(now: Now) -> date:
    """Return the date in Bangkok at the clock's instant."""
    return now().astimezone(BANGKOK).date()
