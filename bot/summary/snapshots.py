"""The summary of any month: the frozen one with its late reports, else compiled and frozen."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.domain.thai import BANGKOK, month_range
from bot.store.org_data import OrgData
from bot.store.redis_store import RedisStore, UnknownOrgError
from bot.store.snapshots import SnapshotStore
from bot.summary.compile import compile_summary, late_reports, month_cutoff, summary_json
from bot.summary.org_data import month_before, month_key


def statuses_of(summary: Mapping[str, Any]) -> dict[int, str]:
    """Return the status of each measure number recorded in a summary."""
    return {int(n): s for n, s in summary.get("statuses", {}).items()}


def with_late_reports(
    summary: Mapping[str, Any], data: OrgData, year: int, month: int, now: datetime
) -> dict[str, Any]:
    """Return a frozen summary with the reports made after it that would have changed it."""
    late = late_reports(statuses_of(summary), data.measures, data.reports, year, month, now)
    return {**summary, "late_reports": [entry.as_json() for entry in late]}


def summary_for(
    store: RedisStore,
    snapshots: SnapshotStore,
    org_id: str,
    year: int,
    month: int,
    now: datetime,
) -> dict[str, Any]:
    """Return a month's summary: the frozen one, else compiled (and frozen if the month ended).

    The month before is frozen too when it has no summary yet, so "changes since
    last month" always compares with figures that will not move.
    """
    if now < datetime.combine(month_range(year, month)[0], datetime.min.time(), BANGKOK):
        raise ValueError(f"{month_key(year, month)} has not started")
    prev = month_before(year, month)
    months = [month_key(year, month), month_key(*prev), month_key(*month_before(*prev))]
    data = store.read_orgs([org_id], months)[0]
    if data is None:
        raise UnknownOrgError(org_id)
    ended = now >= month_cutoff(year, month)
    frozen = data.snapshots[months[0]]
    if ended and frozen is not None:
        return with_late_reports(frozen, data, year, month, now)
    previous = data.snapshots[months[1]]
    pipe = store.pipeline(transaction=False)
    if previous is None:
        compiled = compile_summary(
            data.org, data.measures, data.reports, *prev, data.snapshots[months[2]],
            rejected=data.rejected,
        )  # fmt: skip
        previous = {**summary_json(compiled), "frozen_at": now.isoformat()}
        snapshots.freeze(org_id, *prev, previous, pipeline=pipe)
    summary = summary_json(
        compile_summary(
            data.org,
            data.measures,
            data.reports,
            year,
            month,
            previous,
            now=now,
            rejected=data.rejected,
        )  # fmt: skip
    )
    if ended:
        summary["frozen_at"] = now.isoformat()
        snapshots.freeze(org_id, year, month, summary, pipeline=pipe)
    stored = pipe.execute()
    if ended and not stored[-1]:  # another process froze it first: theirs stands
        winner = snapshots.get(org_id, year, month)
        if winner is not None:
            return with_late_reports(winner, data, year, month, now)
    return summary
