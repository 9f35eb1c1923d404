"""Planned sends: a sorted set scored by send time; a tick atomically claims what is due."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import redis

from bot.domain.thai import BANGKOK
from bot.store import keys as k
from bot.store.codec import as_text

log = logging.getLogger(__name__)

GRACE = timedelta(hours=24)
STUCK = timedelta(minutes=5)  # a claim not enqueued after this long is put back
# Handed to the outbox this long ago and not delivered: the outbox lost it, hand it again.
# Longer than the outbox's own retries take to start (their backoff begins at seconds).
LOST = timedelta(minutes=15)

# Move due ids from planned to claimed in one step, so two clocks never claim the same id.
_CLAIM = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZADD', KEYS[2], ARGV[3], id)
end
return due
"""


def message_id(org_id: str, person_id: str, day: str) -> str:
    """Return the id of the one message a person may get on a day."""
    return f"{org_id}|{person_id}|{day}"


@dataclass
class TickResult:
    """What one tick did."""

    claimed: int = 0
    enqueued: int = 0
    skipped: int = 0  # older than the grace window
    requeued: int = 0  # handed to the outbox again after it lost them
    waiting: int = 0  # due outside office hours: moved to the next office-hours slot

    def add(self, other: TickResult) -> None:
        """Count another batch's work in this one."""
        for name in ("claimed", "enqueued", "skipped", "requeued", "waiting"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


class Schedule:
    """Planned reminder messages in Redis, shared by every process."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def plan(self, messages: Iterable[dict[str, Any]]) -> int:
        """Add planned messages (id, at epoch, payload); existing ids are left alone."""
        with self.r.pipeline(transaction=False) as pipe:
            for m in messages:
                pipe.zadd(k.PLANNED, {m["id"]: m["at"]}, nx=True)
                pipe.hsetnx(k.PLANNED_DATA, m["id"], json.dumps(m, ensure_ascii=False))
            results = pipe.execute()
        return sum(1 for r in results[::2] if r)

    def start_day(self, day: str) -> bool:
        """Record the Bangkok day of the daily pass; whether it is the first tick of that day."""
        return bool(self.r.set(k.PLANNED_DAY, day, get=True) != day.encode())

    def mark_replan(self, org_ids: list[str]) -> None:
        """Mark organisations to be planned again by the next tick."""
        if org_ids:
            self.r.sadd(k.REPLAN, *org_ids)

    def replan_batch(self, count: int) -> list[str]:
        """Return up to count organisations marked to be planned again."""
        return [as_text(m) for m in cast(list[bytes], self.r.srandmember(k.REPLAN, count))]

    def unmark_replan(self, org_id: str) -> None:
        """Take an organisation off the replan set (before planning it)."""
        self.r.srem(k.REPLAN, org_id)

    def count_planned(self) -> int:
        """Return how many messages are planned."""
        return int(self.r.zcard(k.PLANNED))

    def count_due(self, now: datetime) -> int:
        """Return how many planned messages are due at now."""
        return int(self.r.zcount(k.PLANNED, "-inf", now.timestamp()))

    def claim_due(self, now: datetime, limit: int = 1000) -> list[str]:
        """Atomically take up to limit ids whose time has come."""
        ids = self.r.eval(_CLAIM, 2, k.PLANNED, k.CLAIMED, now.timestamp(), limit, now.timestamp())
        return [as_text(i) for i in ids]

    def payloads(self, ids: list[str]) -> list[dict[str, Any] | None]:
        """Return the planned messages for ids (one round trip)."""
        if not ids:
            return []
        return [json.loads(raw) if raw else None for raw in self.r.hmget(k.PLANNED_DATA, ids)]

    def delivered(self, message: str, pipeline: redis.client.Pipeline | None = None) -> None:
        """Forget a message once it has been delivered (or found not needed)."""
        if pipeline is not None:
            pipeline.hdel(k.PLANNED_DATA, message)
            pipeline.zrem(k.ENQUEUED, message)
            return
        with self.r.pipeline(transaction=False) as pipe:
            self.delivered(message, pipe)
            pipe.execute()

    def requeue_lost(
        self,
        now: datetime,
        enqueue: Callable[[str], None],
        lost_after: timedelta = LOST,
        grace: timedelta = GRACE,
        limit: int = 500,
    ) -> int:
        """Hand the outbox again what it took long ago and never delivered; drop the stale.

        The ledger and the fixed retry key make a second hand-over harmless: a message
        the outbox did deliver is found sent, and LINE answers a repeated push with 409.
        """
        before = (now - lost_after).timestamp()
        lost = [as_text(i) for i in cast(list[bytes], self.r.zrangebyscore(
            k.ENQUEUED, "-inf", before, 0, limit))]  # fmt: skip
        if not lost:
            return 0
        again: list[str] = []
        dropped: list[str] = []
        for mid, payload in zip(lost, self.payloads(lost), strict=True):
            too_late = (
                payload is None or now.timestamp() - float(payload["at"]) > grace.total_seconds()
            )
            (dropped if too_late else again).append(mid)
        for mid in again:
            enqueue(mid)
        with self.r.pipeline() as pipe:
            if again:
                pipe.zadd(k.ENQUEUED, {mid: now.timestamp() for mid in again})
            if dropped:
                log.warning("%d lost reminders dropped: beyond the grace window", len(dropped))
                pipe.zrem(k.ENQUEUED, *dropped)
                pipe.hdel(k.PLANNED_DATA, *dropped)
            pipe.execute()
        return len(again)

    def release_stuck(self, now: datetime) -> int:
        """Put back claims a dead clock took but never enqueued."""
        # Without withscores, ZRANGEBYSCORE returns members only; redis-py's type allows pairs.
        before = (now - STUCK).timestamp()
        stuck = cast(list[bytes], self.r.zrangebyscore(k.CLAIMED, "-inf", before))
        if not stuck:
            return 0
        with self.r.pipeline() as pipe:
            for raw in stuck:
                pipe.zadd(k.PLANNED, {raw: now.timestamp()})
                pipe.zrem(k.CLAIMED, raw)
            pipe.execute()
        return len(stuck)

    def _wait_for_office(
        self, waiting: dict[str, tuple[datetime, dict[str, Any]]], result: TickResult
    ) -> list[str]:
        """Move messages to their office-hours slot; return those a fresher one replaces."""
        if not waiting:
            return []
        fresher = [
            message_id(p["org"], p["person"], slot.astimezone(BANGKOK).date().isoformat())
            for slot, p in waiting.values()
        ]
        exists = self.r.hmget(k.PLANNED_DATA, fresher)
        replaced = []
        with self.r.pipeline() as pipe:
            for (mid, (slot, payload)), newer, found in zip(
                waiting.items(), fresher, exists, strict=True
            ):
                if found and newer != mid:
                    log.info("reminder %s replaced by %s, due at the next office hours", mid, newer)
                    replaced.append(mid)
                    continue
                moved = {**payload, "due": slot.timestamp()}
                pipe.hset(k.PLANNED_DATA, mid, json.dumps(moved, ensure_ascii=False))
                pipe.zadd(k.PLANNED, {mid: slot.timestamp()})
                result.waiting += 1
            pipe.execute()
        return replaced

    def pending(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """Return the planned messages due in [start, end], for previews and the dashboard."""
        # Members only (no withscores), whatever redis-py's return type allows.
        due = cast(list[bytes], self.r.zrangebyscore(k.PLANNED, start.timestamp(), end.timestamp()))
        ids = [as_text(i) for i in due]
        return [p for p in self.payloads(ids) if p is not None]

    def tick(
        self,
        now: datetime,
        enqueue: Callable[[str], None],
        grace: timedelta = GRACE,
        limit: int = 1000,
        office_slot: Callable[[str, datetime], datetime | None] | None = None,
        enqueue_many: Callable[[list[str]], None] | None = None,
    ) -> TickResult:
        """Claim what is due, enqueue it for delivery, skip (and log) what is too old.

        ``office_slot(org, now)`` says when an organisation's offices next open (None while
        open): what falls due outside office hours waits for that slot, and is dropped if
        the person has a fresher message planned for that day. ``enqueue_many``, when
        given, takes the batch's ids at once instead of ``enqueue`` one by one.
        """
        result = TickResult()
        self.release_stuck(now)
        result.requeued = self.requeue_lost(now, enqueue, grace=grace)
        ids = self.claim_due(now, limit)
        result.claimed = len(ids)
        dropped: list[str] = []
        handed: list[str] = []
        waiting: dict[str, tuple[datetime, dict[str, Any]]] = {}
        slots: dict[str, datetime | None] = {}
        for mid, payload in zip(ids, self.payloads(ids), strict=True):
            due = float(payload.get("due", payload["at"])) if payload else 0.0
            late = now.timestamp() - due
            if payload is None:
                dropped.append(mid)
            elif late > grace.total_seconds():
                log.warning(
                    "reminder %s skipped: %.1f h late, beyond the grace window", mid, late / 3600
                )
                result.skipped += 1
                dropped.append(mid)
            else:
                org = payload["org"]
                if office_slot is not None and org not in slots:
                    slots[org] = office_slot(org, now)  # once per organisation and tick
                slot = slots.get(org)
                if slot is not None:
                    waiting[mid] = (slot, payload)
                else:
                    handed.append(mid)
        dropped += self._wait_for_office(waiting, result)
        with self.r.pipeline() as pipe:
            # Recorded as handed over before the hand-over: a crash in between is swept.
            if handed:
                pipe.zadd(k.ENQUEUED, {mid: now.timestamp() for mid in handed})
            if ids:
                pipe.zrem(k.CLAIMED, *ids)
            if dropped:
                pipe.hdel(k.PLANNED_DATA, *dropped)
            pipe.execute()
        # Durable from here on: the outbox redelivers until acknowledged.
        if enqueue_many is not None:
            enqueue_many(handed)
        else:
            for mid in handed:
                enqueue(mid)
        result.enqueued = len(handed)
        return result
