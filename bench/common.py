"""Shared bench helpers: a real server, round-trip counting, timing."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from redis.connection import Connection

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"


class CountingConnection(Connection):
    """A connection that counts the times it writes to the socket (round trips)."""

    sent = 0

    def send_packed_command(self, command: object, check_health: bool = True) -> None:
        CountingConnection.sent += 1
        super().send_packed_command(command, check_health)  # type: ignore[arg-type]


@contextmanager
def server_url() -> Iterator[str]:
    """REDIS_URL if set, else a throwaway embedded Valkey."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    from bot.store.server import start_embedded

    with tempfile.TemporaryDirectory() as tmp:
        server, url = start_embedded(Path(tmp), persist=False)
        try:
            yield url
        finally:
            server.stop()


def counting_client(url: str, db: int | None = None) -> redis.Redis:
    """A client whose round trips are counted in CountingConnection.sent (optionally on db)."""
    extra = {} if db is None else {"db": db}
    pool = redis.ConnectionPool.from_url(url, connection_class=CountingConnection, **extra)
    return redis.Redis(connection_pool=pool)


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """Return the median wall time of fn in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(name: str, value: str, target: str, baseline: str, ok: bool) -> None:
    """Print one figure next to its target and same-run baseline."""
    print(
        f"{name:<38} {value:>14}   target {target:<10} baseline {baseline:<22} "
        f"{'OK' if ok else 'MISSED'}"
    )
