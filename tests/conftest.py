"""Shared fixtures: a real Redis server (REDIS_URL or embedded Valkey), flushed per test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import redis

from bot.app.config import load_config
from bot.domain.divisions import default_divisions
from bot.domain.model import Organisation
from bot.store.redis_store import RedisStore
from bot.store.server import client_for, start_embedded

pytest_plugins = ["tests.fakes.fixtures"]

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a real server: REDIS_URL when set, else a fresh embedded Valkey."""
    url = load_config().redis_url
    if url:
        yield url
        return
    server, url = start_embedded(tmp_path_factory.mktemp("valkey"), persist=False)
    yield url
    server.stop()


@pytest.fixture(scope="session")
def is_cluster() -> bool:
    """Whether REDIS_URL is a node of a cluster (REDIS_CLUSTER=1, as the bot reads it)."""
    return load_config().redis_cluster


@pytest.fixture(scope="session")
def new_client(redis_url: str, is_cluster: bool) -> Callable[..., redis.Redis]:
    """Make another client of the test server (a cluster client on a cluster)."""

    def make(url: str | None = None, **options: Any) -> redis.Redis:
        return client_for(url or redis_url, is_cluster and url is None, **options)

    return make


@pytest.fixture(scope="session")
def masters(new_client: Callable[..., redis.Redis], is_cluster: bool) -> int:
    """How many servers a pipeline over many organisations reaches: one trip each."""
    if not is_cluster:
        return 1
    client = new_client()
    count = len(client.get_primaries())  # type: ignore[attr-defined]
    client.close()
    return count


@pytest.fixture()
def redis_client(new_client: Callable[..., redis.Redis]) -> Iterator[redis.Redis]:
    """A client on a flushed database (every master flushed, on a cluster)."""
    client = new_client()
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture()
def store(redis_client: redis.Redis) -> RedisStore:
    """The store on a flushed database."""
    return RedisStore(redis_client)


@pytest.fixture()
def org(store: RedisStore) -> Organisation:
    """A stored organisation with the six common divisions."""
    organisation = Organisation(
        id="demo", name="องค์การบริหารส่วนตำบลทดสอบ", divisions=default_divisions()
    )
    store.create_org(organisation)
    return organisation


def redis_snapshot(
    client: redis.Redis, pattern: str = "*", keys: list[bytes] | None = None
) -> dict[bytes, object]:
    """Every key's type and contents, comparable across servers (DUMP bytes are not)."""
    readers = {
        b"string": lambda key: client.get(key),
        b"hash": lambda key: client.hgetall(key),
        b"list": lambda key: client.lrange(key, 0, -1),
        b"set": lambda key: client.smembers(key),
        b"zset": lambda key: client.zrange(key, 0, -1, withscores=True),
        b"stream": lambda key: client.xrange(key),
    }
    found: dict[bytes, object] = {}
    for key in sorted(keys if keys is not None else client.scan_iter(pattern)):
        kind = client.type(key)
        found[key] = (kind, readers.get(kind, lambda _key: None)(key))
    return found


# --- the wall clock -------------------------------------------------------------------------
# Time-sensitive tests run again with the machine's clock stopped at awkward instants
# (WALL_CLOCK=2026-09-30T23:59:30+07:00 make test-clock): the product must take its time
# from the injected clock, so the real date can never turn the suite red.
CLOCK_SENSITIVE = {
    "test_chat_core",
    "test_clock",
    "test_delivery",
    "test_journeys",
    "test_reminders_planner",
    "test_reminders_preview",
    "test_secretary_chat",
    "test_summary_acks",
    "test_summary_chat",
    "test_summary_compile",
    "test_web_pages",
    "test_web_simulator",
    "test_webhooks",
}


def pytest_configure(config: pytest.Config) -> None:
    """Stop the wall clock at WALL_CLOCK (an ISO instant) for the whole run, if set."""
    instant = os.environ.get("WALL_CLOCK")
    if instant:
        import time_machine

        traveller = time_machine.travel(datetime.fromisoformat(instant), tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of time-sensitive modules with ``clock``; on a cluster, skip the
    ``single_server`` ones with the reason their marker gives."""
    on_cluster = load_config().redis_cluster
    for item in items:
        only_single = item.get_closest_marker("single_server")
        if on_cluster and only_single is not None:
            item.add_marker(pytest.mark.skip(reason=f"single server only: {only_single.args[0]}"))
        if item.module is not None and item.module.__name__.split(".")[-1] in CLOCK_SENSITIVE:
            item.add_marker(pytest.mark.clock)


@pytest.fixture()
def round_trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Count requests sent to the server: a pipeline is one, whatever it holds."""
    sent = [0]
    original = redis.connection.Connection.send_packed_command

    def counting(self: redis.connection.Connection, *args: object, **kwargs: object) -> None:
        sent[0] += 1
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(redis.connection.Connection, "send_packed_command", counting)
    yield sent
