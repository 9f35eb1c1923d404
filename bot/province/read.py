"""A province's organisations and their figures, read in a bounded number of round trips.

The dashboard's page reads frozen month-end summaries: one round trip for the
province's organisation ids and one for every record and snapshot, however many
organisations there are. Months nobody froze yet are frozen first (two round trips
per hundred organisations, as the clock does). The chat card counts this month as
`สรุป` does, from each measure's latest report: one round trip per hundred organisations.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.domain.model import Organisation
from bot.domain.thai import BANGKOK
from bot.province.figures import OrgFigures, figures_of
from bot.store import codec
from bot.store import keys as k
from bot.store.provinces import province_org_ids
from bot.store.redis_store import RedisStore
from bot.summary.compile import compile_summary, month_cutoff, summary_json
from bot.summary.monthly import BATCH, freeze_month
from bot.summary.org_data import month_before, month_key
from bot.summary.snapshots import SnapshotStore


def last_ended_month(now: datetime) -> tuple[int, int]:
    """Return the (year, month) of the last month that has ended in Bangkok."""
    today = now.astimezone(BANGKOK).date()
    return month_before(today.year, today.month)


def month_figures(
    store: RedisStore, province: str, year: int, month: int, now: datetime
) -> list[OrgFigures]:
    """Return each organisation's frozen figures of an ended month (freezing missing ones)."""
    if now < month_cutoff(year, month):
        raise ValueError(f"{month_key(year, month)} has not ended")
    key = month_key(year, month)
    ids = province_org_ids(store.r, province)
    records, summaries = _records_and_snapshots(store, ids, key)
    missing = [i for i in ids if records.get(i) and summaries.get(i) is None]
    if missing:
        freeze_month(store, SnapshotStore(store.r), year, month, now, org_ids=missing)
        _, frozen = _records_and_snapshots(store, missing, key, orgs=False)
        summaries.update(frozen)
    return [
        figures_of(org.id, org.name, org.district, key, summaries.get(org.id))
        for org in (records[i] for i in ids if records.get(i))
    ]


def _records_and_snapshots(
    store: RedisStore, ids: Sequence[str], month: str, orgs: bool = True
) -> tuple[dict[str, Organisation], dict[str, dict[str, Any] | None]]:
    """Read records (when orgs) and one month's stored summaries in one round trip."""
    pipe = store.r.pipeline(transaction=False)
    for org_id in ids:
        if orgs:
            pipe.get(k.org_key(k.ORG, org_id))
        pipe.get(k.org_key(k.SUMMARY, org_id, month=month))
    answers = iter(pipe.execute())
    records: dict[str, Organisation] = {}
    summaries: dict[str, dict[str, Any] | None] = {}
    for org_id in ids:
        if orgs:
            raw = next(answers)
            if raw:
                records[org_id] = codec.load_org(raw)
        raw_summary = next(answers)
        summaries[org_id] = json.loads(raw_summary) if raw_summary else None
    return records, summaries


def live_figures(store: RedisStore, province: str, now: datetime) -> list[OrgFigures]:
    """Return each organisation's figures of this month so far, as `สรุป` counts them.

    The totals of a month still running depend only on each measure's latest report
    (an amendment is itself the latest), so the latest reports are read, not every
    report list: one round trip per hundred organisations after the ids.
    """
    today = now.astimezone(BANGKOK).date()
    year, month = today.year, today.month
    key = month_key(year, month)
    ids = province_org_ids(store.r, province)
    found: list[OrgFigures] = []
    for start in range(0, len(ids), BATCH):
        pipe = store.r.pipeline(transaction=False)
        for org_id in ids[start : start + BATCH]:
            pipe.get(k.org_key(k.ORG, org_id))
            pipe.hvals(k.org_key(k.MEASURES, org_id))
            pipe.hgetall(k.org_key(k.LATEST_REPORT, org_id))
        answers = iter(pipe.execute())
        for raw_org, raw_measures, raw_latest in zip(answers, answers, answers, strict=True):
            if not raw_org:
                continue
            org = codec.load_org(raw_org)
            measures = sorted(map(codec.load_measure, raw_measures), key=lambda m: m.number)
            latest = {
                codec.as_text(mid): [codec.load_report(raw)] for mid, raw in raw_latest.items()
            }
            summary = compile_summary(org, measures, latest, year, month, None, now=now)
            found.append(figures_of(org.id, org.name, org.district, key, summary_json(summary)))
    return found
