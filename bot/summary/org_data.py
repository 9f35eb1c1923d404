"""Months as summaries name them ("2023-03"), and the month before one."""

from __future__ import annotations

from bot.store.snapshots import month_key

__all__ = ["month_before", "month_key"]


def month_before(year: int, month: int) -> tuple[int, int]:
    """Return the (year, month) before this one."""
    return (year, month - 1) if month > 1 else (year - 1, 12)
