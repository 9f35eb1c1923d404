"""A province's organisations and their figures, read in a bounded number of round trips.

The dashboard's page reads frozen month-end summaries: one round trip for the
province's organisation ids and one for every record and snapshot, however many
organisations there are. Months nobody froze yet are frozen first (two round trips
per hundred organisations, as the clock does). The chat card counts this month as
`สรุป` does, from each measure's latest report: one round trip per hundred organisations.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain.thai import BANGKOK
from bot.province.figures import OrgFigures, figures_of
from bot.store.redis_store import RedisStore
from bot.summary.compile import compile_summary, month_cutoff, summary_json
from bot.summary.monthly import BATCH, freeze_month
from bot.summary.org_data import month_before, month_key


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
    ids = store.provinces.org_ids(province)
    records, summaries = store.provinces.month_snapshots(ids, key)
    missing = [i for i in ids if i in records and summaries.get(i) is None]
    if missing:
        freeze_month(store, store.snapshots, year, month, now, org_ids=missing)
        summaries.update(store.provinces.month_snapshots(missing, key, records=False)[1])
    return [
        figures_of(org.id, org.name, org.district, key, summaries.get(org.id))
        for org in (records[i] for i in ids if i in records)
    ]


def live_figures(store: RedisStore, province: str, now: datetime) -> list[OrgFigures]:
    """Return each organisation's figures of this month so far, as `สรุป` counts them.

    The totals of a month still running depend only on each measure's latest report
    (an amendment is itself the latest), so the latest reports are read, not every
    report list: one round trip per hundred organisations after the ids.
    """
    today = now.astimezone(BANGKOK).date()
    year, month = today.year, today.month
    key = month_key(year, month)
    ids = store.provinces.org_ids(province)
    found: list[OrgFigures] = []
    for start in range(0, len(ids), BATCH):
        for org, measures, latest in store.provinces.latest_reports(ids[start : start + BATCH]):
            summary = summary_json(
                compile_summary(org, measures, latest, year, month, None, now=now)
            )
            found.append(figures_of(org.id, org.name, org.district, key, summary))
    return found
