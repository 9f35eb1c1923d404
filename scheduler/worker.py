"""`python -m scheduler.worker`: the outbox's workers, as many processes and hosts as needed.

Each process runs WORKER_THREADS Dramatiq worker threads on the Redis broker: reminder
deliveries and monthly summaries. Dramatiq keeps a message until a worker acknowledges
it and requeues the messages of a worker that died, so any number may run at once.
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


def main() -> int:
    """Run the outbox's workers until SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        config = load_config()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    conn = connect(config.redis_url, config.data_dir)
    for warning in durability_warnings(conn.client):
        logging.warning("!!! %s", warning)
    runtime = build_runtime(config, RedisStore(conn.client))
    runtime.outbox.start_worker(threads=config.worker_threads)
    logging.info("outbox worker running with %d threads", config.worker_threads)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    runtime.outbox.stop()
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
