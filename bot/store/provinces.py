"""Which organisations are in which province: a set per province, kept with the records,
and the reads that show a province's organisations side by side in one round trip."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import redis

from bot.domain.model import Measure, Organisation, Report
from bot.store import codec
from bot.store import keys as k

Pipeline = redis.client.Pipeline
Snapshot = dict[str, Any]


def index_province(pipe: Pipeline, org_id: str, before: str | None, after: str | None) -> None:
    """Queue moving an organisation from one province's set to another's (either may be none)."""
    if before == after:
        if after:  # re-saving keeps the index whole even if it was lost
            pipe.sadd(k.PROVINCE_ORGS.format(province=after), org_id)
            pipe.sadd(k.PROVINCES, after)
        return
    if before:
        pipe.srem(k.PROVINCE_ORGS.format(province=before), org_id)
    if after:
        pipe.sadd(k.PROVINCE_ORGS.format(province=after), org_id)
        pipe.sadd(k.PROVINCES, after)


class ProvinceStore:
    """Provinces and their organisations' records, snapshots and latest reports."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def org_ids(self, province: str) -> list[str]:
        """Return the ids of a province's organisations, sorted."""
        members = self.r.smembers(k.PROVINCE_ORGS.format(province=province))
        return sorted(codec.as_text(m) for m in members)

    def known(self) -> list[str]:
        """Return every province that has (or had) an organisation, sorted."""
        return sorted(codec.as_text(m) for m in self.r.smembers(k.PROVINCES))

    def month_snapshots(
        self, org_ids: Sequence[str], month: str, records: bool = True
    ) -> tuple[dict[str, Organisation], dict[str, Snapshot | None]]:
        """Return records (with records) and one month's frozen summaries, in one round trip."""
        pipe = self.r.pipeline(transaction=False)
        for org_id in org_ids:
            if records:
                pipe.get(k.org_key(k.ORG, org_id))
            pipe.get(k.org_key(k.SUMMARY, org_id, month=month))
        answers = iter(pipe.execute())
        found: dict[str, Organisation] = {}
        summaries: dict[str, Snapshot | None] = {}
        for org_id in org_ids:
            if records and (raw := next(answers)):
                found[org_id] = codec.load_org(raw)
            raw_summary = next(answers)
            summaries[org_id] = json.loads(raw_summary) if raw_summary else None
        return found, summaries

    def latest_reports(
        self, org_ids: Sequence[str]
    ) -> list[tuple[Organisation, list[Measure], dict[str, list[Report]]]]:
        """Return each known organisation with its measures and latest reports, in one trip."""
        pipe = self.r.pipeline(transaction=False)
        for org_id in org_ids:
            pipe.get(k.org_key(k.ORG, org_id))
            pipe.hvals(k.org_key(k.MEASURES, org_id))
            pipe.hgetall(k.org_key(k.LATEST_REPORT, org_id))
        answers = iter(pipe.execute())
        found = []
        for raw_org, raw_measures, raw_latest in zip(answers, answers, answers, strict=True):
            if not raw_org:
                continue
            measures = sorted(map(codec.load_measure, raw_measures), key=lambda m: m.number)
            latest = {
                codec.as_text(mid): [codec.load_report(raw)] for mid, raw in raw_latest.items()
            }
            found.append((codec.load_org(raw_org), measures, latest))
        return found
