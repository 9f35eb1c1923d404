"""The audit log: every change by a secretary or an admin, with who, when, before and after."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import redis
from redis.typing import EncodableT, FieldT

from bot.domain.clock import utc_now
from bot.store import keys as k
from bot.store.codec import as_text

KEEP = 100_000  # entries kept per organisation (approximate trim)


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change."""

    id: str
    at: datetime
    actor: str  # person id, or "cli"
    action: str  # import, edit, invite, remove, role, policy, holiday, ...
    target: str
    before: Any
    after: Any


def record(
    client: redis.Redis | redis.client.Pipeline,
    org_id: str,
    actor: str,
    action: str,
    target: str,
    before: Any = None,
    after: Any = None,
    at: datetime | None = None,
) -> None:
    """Append a change to the organisation's audit log (pass a pipeline to make it atomic)."""
    when = (at or utc_now()).isoformat()
    fields: dict[FieldT, EncodableT] = {
        "at": when,
        "actor": actor,
        "action": action,
        "target": target,
        "before": json.dumps(before, ensure_ascii=False, default=str),
        "after": json.dumps(after, ensure_ascii=False, default=str),
    }
    client.xadd(k.org_key(k.AUDIT, org_id), fields, maxlen=KEEP, approximate=True)


def entries(client: redis.Redis, org_id: str, count: int = 100) -> list[AuditEntry]:
    """Return the latest changes, newest first."""
    found = []
    # A synchronous client always returns a list of (id, fields); the stubs allow None too.
    rows = cast(
        list[tuple[bytes, dict[bytes, bytes]]],
        client.xrevrange(k.org_key(k.AUDIT, org_id), count=count),
    )
    for entry_id, raw in rows:
        data = {as_text(a): as_text(b) for a, b in raw.items()}
        found.append(
            AuditEntry(
                as_text(entry_id),
                datetime.fromisoformat(data["at"]),
                data["actor"],
                data["action"],
                data["target"],
                json.loads(data["before"]),
                json.loads(data["after"]),
            )
        )
    return found
