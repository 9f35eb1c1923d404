"""Acknowledgements of a monthly summary: who tapped "รับทราบ", and when, first time only."""

from __future__ import annotations

import re
from datetime import datetime

import redis

from bot.store import keys as k
from bot.store.codec import as_text


def record_ack(
    redis_client: redis.Redis, org: str, month: str, person_id: str, at: datetime
) -> bool:
    """Record that a person acknowledged a month's summary; False if they already had."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise ValueError(f"a month is written 2023-03, not {month!r}")
    if at.tzinfo is None:
        raise ValueError("an acknowledgement time must carry its time zone")
    key = k.org_key(k.SUMMARY_ACKS, org, month=month)
    return bool(redis_client.hsetnx(key, person_id, at.isoformat()))


def acks(redis_client: redis.Redis, org: str, month: str) -> dict[str, datetime]:
    """Return who acknowledged a month's summary ("2023-03") and when they first did."""
    raw = redis_client.hgetall(k.org_key(k.SUMMARY_ACKS, org, month=month))
    return {as_text(person): datetime.fromisoformat(as_text(at)) for person, at in raw.items()}
