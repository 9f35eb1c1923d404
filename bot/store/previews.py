"""Plan previews on Redis: a plan file read in chat, kept an hour until it is saved once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import redis

from bot.store import codec
from bot.store import keys as k


def preview_key(org_id: str, token: str) -> str:
    """Return the Redis key of one preview (a plan save claims it: see PlanStoreMixin)."""
    return k.org_key(k.PLAN_PREVIEW, org_id, token=token)


class PreviewStore:
    """Previews by organisation and token, and what their rows would update."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def put(self, org_id: str, token: str, raw: str, ttl_seconds: int) -> None:
        """Store (or replace) a preview's JSON for ttl_seconds."""
        self.r.set(preview_key(org_id, token), raw, ex=ttl_seconds)

    def get(self, org_id: str, token: str) -> bytes | None:
        """Return a preview's JSON, or None."""
        raw = cast(bytes | None, self.r.get(preview_key(org_id, token)))
        return raw

    def delete(self, org_id: str, token: str) -> bool:
        """Forget a preview; whether it was there."""
        return bool(self.r.delete(preview_key(org_id, token)))

    def numbers_by_key(self, org_id: str, natural: Sequence[str]) -> list[int | None]:
        """Per import key, the number of the stored (or archived) measure it names, else None."""
        ids = self.r.hmget(k.org_key(k.MEASURE_KEYS, org_id), list(natural))
        known = [codec.as_text(mid) for mid in ids if mid]
        numbers: dict[str, int] = {}
        if known:
            with self.r.pipeline(transaction=False) as pipe:
                pipe.hmget(k.org_key(k.MEASURES, org_id), known)
                pipe.hmget(k.org_key(k.MEASURES_ARCHIVED, org_id), known)
                active, archived = pipe.execute()
            for raw in [*active, *archived]:
                if raw:
                    m = codec.load_measure(raw)
                    numbers[m.id] = m.number
        return [numbers.get(codec.as_text(mid)) if mid else None for mid in ids]
