"""`python -m scheduler.worker`: the outbox's workers, as many processes and hosts as needed.

Each process runs WORKER_THREADS Dramatiq worker threads on the Redis broker: reminder
deliveries and monthly summaries. Dramatiq keeps a message until a worker acknowledges
it and requeues the messages of a worker that died, so any number may run at once.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from bot.app.runtime import Runtime
from scheduler.process import run_process


def start_workers(runtime: Runtime) -> Callable[[], None]:
    """Start the outbox's worker threads; return what stops them."""
    runtime.outbox.start_worker(threads=runtime.config.worker_threads)
    logging.info("outbox worker running with %d threads", runtime.config.worker_threads)
    return runtime.outbox.stop


def main() -> int:
    """Run the outbox's workers until SIGTERM."""
    return run_process(start_workers)


if __name__ == "__main__":
    sys.exit(main())
