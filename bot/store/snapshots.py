"""Month-end summaries on Redis (SET NX: frozen once, never changed) and who acknowledged them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import redis

from bot.store import acks as summary_acks
from bot.store import keys as k

Pipeline = redis.client.Pipeline


def month_key(year: int, month: int) -> str:
    """Return a month as "2023-03" (as summary keys name it)."""
    return f"{year:04d}-{month:02d}"


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

    def record_ack(self, org: str, month: str, person_id: str, at: datetime) -> bool:
        """Record that a person acknowledged a month's summary; False if they already had."""
        return summary_acks.record_ack(self.r, org, month, person_id, at)

    def acks(self, org: str, month: str) -> dict[str, datetime]:
        """Return who acknowledged a month's summary ("2023-03") and when they first did."""
        return summary_acks.acks(self.r, org, month)
