"""The delivery ledger: what went out, one hash per organisation per day (or month).

An entry names one thing sent to one person (``person|measure|kind``, with measure "-"
for the message itself, the digest, a summary or a memo). Entries are only ever added
(HSETNX): the first outcome recorded stays. A message's entries are recorded together
by one script, so they are all there or none is, and the hash's expiry is set with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import redis

from bot.store import keys as k
from bot.store.codec import as_text

LEDGER_TTL = 400 * 24 * 3600  # longer than a fiscal year

# KEYS[1] the ledger hash; ARGV[1] the outcome, ARGV[2] the expiry, ARGV[3..] the entries.
# One key, one script: every entry of a message is recorded at once, with the expiry.
_RECORD = """
local added = 0
for i = 3, #ARGV do
  added = added + redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[1])
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return added
"""


def entry(person_id: str, measure: str, kind: str) -> str:
    """Return the ledger entry of one (person, measure, kind); measure "-" for whole sends."""
    return f"{person_id}|{measure}|{kind}"


def ledger_key(org_id: str, day: str) -> str:
    """Return the ledger hash of one organisation and one day ("2026-11-30") or month."""
    return k.org_key(k.LEDGER, org_id, day=day)


class Ledger:
    """Reads and records ledger entries; every method may join a caller's pipeline."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def read(
        self, org_id: str, day: str, entries: Sequence[str], pipeline: Any = None
    ) -> list[str | None]:
        """Return each entry's outcome ("sent", "deferred", ...) or None (a pipeline: queued)."""
        if not entries:
            return []
        if pipeline is not None:
            pipeline.hmget(ledger_key(org_id, day), list(entries))
            return []
        values = self.r.hmget(ledger_key(org_id, day), list(entries))
        return [as_text(v) if v else None for v in values]

    def record(
        self, org_id: str, day: str, entries: Sequence[str], outcome: str, pipeline: Any = None
    ) -> None:
        """Add every entry with outcome at once; entries already there keep theirs."""
        if not entries:
            return
        (pipeline or self.r).eval(
            _RECORD, 1, ledger_key(org_id, day), outcome, LEDGER_TTL, *entries
        )

    def add_once(self, org_id: str, day: str, name: str, outcome: str) -> bool:
        """Add one entry unless it exists; True when this call added it."""
        added = self.r.eval(_RECORD, 1, ledger_key(org_id, day), outcome, LEDGER_TTL, name)
        return bool(added)

    def update(self, org_id: str, day: str, name: str, outcome: str) -> None:
        """Change an existing entry's outcome (a queued summary that went out)."""
        with self.r.pipeline() as pipe:
            pipe.hset(ledger_key(org_id, day), name, outcome)
            pipe.expire(ledger_key(org_id, day), LEDGER_TTL)
            pipe.execute()


def decode(values: Sequence[Any]) -> list[str | None]:
    """Decode an HMGET of ledger entries read in a pipeline."""
    return [as_text(v) if v else None for v in values]
