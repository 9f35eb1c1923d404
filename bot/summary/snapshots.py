"""Month-end summaries, frozen once and never changed, and the summary of any month."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import redis

from bot.domain.thai import BANGKOK, month_range
from bot.store import keys as k
from bot.store.redis_store import RedisStore, UnknownOrgError
from bot.summary.compile import compile_summary, late_reports, month_cutoff, summary_json
from bot.summary.org_data import OrgData, month_before, month_key, read_orgs

Pipeline = redis.client.Pipeline


class SnapshotStore:
    """Stored month-end summaries: SET NX, so a month is frozen once and never overwritten."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def get(self, org: str, year: int, month: int) -> dict[str, Any] | None:
        """Return a month's frozen summary, or None."""
        raw = self.r.get(k.org_key(k.SUMMARY, org, month=month_key(year, month)))
        return json.loads(raw) if raw else None

    def freeze(
        self,
        org: str,
        year: int,
        month: int,
        summary: Mapping[str, Any],
        pipeline: Pipeline | None = None,
    ) -> bool:
        """Store a month's summary unless one is stored; return whether this one was stored.

        Late reports are left out: they keep arriving, so summary_for lists them on each
        read. On a pipeline the write is only queued and True is returned; its result is
        SET NX's.
        """
        if summary.get("partial"):
            raise ValueError("a summary compiled before its month ended cannot be frozen")
        if summary.get("month") != month_key(year, month) or summary.get("org") != org:
            raise ValueError(f"summary of {summary.get('org')} {summary.get('month')} given")
        frozen = {**summary, "late_reports": []}
        raw = json.dumps(frozen, ensure_ascii=False, separators=(",", ":"))
        key = k.org_key(k.SUMMARY, org, month=month_key(year, month))
        if pipeline is not None:
            pipeline.set(key, raw, nx=True)
            return True
        return bool(self.r.set(key, raw, nx=True))


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
    data = read_orgs(store.r, [org_id], months)[0]
    if data is None:
        raise UnknownOrgError(org_id)
    ended = now >= month_cutoff(year, month)
    frozen = data.snapshots[months[0]]
    if ended and frozen is not None:
        return with_late_reports(frozen, data, year, month, now)
    previous = data.snapshots[months[1]]
    pipe = snapshots.r.pipeline(transaction=False)
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
