"""What the clock and the worker processes share: building the runtime, waiting for SIGTERM."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable

from bot.app.config import ConfigError, load_config
from bot.app.runtime import Runtime, build_runtime
from bot.store.redis_store import RedisStore
from bot.store.server import connect, durability_warnings


def run_process(start: Callable[[Runtime], Callable[[], None]]) -> int:
    """Build the runtime from the environment, start(runtime), and run until SIGTERM.

    ``start`` returns what stops its work; the Redis connection is closed after it.
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # httpx logs each request URL at INFO, and a Telegram URL carries the bot token
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # one line a minute is noise
    try:
        config = load_config()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    conn = connect(config.redis_url, config.data_dir, cluster=config.redis_cluster)
    for warning in durability_warnings(conn.client):
        logging.warning("!!! %s", warning)
    stop_work = start(build_runtime(config, RedisStore(conn.client)))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    stop_work()
    conn.close()
    return 0
