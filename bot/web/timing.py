"""Where one webhook request spent its time, as a ``Server-Timing`` header and a slow log.

LINE gives up on a webhook that is not answered within seconds and delivers it again, so
the answer to a signed request says how long its phases took (verify, claim, step, reply):
a load balancer's log, the rehearsal (``scripts/rehearse.sh``) or a curl shows which phase
was slow.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

SLOW = 2.0  # seconds: LINE expects an answer within about this long


@dataclass
class Phases:
    """Seconds spent in each named phase of one request, in the order they began."""

    started: float = field(default_factory=time.perf_counter)
    spent: dict[str, float] = field(default_factory=dict)
    verified: bool = False  # the request was signed: its timings may be shown to the caller

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time the block, adding it to the phase's total (a phase may run once per event)."""
        began = time.perf_counter()
        try:
            yield
        finally:
            self.spent[name] = self.spent.get(name, 0.0) + time.perf_counter() - began

    def header(self) -> str:
        """Return the Server-Timing header value (milliseconds per phase)."""
        return ", ".join(f"{name};dur={s * 1000:.1f}" for name, s in self.spent.items())

    def log_if_slow(self, what: str) -> None:
        """Warn, with the split, when the request took longer than LINE likes to wait."""
        total = time.perf_counter() - self.started
        if total >= SLOW:
            split = " ".join(f"{name}={s * 1000:.0f}ms" for name, s in self.spent.items())
            log.warning("%s webhook answered in %.1f s: %s", what, total, split)
