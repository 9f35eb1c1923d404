"""A lease in Redis so that only one clock works at a time, renewed while it works.

The holder renews the lease in a background thread while a job runs, and a job checks
``held()`` between batches: a clock that stalled past the lease (a long GC pause, a
frozen VM) finds it lost and stops, instead of working beside the clock that took over.
Each new holder gets a larger fencing number (``ita:clock:fence``), logged with its work.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import redis

log = logging.getLogger(__name__)

_RENEW = """
local owner = redis.call('GET', KEYS[1])
if owner == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not owner then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 2
end
return 0
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class LeaseLost(Exception):
    """The lease passed to another clock while this one was working."""


class Lease:
    """Held by one clock; renewed more often than it lasts while a job runs."""

    def __init__(
        self, client: redis.Redis, key: str, ttl_ms: int = 90_000, fence_key: str = ""
    ) -> None:
        self.r = client
        self.key = key
        self.ttl_ms = ttl_ms
        self.fence_key = fence_key or key + ":fence"
        self.token = secrets.token_hex(8)
        self.fence = 0  # this holder's fencing number, larger than every earlier holder's

    def acquire(self) -> bool:
        """Take or renew the lease; False while another clock holds it."""
        got = int(self.r.eval(_RENEW, 1, self.key, self.token, self.ttl_ms))
        if got == 2:  # newly taken: a new fencing number
            self.fence = int(self.r.incr(self.fence_key))
            log.info("clock lease taken, fence %d", self.fence)
        return got > 0

    def held(self) -> bool:
        """Whether this clock still holds the lease (checked between batches of work)."""
        try:
            return self.r.get(self.key) == self.token.encode()
        except redis.RedisError:
            return False

    def check(self) -> None:
        """Raise LeaseLost unless this clock still holds the lease."""
        if not self.held():
            raise LeaseLost(self.key)

    @contextmanager
    def renewed(self) -> Iterator[Lease]:
        """Keep renewing the lease in the background while the block runs."""
        stop = threading.Event()

        def renew() -> None:
            while not stop.wait(self.ttl_ms / 3000):
                try:
                    if not self.acquire():
                        return  # lost: the work sees it at its next check
                except redis.RedisError:
                    log.warning("clock lease renewal failed; retrying")

        thread = threading.Thread(target=renew, name="lease-renewal", daemon=True)
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join()

    def release(self) -> None:
        """Give the lease up (on shutdown), only if we still hold it."""
        self.r.eval(_RELEASE, 1, self.key, self.token)
