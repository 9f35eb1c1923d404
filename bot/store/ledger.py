"""The delivery ledger: what went to whom, once per (measure, person, kind, day), and the
short lock one worker holds while it delivers a message."""

from __future__ import annotations

import redis

from bot.store import keys as k
from bot.store.codec import as_text

LEDGER_TTL = 400 * 24 * 3600  # longer than a fiscal year
SENDING_MS = 120_000

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def ledger_key(org_id: str, person_id: str, day: str, measure: str, kind: str) -> str:
    """The ledger entry of one (measure, person, kind, day); the digest uses measure "-"."""
    return k.org_key(k.LEDGER, org_id, measure=measure, person=person_id, kind=kind, day=day)


class Ledger:
    """Ledger entries ("sent", "deferred", "queued", ...) named by ledger_key."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def read(self, entries: list[str]) -> list[str | None]:
        """Return each entry's status, or None (one round trip)."""
        return [as_text(value) if value else None for value in self.r.mget(entries)]

    def get(self, entry: str) -> str | None:
        """Return one entry's status, or None."""
        raw = self.r.get(entry)
        return as_text(raw) if raw else None

    def has(self, entry: str) -> bool:
        """Whether an entry is recorded."""
        return bool(self.r.exists(entry))

    def add(self, entry: str, status: str) -> bool:
        """Record an entry unless it is (SET NX); return whether this one was recorded."""
        return bool(self.r.set(entry, status, nx=True, ex=LEDGER_TTL))

    def add_all(self, entries: list[str], status: str) -> None:
        """Record entries unless recorded, in one transaction."""
        with self.r.pipeline() as pipe:
            for entry in entries:
                pipe.set(entry, status, nx=True, ex=LEDGER_TTL)
            pipe.execute()

    def update(self, entry: str, status: str) -> None:
        """Change a recorded entry's status, keeping its expiry."""
        self.r.set(entry, status, xx=True, keepttl=True)

    def lock_sending(self, message_id: str, token: str) -> bool:
        """Take the lock of a message being delivered; False when another worker holds it."""
        key = k.SENDING.format(message=message_id)
        return bool(self.r.set(key, token, nx=True, px=SENDING_MS))

    def unlock_sending(self, message_id: str, token: str) -> None:
        """Release a message's delivery lock if this token still holds it."""
        self.r.eval(_RELEASE, 1, k.SENDING.format(message=message_id), token)
