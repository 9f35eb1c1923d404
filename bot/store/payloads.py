"""Platform records on Redis: long button payloads parked under short keys, and the LINE
rich menus installed."""

from __future__ import annotations

import json
from typing import cast

import redis

from bot.store import keys as k
from bot.store.codec import as_text


class PayloadRecords:
    """JSON parked under a short key, with an expiry."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def park(self, key: str, encoded: str, ttl_seconds: int) -> None:
        """Keep encoded JSON under key for ttl_seconds."""
        self.r.set(k.PAYLOAD.format(key=key), encoded, ex=ttl_seconds)

    def load(self, key: str) -> bytes | None:
        """Return the JSON parked under key, or None once expired."""
        raw = cast(bytes | None, self.r.get(k.PAYLOAD.format(key=key)))
        return raw


class RichMenuRecords:
    """Page key ("staff", "secretary-1", ...) -> {id, digest, alias} of each installed menu."""

    def __init__(self, client: redis.Redis, channel: str = "") -> None:
        self.r = client
        # One record per LINE channel ("" = the deployment's own): menu ids are the channel's.
        self.key = k.CHANNEL_RICH_MENUS.format(channel=channel) if channel else k.LINE_RICH_MENUS

    def installed(self) -> dict[str, dict[str, str]]:
        """Return the menus recorded by the last install."""
        raw = self.r.hgetall(self.key)
        return {as_text(key): json.loads(value) for key, value in raw.items()}

    def record(self, current: dict[str, dict[str, str]]) -> None:
        """Record the menus installed now."""
        self.r.hset(self.key, mapping={key: json.dumps(v) for key, v in current.items()})
