"""Reports on Redis: each measure's append-only history, its latest report, a time index."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import cast

import redis

from bot.domain.model import Report
from bot.store import codec
from bot.store import keys as k
from bot.store.replan import mark_replan

Pipeline = redis.client.Pipeline


class ReportStoreMixin:
    """The reports part of RedisStore."""

    r: redis.Redis

    def add_report(self, org_id: str, report: Report, pipeline: Pipeline | None = None) -> None:
        """Append a report to its measure's history and make it the latest."""
        raw = codec.dump_report(report)
        pipe = pipeline or self.r.pipeline()
        pipe.rpush(k.org_key(k.REPORTS, org_id, measure=report.measure_id), raw)
        pipe.hset(k.org_key(k.LATEST_REPORT, org_id), report.measure_id, raw)
        member = f"{report.measure_id}/{report.id}"
        pipe.zadd(k.org_key(k.REPORTS_BY_TIME, org_id), {member: report.at.timestamp()})
        mark_replan(pipe, org_id)
        if pipeline is None:
            pipe.execute()

    def reports(self, org_id: str, measure_id: str) -> list[Report]:
        """Return a measure's report history, oldest first."""
        raws = self.r.lrange(k.org_key(k.REPORTS, org_id, measure=measure_id), 0, -1)
        return [codec.load_report(raw) for raw in raws]

    def reports_of(self, org_id: str, measure_ids: Iterable[str]) -> dict[str, list[Report]]:
        """Return the report histories of many measures in one round trip."""
        ids = list(measure_ids)
        with self.r.pipeline(transaction=False) as pipe:
            for mid in ids:
                pipe.lrange(k.org_key(k.REPORTS, org_id, measure=mid), 0, -1)
            raws = pipe.execute()
        return {
            mid: [codec.load_report(raw) for raw in rows]
            for mid, rows in zip(ids, raws, strict=True)
        }

    def latest_reports(self, org_id: str) -> dict[str, Report]:
        """Return the latest report of every measure that has one."""
        raws = self.r.hgetall(k.org_key(k.LATEST_REPORT, org_id))
        return {codec.as_text(mid): codec.load_report(raw) for mid, raw in raws.items()}

    def latest_report(self, org_id: str, measure_id: str) -> Report | None:
        """Return a measure's latest report, or None."""
        raw = self.r.hget(k.org_key(k.LATEST_REPORT, org_id), measure_id)
        return codec.load_report(raw) if raw else None

    def report_refs_between(self, org_id: str, start: datetime, end: datetime) -> list[str]:
        """Return "measure/report" references of reports made in [start, end)."""
        key = k.org_key(k.REPORTS_BY_TIME, org_id)
        # Without WITHSCORES the reply holds members only; redis-py's type allows pairs.
        refs = cast(
            list[bytes], self.r.zrangebyscore(key, start.timestamp(), f"({end.timestamp()}")
        )
        return [codec.as_text(ref) for ref in refs]

    def latest_and_planned(
        self, org_id: str, measure_ids: list[str]
    ) -> tuple[list[Report | None], list[bool]]:
        """Return each measure's latest report and whether it is in the plan (not archived),
        in one round trip."""
        if not measure_ids:
            return [], []
        with self.r.pipeline(transaction=False) as pipe:
            pipe.hmget(k.org_key(k.LATEST_REPORT, org_id), measure_ids)
            pipe.hmget(k.org_key(k.MEASURES, org_id), measure_ids)
            raws, in_plan = pipe.execute()
        return [codec.load_report(raw) if raw else None for raw in raws], [bool(m) for m in in_plan]

    def last_report_of(self, org_id: str, person_id: str) -> Report | None:
        """Return the last report a person made (what แก้ไข starts from), or None."""
        raw = self.r.get(k.org_key(k.LAST_REPORT, org_id, person=person_id))
        return codec.load_report(raw) if raw else None

    def set_last_report(
        self, org_id: str, person_id: str, report: Report, pipeline: Pipeline | None = None
    ) -> None:
        """Remember a person's last report (queued on pipeline when one is given)."""
        key = k.org_key(k.LAST_REPORT, org_id, person=person_id)
        (pipeline or self.r).set(key, codec.dump_report(report))
