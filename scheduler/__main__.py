"""`python -m scheduler`: the production clock process (one ticks; others stand by).

The clock only ticks: it claims what is due and hands it to the outbox, whose workers run
in their own processes (`python -m scheduler.worker`).
"""

from __future__ import annotations

import logging
import signal
import sys
import threading

from bot.config import ConfigError, load_config
from bot.runtime import build_runtime
from bot.store.redis_store import RedisStore
from bot.store.server import connect, durability_warnings
from scheduler.clock import Clock


def main() -> int:
    """Run the clock until SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # one line a minute is noise
    try:
        config = load_config()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    conn = connect(config.redis_url, config.data_dir)
    for warning in durability_warnings(conn.client):
        logging.warning("!!! %s", warning)
    runtime = build_runtime(config, RedisStore(conn.client))
    clock = Clock(runtime)
    clock.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    clock.stop()
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
