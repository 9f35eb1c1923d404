"""Freeze one month's summary for every organisation, in batches of pipelined reads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.store.redis_store import RedisStore
from bot.store.snapshots import SnapshotStore
from bot.summary.compile import compile_summary, month_cutoff, summary_json
from bot.summary.org_data import month_before, month_key

BATCH = 100  # organisations per pair of round trips: a few MB of reports in memory at most


@dataclass
class MonthFrozen:
    """What freezing a month for many organisations did."""

    frozen: int = 0  # summaries compiled and stored now
    existing: int = 0  # already frozen before: left as they were
    unknown: int = 0  # ids with no organisation record


def freeze_month(
    store: RedisStore,
    snapshots: SnapshotStore,
    year: int,
    month: int,
    now: datetime,
    org_ids: Sequence[str] | None = None,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> MonthFrozen:
    """Compile and freeze an ended month for every organisation (or those given)."""
    if now < month_cutoff(year, month):
        raise ValueError(f"{month_key(year, month)} has not ended: nothing to freeze yet")
    if org_ids is None:
        org_ids = store.org_ids()
    this, prev = month_key(year, month), month_key(*month_before(year, month))
    result = MonthFrozen()
    for start in range(0, len(org_ids), batch):
        chunk = org_ids[start : start + batch]
        pipe = store.pipeline(transaction=False)
        for data in store.read_orgs(chunk, [this, prev]):
            if data is None:
                result.unknown += 1
                continue
            if data.snapshots[this] is not None:
                result.existing += 1
                continue
            summary = compile_summary(
                data.org, data.measures, data.reports, year, month, data.snapshots[prev],
                rejected=data.rejected,
            )  # fmt: skip
            payload = {**summary_json(summary), "frozen_at": now.isoformat()}
            snapshots.freeze(data.org.id, year, month, payload, pipeline=pipe)
        stored = pipe.execute()
        result.frozen += sum(map(bool, stored))
        result.existing += sum(not s for s in stored)
        if progress is not None:
            progress(start + len(chunk))
    return result
