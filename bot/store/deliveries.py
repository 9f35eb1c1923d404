"""What one reminder delivery reads and writes, batched: three round trips besides the push.

Take the message and its sending lock; read everything the checks need (the person, their
snooze and absence, the LINE quota marks of the default channel and of the organisation's
own, the measures' latest reports and plan entries, the message's ledger entries); then
record the ledger, forget the message and release the lock. Each step is one pipeline; the
ledger's entries of a message are still added by one script.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import redis

from bot.domain.model import Person, Report
from bot.reminders.snooze import Snooze, snooze_from_json
from bot.store import codec
from bot.store import keys as k
from bot.store.codec import as_text
from bot.store.ledger import _ADD, _RELEASE, LEDGER_TTL, SENDING_MS, LedgerEntry
from bot.store.quota import exhausted_from


@dataclass
class DeliveryFacts:
    """What a delivery checks before it sends, read in one round trip."""

    person: Person | None
    snooze: Snooze | None
    absent_until: date | None
    exhausted: set[str]  # the LINE channels the organisation reaches people on that are stopped
    latest: list[Report | None]  # per measure id asked for
    in_plan: list[bool]  # per measure id: False once archived
    recorded: list[str | None]  # per ledger entry asked for


class DeliveryRecords:
    """The reads and writes of one delivery, each step in one pipeline."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def take(self, message_id: str, token: str) -> tuple[dict[str, Any] | None, bool]:
        """Return the planned message (None when gone) and whether its lock was taken."""
        with self.r.pipeline(transaction=False) as pipe:
            pipe.hget(k.PLANNED_DATA, message_id)
            pipe.set(k.SENDING.format(message=message_id), token, nx=True, px=SENDING_MS)
            raw, locked = pipe.execute()
        return (json.loads(raw) if raw else None), bool(locked)

    def release(self, message_id: str, token: str) -> None:
        """Release a message's lock if this token still holds it."""
        self.r.eval(_RELEASE, 1, k.SENDING.format(message=message_id), token)

    def facts(
        self,
        org_id: str,
        person_id: str,
        measure_ids: Sequence[str],
        entries: Sequence[LedgerEntry],
    ) -> DeliveryFacts:
        """Read the person, snooze, absence, the LINE quota marks, measures and entries."""
        ids = list(measure_ids) or ["-"]
        by_hash: dict[str, list[int]] = {}  # a message's entries share one ledger hash: one HMGET
        for at, entry in enumerate(entries):
            by_hash.setdefault(entry.key, []).append(at)
        with self.r.pipeline(transaction=False) as pipe:
            pipe.hget(k.org_key(k.PEOPLE, org_id), person_id)
            pipe.hget(k.org_key(k.SNOOZE, org_id), person_id)
            pipe.hget(k.org_key(k.ABSENCE, org_id), person_id)
            pipe.exists(k.LINE_QUOTA_EXHAUSTED)
            pipe.get(k.org_key(k.ORG_LINE_EXHAUSTED, org_id))
            pipe.hmget(k.org_key(k.LATEST_REPORT, org_id), ids)
            pipe.hmget(k.org_key(k.MEASURES, org_id), ids)
            for key, places in by_hash.items():
                pipe.hmget(key, [entries[at].name for at in places])
            person, snooze, absent, default_mark, org_mark, latest, in_plan, *found = pipe.execute()
        recorded: list[bytes | None] = [None] * len(entries)
        for places, values in zip(by_hash.values(), found, strict=True):
            for at, value in zip(places, values, strict=True):
                recorded[at] = value
        count = len(measure_ids)
        return DeliveryFacts(
            codec.load_person(person) if person else None,
            snooze_from_json(as_text(snooze)) if snooze else None,
            date.fromisoformat(as_text(absent)) if absent else None,
            exhausted_from(default_mark, org_mark),
            [codec.load_report(raw) if raw else None for raw in latest[:count]],
            [bool(m) for m in in_plan[:count]],
            [as_text(v) if v else None for v in recorded],
        )

    def finish(
        self,
        message_id: str,
        token: str,
        entries: Sequence[LedgerEntry],
        status: str,
        snooze_of: tuple[str, str] | None = None,
    ) -> None:
        """Record the entries first, then forget the message (and a snooze) and unlock it."""
        by_hash: dict[str, list[str]] = {}
        for entry in entries:
            by_hash.setdefault(entry.key, []).append(entry.name)
        with self.r.pipeline(transaction=False) as pipe:
            for key, names in by_hash.items():
                pipe.eval(_ADD, 1, key, status, LEDGER_TTL, *names)
            if snooze_of is not None:
                pipe.hdel(k.org_key(k.SNOOZE, snooze_of[0]), snooze_of[1])
            pipe.hdel(k.PLANNED_DATA, message_id)
            pipe.zrem(k.ENQUEUED, message_id)
            pipe.eval(_RELEASE, 1, k.SENDING.format(message=message_id), token)
            pipe.execute()
