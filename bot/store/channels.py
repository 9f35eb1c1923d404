"""Channels as data: each organisation's own LINE Official Account and Telegram bot.

A channel record holds what the bot needs to talk on it: for LINE the channel secret
(webhook signatures), the channel access token (API calls) and the channel id; for
Telegram the bot token, the bot id and the webhook secret token. Both secrets are sealed
(``bot/store/sealed.py``) in the record; they are never logged (``repr`` leaves them out)
and never shown back in full (``masked``).

Routing a webhook (``/webhooks/line/<channel>``) costs one GET: ``ChannelStore.get`` keeps
each decoded record in a per-process cache keyed by the record's stored bytes. Every
change rewrites those bytes (the revision grows and Fernet's IV is fresh), and a removal
deletes them, so the next GET shows it: no version key, no pub/sub, never stale. The
cache only saves the decryption and parsing (and lets adapters reuse SDK clients by
``(id, revision)``).

The deployment's environment channel (``LINE_CHANNEL_SECRET``, ``TELEGRAM_BOT_TOKEN``, ...)
stays its default channel: ``default_channel`` gives it as a record with id ``default``.
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace

import redis
from redis.client import Pipeline

from bot.app.config import Config
from bot.chat.messages import Platform
from bot.store import keys as k
from bot.store.channel_record import (
    CHANNEL_PLATFORMS,
    ChannelRecord,
    is_channel_id,
)
from bot.store.codec import as_text
from bot.store.redis_store import RedisStore
from bot.store.sealed import SecretBox


class ChannelConflictError(Exception):
    """The organisation already has another channel on the platform, or the bot is taken."""

    def __init__(self, existing: ChannelRecord) -> None:
        super().__init__(f"channel {existing.id} of {existing.org_id} is in the way")
        self.existing = existing


def invite_accounts(store: RedisStore, org_id: str) -> dict[str, str]:
    """Return the organisation's own accounts by platform (OA basic id, bot username).

    What its invites lead to instead of the deployment's; read without opening a secret.
    """
    ids = sorted(as_text(m) for m in store.r.smembers(k.ORG_CHANNELS.format(org=org_id)))
    raws = store.r.mget([k.CHANNEL.format(channel=i) for i in ids]) if ids else []
    docs = [json.loads(raw) for raw in raws if raw is not None]
    return {doc["platform"]: doc["basic_id"] for doc in docs if doc.get("basic_id")}


def channel_store(config: Config, store: RedisStore) -> ChannelStore:
    """Return the deployment's channel records, sealed with its BOT_SECRET_KEY.

    Build it once per process (the runtime) where look-ups repeat: its cache lives with it.
    """
    return ChannelStore(store.r, SecretBox(config.secret_key))


class ChannelStore:
    """ChannelRecord records in Redis, with secrets sealed and a per-process cache for look-ups."""

    def __init__(self, r: redis.Redis, box: SecretBox) -> None:
        self.r = r
        self.box = box
        self._cache: dict[str, tuple[bytes | str, ChannelRecord]] = {}
        self._lock = threading.Lock()

    # ---- reading -----------------------------------------------------------------------
    def get(self, channel_id: str, platform: Platform | None = None) -> ChannelRecord | None:
        """Return a channel by id in at most one round trip (None when none is on platform)."""
        if not is_channel_id(channel_id):
            return None
        channel = self._cached(channel_id, self.r.get(k.CHANNEL.format(channel=channel_id)))
        return channel if channel is not None and platform in (None, channel.platform) else None

    def _cached(self, channel_id: str, raw: bytes | str | None) -> ChannelRecord | None:
        """Decode a record read from Redis, or reuse this process's copy of the same bytes."""
        with self._lock:
            if raw is None:
                self._cache.pop(channel_id, None)
                return None
            cached = self._cache.get(channel_id)
        if cached is not None and cached[0] == raw:
            return cached[1]
        channel = self._decode(raw)  # decrypting is the cost the cache saves
        with self._lock:
            self._cache[channel_id] = (raw, channel)
        return channel

    def for_org(self, org_id: str) -> list[ChannelRecord]:
        """Return the organisation's channels, LINE first."""
        ids = sorted(as_text(m) for m in self.r.smembers(k.ORG_CHANNELS.format(org=org_id)))
        raws = self.r.mget([k.CHANNEL.format(channel=i) for i in ids]) if ids else []
        # Every push of the organisation reads these: decrypt only what changed.
        found = [c for i, raw in zip(ids, raws, strict=True) if (c := self._cached(i, raw))]
        return sorted(found, key=lambda c: (CHANNEL_PLATFORMS.index(c.platform), c.id))

    def on_platform(self, platform: Platform) -> list[ChannelRecord]:
        """Return every organisation's channel on a platform, by id (two round trips)."""
        key = k.PLATFORM_CHANNELS.format(platform=platform.value)
        ids = sorted(as_text(m) for m in self.r.smembers(key))
        raws = self.r.mget([k.CHANNEL.format(channel=i) for i in ids]) if ids else []
        found = [c for i, raw in zip(ids, raws, strict=True) if (c := self._cached(i, raw))]
        return [c for c in found if c.platform is platform]

    def for_bot(self, platform: Platform, bot_id: str) -> ChannelRecord | None:
        """Return the channel of a LINE bot user id or a Telegram bot id, if connected."""
        found = self.r.get(k.CHANNEL_BY_BOT.format(platform=platform.value, bot=bot_id))
        return self.get(as_text(found)) if found else None

    # ---- writing -----------------------------------------------------------------------
    def save(self, channel: ChannelRecord, pipeline: Pipeline | None = None) -> None:
        """Write a channel record and its indexes (no checks: see ``add``)."""
        pipe = pipeline if pipeline is not None else self.r.pipeline()
        pipe.set(k.CHANNEL.format(channel=channel.id), self._encode(channel))
        pipe.sadd(k.ORG_CHANNELS.format(org=channel.org_id), channel.id)
        pipe.sadd(k.PLATFORM_CHANNELS.format(platform=channel.platform.value), channel.id)
        if channel.bot_id:
            key = k.CHANNEL_BY_BOT.format(platform=channel.platform.value, bot=channel.bot_id)
            pipe.set(key, channel.id)
        if pipeline is None:
            pipe.execute()

    def add(self, channel: ChannelRecord) -> ChannelRecord:
        """Store a new channel, or new secrets of a stored one; return what was stored.

        ChannelConflictError when the organisation has another channel on this platform
        or the bot is connected under another channel (one bot serves one organisation).
        Saving the same bot again (a reissued token or secret) keeps its id and webhook.
        """
        org_key = k.ORG_CHANNELS.format(org=channel.org_id)
        bot_key = k.CHANNEL_BY_BOT.format(platform=channel.platform.value, bot=channel.bot_id)
        with self.r.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(org_key, bot_key)
                    stored = self._place(pipe, channel, org_key, bot_key)
                    pipe.multi()
                    self.save(stored, pipeline=pipe)
                    pipe.execute()
                    return stored
                except redis.WatchError:
                    continue

    def _place(
        self, pipe: Pipeline, channel: ChannelRecord, org_key: str, bot_key: str
    ) -> ChannelRecord:
        """Return the record to store for channel, or raise ChannelConflictError."""
        holder = pipe.get(bot_key) if channel.bot_id else None
        if holder is not None and as_text(holder) != channel.id:
            taken = self.get(as_text(holder))
            if taken is not None and taken.org_id != channel.org_id:
                raise ChannelConflictError(taken)
        for member in pipe.smembers(org_key):
            other = self.get(as_text(member))
            if other is None or other.platform is not channel.platform:
                continue
            same_bot = channel.bot_id and other.bot_id in (channel.bot_id, "")
            if other.id == channel.id or same_bot:
                # the same bot again (or checked now after an unchecked save): keep its id,
                # webhook path and first creation time
                return replace(
                    channel, id=other.id, created_at=other.created_at, revision=other.revision + 1
                )
            raise ChannelConflictError(other)
        return channel

    def remove(self, channel: ChannelRecord, pipeline: Pipeline | None = None) -> None:
        """Delete a channel record and its indexes."""
        pipe = pipeline if pipeline is not None else self.r.pipeline()
        pipe.delete(k.CHANNEL.format(channel=channel.id))
        pipe.srem(k.ORG_CHANNELS.format(org=channel.org_id), channel.id)
        pipe.srem(k.PLATFORM_CHANNELS.format(platform=channel.platform.value), channel.id)
        if channel.bot_id:
            key = k.CHANNEL_BY_BOT.format(platform=channel.platform.value, bot=channel.bot_id)
            pipe.delete(key)
        if pipeline is None:
            pipe.execute()
        with self._lock:
            self._cache.pop(channel.id, None)

    def restore(self, stored: ChannelRecord, previous: ChannelRecord | None) -> None:
        """Put previous back in place of stored (or drop stored if none), in one MULTI."""
        with self.r.pipeline() as pipe:
            self.remove(stored, pipeline=pipe)
            if previous is not None:
                self.save(replace(previous, revision=stored.revision + 1), pipeline=pipe)
            pipe.execute()

    # ---- the record --------------------------------------------------------------------
    def _encode(self, channel: ChannelRecord) -> str:
        sealed = self.box.seal(json.dumps({"secret": channel.secret, "token": channel.token}))
        return json.dumps(
            {
                "id": channel.id,
                "org": channel.org_id,
                "platform": channel.platform.value,
                "bot_id": channel.bot_id,
                "line_channel_id": channel.line_channel_id,
                "basic_id": channel.basic_id,
                "name": channel.name,
                "created_at": channel.created_at,
                "revision": channel.revision,
                "sealed": sealed,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    def _decode(self, raw: bytes | str) -> ChannelRecord:
        doc = json.loads(raw)
        opened = json.loads(self.box.open(doc["sealed"]))
        return ChannelRecord(
            id=doc["id"],
            org_id=doc["org"],
            platform=Platform(doc["platform"]),
            secret=opened["secret"],
            token=opened["token"],
            bot_id=doc.get("bot_id", ""),
            line_channel_id=doc.get("line_channel_id", ""),
            basic_id=doc.get("basic_id", ""),
            name=doc.get("name", ""),
            created_at=doc.get("created_at", ""),
            revision=int(doc.get("revision", 1)),
        )
