"""Durability checks of the Redis server the bot starts on."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from bot.store.server import connect, durability_warnings, start_embedded

pytestmark = pytest.mark.store


class ManagedRedis(redis.Redis):
    """A client for a managed server that refuses CONFIG (as many hosted Redis do)."""

    def config_get(self, *args: object, **kwargs: object) -> dict[str, str]:  # type: ignore[override]
        raise redis.ResponseError("unknown command 'CONFIG'")


def test_embedded_server_has_aof_and_noeviction(tmp_path: Path) -> None:
    server, url = start_embedded(tmp_path)
    try:
        client = redis.Redis.from_url(url)
        assert durability_warnings(client) == []
        assert durability_warnings(ManagedRedis.from_url(url)) == []  # INFO says the same
    finally:
        server.stop()


def test_warns_without_aof_or_with_eviction(tmp_path: Path) -> None:
    server, url = start_embedded(tmp_path)
    try:
        client = redis.Redis.from_url(url)
        client.config_set("appendonly", "no")
        client.config_set("maxmemory-policy", "allkeys-lru")
        warnings = durability_warnings(client)
        assert any("AOF" in w for w in warnings) and any("allkeys-lru" in w for w in warnings)
        assert len(durability_warnings(ManagedRedis.from_url(url))) == 2
    finally:
        server.stop()


def test_cli_joins_the_running_embedded_server(tmp_path: Path) -> None:
    first = connect(None, tmp_path)
    try:
        first.client.set("k", "v")
        second = connect(None, tmp_path)
        assert second.embedded is None and second.client.get("k") == b"v"
        second.close()
    finally:
        first.close()
