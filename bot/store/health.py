"""What /healthz and /readyz ask Redis, and the clock's heartbeat they read."""

from __future__ import annotations

from datetime import datetime

import redis

from bot.store import keys as k
from bot.store.codec import as_text

PROBE_SECONDS = 10


class HealthStore:
    """Liveness and readiness probes on the store's connection."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def ping(self) -> None:
        """Raise redis.RedisError unless Redis answers."""
        self.r.ping()

    def write_and_read(self, host: str, value: str) -> bool:
        """Write a keyed probe and read it back; whether the same value came back."""
        probe = k.READY_PROBE.format(host=host)
        self.r.set(probe, value, ex=PROBE_SECONDS)
        return bool(self.r.get(probe) == value.encode())

    def heartbeat(self) -> datetime | None:
        """Return the time of the clock's last tick, if it ever ticked."""
        raw = self.r.get(k.CLOCK_HEARTBEAT)
        return datetime.fromisoformat(as_text(raw)) if raw else None

    def beat(self, at: datetime) -> None:
        """Record a clock tick."""
        self.r.set(k.CLOCK_HEARTBEAT, at.isoformat())
