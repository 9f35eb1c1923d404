"""Read what summaries are compiled from, for many organisations in two round trips."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import redis

from bot.domain.model import Measure, Organisation, Report
from bot.store import codec
from bot.store import keys as k


@dataclass
class OrgData:
    """One organisation's measures, their report lists and some months' stored summaries."""

    org: Organisation
    measures: list[Measure]
    reports: dict[str, list[Report]]
    snapshots: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    rejected: set[str] = field(default_factory=set)  # evidence refused after download


def read_orgs(
    client: redis.Redis, org_ids: Sequence[str], months: Sequence[str] = ()
) -> list[OrgData | None]:
    """Read organisations (None if unknown) with everything their summaries need.

    The first round trip reads each organisation, its measures and the stored
    summaries of ``months``; the second reads every report list of every measure.
    """
    pipe = client.pipeline(transaction=False)
    for org_id in org_ids:
        pipe.get(k.org_key(k.ORG, org_id))
        pipe.hvals(k.org_key(k.MEASURES, org_id))
        pipe.smembers(k.org_key(k.EVIDENCE_REJECTED, org_id))
        for month in months:
            pipe.get(k.org_key(k.SUMMARY, org_id, month=month))
    first = iter(pipe.execute())
    found: list[OrgData | None] = []
    for _ in org_ids:
        raw_org, raw_measures, raw_rejected = next(first), next(first), next(first)
        stored = {month: next(first) for month in months}
        if not raw_org:
            found.append(None)
            continue
        measures = sorted(map(codec.load_measure, raw_measures), key=lambda m: m.number)
        snapshots = {month: json.loads(raw) if raw else None for month, raw in stored.items()}
        rejected = {codec.as_text(e) for e in raw_rejected}
        found.append(OrgData(codec.load_org(raw_org), measures, {}, snapshots, rejected))
    known = [data for data in found if data is not None]
    pipe = client.pipeline(transaction=False)
    for data in known:
        for m in data.measures:
            pipe.lrange(k.org_key(k.REPORTS, data.org.id, measure=m.id), 0, -1)
    lists = iter(pipe.execute())
    for data in known:
        for m in data.measures:
            data.reports[m.id] = [codec.load_report(raw) for raw in next(lists)]
    return found
