"""Memos, the chain, memo settings and signatures in Redis; changes under WATCH, audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import TypeVar

import redis

from bot.memo.model import ChainStep, Memo, MemoError, MemoSettings
from bot.store import audit
from bot.store import keys as k

T = TypeVar("T")
Pipeline = redis.client.Pipeline
MAX_SIGNATURE = 200 * 1024  # a signature scan fits easily; bigger files are refused


class MemoStore:
    """The one place memos are read and written."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def get(self, org: str, memo_id: str) -> Memo | None:
        """Return a memo, or None."""
        raw = self.r.get(k.org_key(k.MEMO, org, memo=memo_id))
        return Memo.from_json(json.loads(raw)) if raw else None

    def recent(self, org: str, count: int = 10) -> list[Memo]:
        """Return the organisation's latest memos, newest first."""
        ids = self.r.zrevrange(k.org_key(k.MEMOS, org), 0, count - 1)
        found = [self.get(org, i.decode() if isinstance(i, bytes) else str(i)) for i in ids]
        return [m for m in found if m is not None]

    def save(self, memo: Memo, pipeline: Pipeline | None = None) -> None:
        """Write a memo and index it (pass a pipeline to batch)."""
        target = pipeline if pipeline is not None else self.r
        raw = json.dumps(memo.to_json(), ensure_ascii=False)
        target.set(k.org_key(k.MEMO, memo.org, memo=memo.id), raw)
        score = datetime.fromisoformat(memo.created_at).timestamp() if memo.created_at else 0
        target.zadd(k.org_key(k.MEMOS, memo.org), {memo.id: score}, nx=True)

    def create(self, memo: Memo) -> bool:
        """Store a new memo unless one of that period exists; return whether it was stored."""
        raw = json.dumps(memo.to_json(), ensure_ascii=False)
        if not self.r.set(k.org_key(k.MEMO, memo.org, memo=memo.id), raw, nx=True):
            return False
        score = datetime.fromisoformat(memo.created_at).timestamp() if memo.created_at else 0
        self.r.zadd(k.org_key(k.MEMOS, memo.org), {memo.id: score}, nx=True)
        return True

    def change(
        self,
        org: str,
        memo_id: str,
        apply: Callable[[Memo], T],
        actor: str,
        action: str,
        now: datetime,
        number_for: int | None = None,
    ) -> tuple[Memo, T]:
        """Apply a change to a stored memo atomically (WATCH), with its audit entry.

        Two people tapping at once: one transaction wins, the other reruns apply on the
        new memo, and its check refuses or records in order. number_for gives an unnumbered
        memo the next running number of that fiscal year in the same transaction.
        """
        key = k.org_key(k.MEMO, org, memo=memo_id)
        while True:
            with self.r.pipeline(transaction=True) as pipe:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    if raw is None:
                        raise MemoError("memo.unknown")
                    memo = Memo.from_json(json.loads(raw))
                    before = memo.status
                    result = apply(memo)
                    if number_for is not None and memo.number is None:
                        seq_key = k.org_key(k.MEMO_SEQ, org, fiscal_year=number_for)
                        memo.number = int(pipe.get(seq_key) or 0) + 1
                        pipe.multi()
                        pipe.set(seq_key, memo.number)
                    else:
                        pipe.multi()
                    self.save(memo, pipeline=pipe)
                    after: dict[str, object] = {"status": memo.status, "version": memo.version}
                    if isinstance(result, dict):  # the acknowledgement: who, when, comment, channel
                        after.update(result)
                    audit.record(
                        pipe, org, actor, action, memo_id, {"status": before}, after, at=now
                    )
                    pipe.execute()
                    return memo, result
                except redis.WatchError:
                    continue

    def chain(self, org: str) -> list[ChainStep]:
        """Return the organisation's chain, in order (empty until the secretary sets it)."""
        raw = self.r.get(k.org_key(k.MEMO_CHAIN, org))
        return [ChainStep(**s) for s in json.loads(raw)] if raw else []

    def set_chain(self, org: str, steps: list[ChainStep], actor: str, now: datetime) -> None:
        """Replace the chain, with an audit entry."""
        before = [asdict(s) for s in self.chain(org)]
        after = [asdict(s) for s in steps]
        with self.r.pipeline(transaction=True) as pipe:
            pipe.set(k.org_key(k.MEMO_CHAIN, org), json.dumps(after, ensure_ascii=False))
            audit.record(pipe, org, actor, "memo_chain", "chain", before, after, at=now)
            pipe.execute()

    def seed(self, org: str, steps: list[ChainStep], settings: MemoSettings) -> None:
        """Set the chain and the settings without audit entries (loading the demo)."""
        self.r.set(
            k.org_key(k.MEMO_CHAIN, org), json.dumps([asdict(s) for s in steps], ensure_ascii=False)
        )
        self.r.set(
            k.org_key(k.MEMO_SETTINGS, org), json.dumps(asdict(settings), ensure_ascii=False)
        )

    def settings(self, org: str) -> MemoSettings:
        """Return the memo's header settings."""
        raw = self.r.get(k.org_key(k.MEMO_SETTINGS, org))
        return MemoSettings(**json.loads(raw)) if raw else MemoSettings()

    def set_settings(self, org: str, settings: MemoSettings, actor: str, now: datetime) -> None:
        """Replace the header settings, with an audit entry."""
        before = asdict(self.settings(org))
        with self.r.pipeline(transaction=True) as pipe:
            pipe.set(
                k.org_key(k.MEMO_SETTINGS, org), json.dumps(asdict(settings), ensure_ascii=False)
            )
            audit.record(
                pipe, org, actor, "memo_settings", "settings", before, asdict(settings), at=now
            )
            pipe.execute()

    def signature(self, org: str, person: str) -> bytes | None:
        """Return a person's signature PNG, if uploaded."""
        data = self.r.get(k.org_key(k.MEMO_SIGNATURE, org, person=person))
        if not data:
            return None
        return data.encode("latin-1") if isinstance(data, str) else bytes(data)

    def set_signature(
        self, org: str, person: str, png: bytes | None, actor: str, now: datetime
    ) -> None:
        """Store (or with None remove) a validated signature PNG, with an audit entry."""
        key = k.org_key(k.MEMO_SIGNATURE, org, person=person)
        with self.r.pipeline(transaction=True) as pipe:
            if png is None:
                pipe.delete(key)
            else:
                pipe.set(key, png)
            after = {"bytes": len(png)} if png else None
            audit.record(pipe, org, actor, "signature", person, None, after, at=now)
            pipe.execute()
