"""The delivery ledger: what went to whom, once per (measure, person, kind, day), and the
short lock one worker holds while it delivers a message.

The entries of one organisation and day (or month, for summaries) share one hash,
``person|measure|kind`` -> status, which expires 400 days after its last entry. Entries
are only added (HSETNX): the first status recorded stays. A message's entries are all in
one hash and recorded by one script, so they are all there or none is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import redis

from bot.store import keys as k
from bot.store.codec import as_text

LEDGER_TTL = 400 * 24 * 3600  # longer than a fiscal year
SENDING_MS = 120_000

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
# KEYS[1] the hash; ARGV[1] the status, ARGV[2] the expiry, ARGV[3..] the entries' names.
_ADD = """
local added = 0
for i = 3, #ARGV do
  added = added + redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[1])
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return added
"""
_UPDATE = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
return -1
"""


class LedgerEntry(NamedTuple):
    """One ledger entry: the organisation's hash of a day, and the entry's name in it."""

    org: str
    day: str
    name: str

    @property
    def key(self) -> str:
        """Return the Redis key of the hash the entry lives in."""
        return k.org_key(k.LEDGER, self.org, day=self.day)

    def __str__(self) -> str:
        """The entry as one string (a push's retry key derives from it)."""
        return f"{self.org}|{self.day}|{self.name}"


def ledger_entry(org_id: str, person_id: str, day: str, measure: str, kind: str) -> LedgerEntry:
    """The ledger entry of one (measure, person, kind, day); the digest uses measure "-"."""
    return LedgerEntry(org_id, day, f"{person_id}|{measure}|{kind}")


class Ledger:
    """Ledger entries ("sent", "deferred", "queued", ...) named by ledger_entry."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def read(self, entries: Sequence[LedgerEntry]) -> list[str | None]:
        """Return each entry's status, or None (one round trip)."""
        if not entries:
            return []
        with self.r.pipeline(transaction=False) as pipe:
            for entry in entries:
                pipe.hget(entry.key, entry.name)
            return [as_text(value) if value else None for value in pipe.execute()]

    def get(self, entry: LedgerEntry) -> str | None:
        """Return one entry's status, or None."""
        raw = self.r.hget(entry.key, entry.name)
        return as_text(raw) if raw else None

    def has(self, entry: LedgerEntry) -> bool:
        """Whether an entry is recorded."""
        return bool(self.r.hexists(entry.key, entry.name))

    def add(self, entry: LedgerEntry, status: str) -> bool:
        """Record an entry unless it is (HSETNX); return whether this one was recorded."""
        return bool(self.r.eval(_ADD, 1, entry.key, status, LEDGER_TTL, entry.name))

    def add_all(self, entries: Sequence[LedgerEntry], status: str) -> None:
        """Record entries unless recorded: one script per hash, so a message's are atomic."""
        by_hash: dict[str, list[str]] = {}
        for entry in entries:
            by_hash.setdefault(entry.key, []).append(entry.name)
        with self.r.pipeline(transaction=False) as pipe:
            for key, names in by_hash.items():
                pipe.eval(_ADD, 1, key, status, LEDGER_TTL, *names)
            pipe.execute()

    def update(self, entry: LedgerEntry, status: str) -> None:
        """Change a recorded entry's status (nothing when it is not recorded)."""
        self.r.eval(_UPDATE, 1, entry.key, entry.name, status)

    def lock_sending(self, message_id: str, token: str) -> bool:
        """Take the lock of a message being delivered; False when another worker holds it."""
        key = k.SENDING.format(message=message_id)
        return bool(self.r.set(key, token, nx=True, px=SENDING_MS))

    def unlock_sending(self, message_id: str, token: str) -> None:
        """Release a message's delivery lock if this token still holds it."""
        self.r.eval(_RELEASE, 1, k.SENDING.format(message=message_id), token)
