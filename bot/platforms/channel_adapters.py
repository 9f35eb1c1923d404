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
from bot.domain.model import Person, split_address
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
        config = kind.channel_config(self.config, record.secret, record.token)
        adapter = kind(config, self.store, channel=record.id)
        with self._lock:
            self._built[record.id] = (record.revision, adapter)
        return adapter

    def by_address(self, address: str) -> Adapter | None:
        """Return the adapter of a chat address ("line", "line@ch_x"); None if it is gone.

        The deployment's own channels cost nothing; an organisation's costs one GET (its
        record's bytes, decoded once per process), so a removed channel sends nothing more.
        """
        name, channel_id = split_address(address)
        if not channel_id:
            return self.defaults.get(name)
        found = self.find(name, channel_id)
        return found[1] if found is not None else None

    def for_person(self, person: Person) -> list[tuple[Adapter, str]]:
        """Return where a person can be reached, in order of preference, with their user id.

        Registry order first (LINE, Telegram, the simulator); on one platform the
        organisation's own channel comes before the deployment's.
        """
        order = {name: i for i, name in enumerate(self.defaults)}
        reachable: list[tuple[tuple[int, int], Adapter, str]] = []
        for address, user in person.identities():
            name, channel_id = split_address(address)
            adapter = self.by_address(address)
            if adapter is not None:
                rank = (order.get(name, len(order)), 0 if channel_id else 1)
                reachable.append((rank, adapter, user))
        reachable.sort(key=lambda entry: entry[0])
        return [(adapter, user) for _, adapter, user in reachable]
