"""Platform sending limits on Redis: LINE's monthly push quota, Telegram's rate slots.

LINE meters pushes per channel (Official Account): every quota method takes the channel,
``""`` for the deployment's default channel (the environment's, on the keys it always had)
or an organisation's channel id. Telegram limits each bot: its slots are keyed by the bot.
"""

from __future__ import annotations

import redis
from redis.typing import EncodableT, FieldT

from bot.store import keys as k
from bot.store.codec import as_text

DEFAULT_CHANNEL = ""  # the deployment's own channel, from the environment


def line_quota_key(channel: str) -> str:
    """Return the key of a LINE channel's quota as last read ("" = the default channel)."""
    return k.CHANNEL_LINE_QUOTA.format(channel=channel) if channel else k.LINE_QUOTA


def line_exhausted_key(channel: str) -> str:
    """Return the key of a LINE channel's exhaustion mark ("" = the default channel)."""
    if not channel:
        return k.LINE_QUOTA_EXHAUSTED
    return k.CHANNEL_LINE_QUOTA_EXHAUSTED.format(channel=channel)


class QuotaStore:
    """Each LINE channel's quota and exhaustion mark, and each Telegram bot's rate slots."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def saved_line_quota(self, channel: str) -> dict[str, str]:
        """Return a LINE channel's stored quota fields (limit, used, checked_at, warned:...)."""
        raw = self.r.hgetall(line_quota_key(channel))
        return {as_text(a): as_text(b) for a, b in raw.items()}

    def save_line_quota(self, channel: str, limit: int | None, used: int, checked_at: str) -> None:
        """Store a LINE channel's quota as read now."""
        mapping: dict[FieldT, EncodableT] = {
            "limit": limit or "",
            "used": used,
            "checked_at": checked_at,
        }
        self.r.hset(line_quota_key(channel), mapping=mapping)

    def warn_once(self, channel: str, month: str) -> bool:
        """Mark a channel's quota warning of the month given; False if it was already (HSETNX)."""
        return bool(self.r.hsetnx(line_quota_key(channel), f"warned:{month}", 1))

    def is_line_exhausted(self, channel: str) -> bool:
        """Whether a LINE channel's pushes are stopped (until the mark expires)."""
        return bool(self.r.exists(line_exhausted_key(channel)))

    def exhausted_channels(self, channels: list[str]) -> set[str]:
        """Return which of these LINE channels have their pushes stopped (one round trip)."""
        if not channels:
            return set()
        with self.r.pipeline(transaction=False) as pipe:
            for channel in channels:
                pipe.exists(line_exhausted_key(channel))
            marks = pipe.execute()
        return {c for c, mark in zip(channels, marks, strict=True) if mark}

    def mark_line_exhausted(self, channel: str, seconds: int) -> None:
        """Stop a LINE channel's pushes for this many seconds."""
        self.r.set(line_exhausted_key(channel), "1", ex=seconds)

    def take_chat_slot(self, bot: str, chat_id: str) -> bool:
        """Take a chat's one-second slot of one Telegram bot; False while it is taken."""
        key = k.TG_CHAT_SLOT.format(bot=bot, chat=chat_id)
        return bool(self.r.set(key, "1", nx=True, px=1000))

    def count_in_second(self, bot: str, second: int) -> int:
        """Count one more message of a Telegram bot in this second; return the second's count."""
        key = k.TG_GLOBAL_SLOT.format(bot=bot, second=second)
        with self.r.pipeline() as pipe:
            pipe.incr(key)
            pipe.expire(key, 2)
            count, _ = pipe.execute()
        return int(count)
