"""Organisations' own channels as adapters: one per channel record, built once per revision.

The deployment's own channel (from the environment) is ``Runtime.adapters``; a channel an
organisation connected (``bot/store/channels.py``) gets an adapter of the same class with
that channel's secret and token. Webhooks at ``/webhooks/<platform>/<channel>`` are read by
it, and the organisation's replies and pushes go out on it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from bot.app.config import Config
from bot.chat.messages import Platform
from bot.platforms.base import Adapter
from bot.platforms.registry import ADAPTERS
from bot.store.channel_record import ChannelRecord
from bot.store.channels import ChannelStore
from bot.store.redis_store import RedisStore


class ChannelAdapters:
    """The adapters of connected channels, cached by (channel id, revision)."""

    def __init__(
        self,
        config: Config,
        store: RedisStore,
        channels: ChannelStore,
        defaults: Mapping[str, Adapter],
    ) -> None:
        self.config = config
        self.store = store
        self.channels = channels
        self.defaults = defaults
        self._built: dict[str, tuple[int, Adapter]] = {}
        self._lock = threading.Lock()

    def find(self, name: str, channel_id: str) -> tuple[ChannelRecord, Adapter] | None:
        """Return a channel of platform name and its adapter (one GET), or None if unknown."""
        if name not in {p.value for p in Platform} or name not in ADAPTERS:
            return None
        record = self.channels.get(channel_id, Platform(name))
        if record is None:
            with self._lock:
                self._built.pop(channel_id, None)
            return None
        return record, self.adapter(record)

    def adapter(self, record: ChannelRecord) -> Adapter:
        """Return the adapter that speaks for a channel record (built on first use)."""
        with self._lock:
            built = self._built.get(record.id)
            if built is not None and built[0] == record.revision:
                return built[1]
        kind = ADAPTERS[record.platform.value]
        adapter = kind(kind.channel_config(self.config, record.secret, record.token), self.store)
        adapter.channel = record.id  # type: ignore[attr-defined]  # until Adapter has it
        with self._lock:
            self._built[record.id] = (record.revision, adapter)
        return adapter

    def for_org(self, org_id: str | None) -> Mapping[str, Adapter]:
        """Return the adapters an organisation's messages go out on: its own channels first."""
        if not org_id:
            return self.defaults
        own = {
            record.platform.value: self.adapter(record) for record in self.channels.for_org(org_id)
        }
        if not own:
            return self.defaults
        # Registry order is the order of preference for pushes: keep it.
        return {name: own.get(name, adapter) for name, adapter in self.defaults.items()}
