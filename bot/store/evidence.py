"""Evidence records on Redis: one hash per file or link, the refused set, and the queue of
files not fetched yet (``org/evidence`` by time queued) that a sweep retries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import redis
from redis.typing import EncodableT, FieldT

from bot.store import keys as k
from bot.store.codec import as_text
from bot.store.server import follow_up

Pipeline = redis.client.Pipeline
Fields = Mapping[str, str | int | float]


def _encodable(fields: Fields) -> dict[FieldT, EncodableT]:
    return {key: value for key, value in fields.items()}


def _member(org_id: str, evidence_id: str) -> str:
    return f"{org_id}/{evidence_id}"


class EvidenceStore:
    """Where each piece of evidence stands: pending, ok, failed or rejected."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def _key(self, org_id: str, evidence_id: str) -> str:
        return k.org_key(k.EVIDENCE, org_id, evidence=evidence_id)

    def add_pending(
        self, pipe: Pipeline, org_id: str, evidence_id: str, fields: Fields, at: float
    ) -> None:
        """Queue a file's record on pipe, and its place in the download queue."""
        pipe.hset(self._key(org_id, evidence_id), mapping=_encodable(fields))
        pipe.zadd(k.EVIDENCE_PENDING, {_member(org_id, evidence_id): at})

    def update(
        self, org_id: str, evidence_id: str, fields: Fields, pipeline: Pipeline | None = None
    ) -> None:
        """Set fields of a record (queued on pipeline when one is given)."""
        (pipeline or self.r).hset(self._key(org_id, evidence_id), mapping=_encodable(fields))

    def fetched(self, org_id: str, evidence_id: str) -> None:
        """Take a file out of the download queue."""
        self.r.zrem(k.EVIDENCE_PENDING, _member(org_id, evidence_id))

    def reject(
        self, org_id: str, evidence_id: str, reason: str, notice: tuple[str, str, str] | None
    ) -> None:
        """Mark a file refused, count it nowhere, and keep notice (platform, user, text) for
        its sender's next reply, in one transaction.

        On a cluster the notice (the sender's slot) and the pending entry (a shared set)
        follow the organisation's MULTI; pending leaves last, so a crash before it gets the
        file swept and refused again, never forgotten.
        """
        with self.r.pipeline() as pipe:
            pipe.hset(
                self._key(org_id, evidence_id), mapping={"state": "rejected", "reason": reason}
            )
            pipe.sadd(k.org_key(k.EVIDENCE_REJECTED, org_id), evidence_id)
            if notice is not None:
                platform, user, text = notice
                missed = k.MISSED.format(platform=platform, user=user)
                follow_up(pipe, lambda client: client.rpush(missed, text))
            member = _member(org_id, evidence_id)
            follow_up(pipe, lambda client: client.zrem(k.EVIDENCE_PENDING, member))
            pipe.execute()

    def states(self, org_id: str, evidence_ids: list[str]) -> list[tuple[str, str | None]]:
        """Return each record's (state, reason) in one round trip ("" for unknown)."""
        with self.r.pipeline(transaction=False) as pipe:
            for evidence_id in evidence_ids:
                pipe.hmget(self._key(org_id, evidence_id), ["state", "reason"])
            rows = pipe.execute()
        return [
            (as_text(state) if state else "", as_text(reason) if reason else None)
            for state, reason in rows
        ]

    def queued_before(self, at: float, limit: int = 100) -> list[tuple[str, str]]:
        """Return (organisation, evidence) of files queued before at, oldest first."""
        # Without scores ZRANGEBYSCORE returns members only (redis-py's type is wider).
        members = cast(list[bytes], self.r.zrangebyscore(k.EVIDENCE_PENDING, "-inf", at, 0, limit))
        pairs = [as_text(m).partition("/") for m in members]
        return [(org_id, evidence_id) for org_id, _, evidence_id in pairs]

    def requeue(self, org_id: str, evidence_id: str, at: float) -> None:
        """Put a file back in the download queue as queued at."""
        self.r.zadd(k.EVIDENCE_PENDING, {_member(org_id, evidence_id): at})

    def get(self, org_id: str, evidence_id: str) -> dict[str, str]:
        """Return an evidence record (empty when unknown)."""
        raw = self.r.hgetall(self._key(org_id, evidence_id))
        return {as_text(a): as_text(b) for a, b in raw.items()}

    def rejected(self, org_id: str) -> set[str]:
        """Return the ids of the organisation's evidence refused after download."""
        return {as_text(e) for e in self.r.smembers(k.org_key(k.EVIDENCE_REJECTED, org_id))}
