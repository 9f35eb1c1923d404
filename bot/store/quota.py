"""Platform sending limits on Redis: LINE's monthly push quota, Telegram's rate slots."""

from __future__ import annotations

import redis
from redis.typing import EncodableT, FieldT

from bot.store import keys as k
from bot.store.codec import as_text


class QuotaStore:
    """The LINE quota as last read, its exhaustion mark, and Telegram's per-second slots."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def saved_line_quota(self) -> dict[str, str]:
        """Return the LINE quota's stored fields (limit, used, checked_at, warned:...)."""
        return {as_text(a): as_text(b) for a, b in self.r.hgetall(k.LINE_QUOTA).items()}

    def save_line_quota(self, limit: int | None, used: int, checked_at: str) -> None:
        """Store the LINE quota as read now."""
        mapping: dict[FieldT, EncodableT] = {
            "limit": limit or "",
            "used": used,
            "checked_at": checked_at,
        }
        self.r.hset(k.LINE_QUOTA, mapping=mapping)

    def warn_once(self, month: str) -> bool:
        """Mark the month's quota warning given; False when it was already (HSETNX)."""
        return bool(self.r.hsetnx(k.LINE_QUOTA, f"warned:{month}", 1))

    def is_line_exhausted(self) -> bool:
        """Whether LINE pushes are stopped (until the mark expires)."""
        return bool(self.r.exists(k.LINE_QUOTA_EXHAUSTED))

    def mark_line_exhausted(self, seconds: int) -> None:
        """Stop LINE pushes for this many seconds."""
        self.r.set(k.LINE_QUOTA_EXHAUSTED, "1", ex=seconds)

    def take_chat_slot(self, chat_id: str) -> bool:
        """Take a Telegram chat's one-second slot; False while it is taken."""
        return bool(self.r.set(k.TG_CHAT_SLOT.format(chat=chat_id), "1", nx=True, px=1000))

    def count_in_second(self, second: int) -> int:
        """Count one more Telegram message in this second; return the second's count."""
        key = k.TG_GLOBAL_SLOT.format(second=second)
        with self.r.pipeline() as pipe:
            pipe.incr(key)
            pipe.expire(key, 2)
            count, _ = pipe.execute()
        return int(count)
