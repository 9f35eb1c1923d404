"""A lease in Redis so that only one clock ticks at a time."""

from __future__ import annotations

import secrets

import redis

_RENEW = """
local owner = redis.call('GET', KEYS[1])
if owner == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not owner then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class Lease:
    """Held by one clock; it must be renewed more often than it lasts."""

    def __init__(self, client: redis.Redis, key: str, ttl_ms: int = 90_000) -> None:
        self.r = client
        self.key = key
        self.ttl_ms = ttl_ms
        self.token = secrets.token_hex(8)

    def acquire(self) -> bool:
        """Take or renew the lease; False while another clock holds it."""
        return bool(self.r.eval(_RENEW, 1, self.key, self.token, self.ttl_ms))

    def release(self) -> None:
        """Give the lease up (on shutdown), only if we still hold it."""
        self.r.eval(_RELEASE, 1, self.key, self.token)
