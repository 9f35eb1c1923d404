"""`python -m scheduler`: the production clock process (one ticks; others stand by).

The clock only ticks: it claims what is due and hands it to the outbox, whose workers run
in their own processes (`python -m scheduler.worker`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from bot.app.runtime import Runtime
from scheduler.clock import Clock
from scheduler.process import run_process


def start_clock(runtime: Runtime) -> Callable[[], None]:
    """Start ticking; return what stops it."""
    clock = Clock(runtime)
    clock.start()
    return clock.stop


def main() -> int:
    """Run the clock until SIGTERM."""
    return run_process(start_clock)


if __name__ == "__main__":
    sys.exit(main())
