"""Platform sending limits on Redis: LINE's monthly push quota, Telegram's rate slots.

LINE meters pushes per channel (Official Account): every quota method takes the channel,
``""`` for the deployment's default channel (the environment's, on the keys it always had)
or an organisation's channel id; an organisation's channel's exhaustion mark is kept under
the organisation, so give its id too. Telegram limits each bot: its slots are keyed by it.
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


def line_exhausted_key(channel: str, org_id: str) -> str:
    """Return the key of a LINE channel's exhaustion mark: the default's, or its organisation's."""
    if not channel:
        return k.LINE_QUOTA_EXHAUSTED
    if not org_id:
        raise ValueError(f"LINE channel {channel}: whose is it? (its mark is the organisation's)")
    return k.org_key(k.ORG_LINE_EXHAUSTED, org_id)


def exhausted_from(default_mark: object, org_mark: bytes | str | None) -> set[str]:
    """Return the stopped LINE channels from the default's mark and the organisation's."""
    found = {""} if default_mark else set()
    return found | {as_text(org_mark)} if org_mark else found


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

    def is_line_exhausted(self, channel: str, org_id: str = "") -> bool:
        """Whether a LINE channel's pushes are stopped (an organisation's own: give its id)."""
        if not channel:
            return bool(self.r.exists(k.LINE_QUOTA_EXHAUSTED))
        return as_text(self.r.get(line_exhausted_key(channel, org_id)) or b"") == channel

    def exhausted_line_channels(self, org_id: str) -> set[str]:
        """Return which LINE channels an organisation's people are reached on are stopped."""
        with self.r.pipeline(transaction=False) as pipe:
            pipe.exists(k.LINE_QUOTA_EXHAUSTED)
            pipe.get(k.org_key(k.ORG_LINE_EXHAUSTED, org_id))
            default_mark, org_mark = pipe.execute()
        return exhausted_from(default_mark, org_mark)

    def mark_line_exhausted(self, channel: str, seconds: int, org_id: str = "") -> None:
        """Stop a LINE channel's pushes for this many seconds (an organisation's: give its id)."""
        self.r.set(line_exhausted_key(channel, org_id), channel or "1", ex=seconds)

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
