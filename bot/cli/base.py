"""What every command shares: errors shown to people, the store, JSON output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot.app.config import Config
from bot.app.runtime import Runtime, build_runtime
from bot.store.redis_store import RedisStore
from bot.store.server import connect


class CliError(Exception):
    """A problem to show the user with a non-zero exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@contextmanager
def open_store(config: Config) -> Iterator[RedisStore]:
    """Connect to the configured or embedded server for one command."""
    conn = connect(config.redis_url, config.data_dir, cluster=config.redis_cluster)
    try:
        yield RedisStore(conn.client)
    finally:
        conn.close()


@contextmanager
def open_runtime(config: Config) -> Iterator[Runtime]:
    """Connect and build the one runtime for a command that chats, plans or delivers."""
    with open_store(config) as store:
        yield build_runtime(config, store)


def print_json(data: Any) -> None:
    """Print data as indented UTF-8 JSON."""
    print(json.dumps(data, ensure_ascii=False, indent=1))
