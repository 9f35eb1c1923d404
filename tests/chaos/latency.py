"""How long the webhooks took to be answered, in and out of a kill window, and why.

An event's answer time is what LINE sees: from its first delivery to the 2xx that stopped
the redeliveries (a refused connection, a timeout or a 503 on the way counts in it). A
delivery's ``Server-Timing`` header is the web process's own split of one request
(verify, claim, step, reply), so time spent queued before a worker took the request shows
as the gap between the delivery's time and the sum of the split.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tests.chaos.load import Event, Sent


@dataclass
class Window:
    """A span of the run when a web process was down (killed, until it served again)."""

    start: float
    end: float
    port: int

    def holds(self, event: Event, margin: float = 1.0) -> bool:
        """Whether the event was first sent within the window (give or take margin)."""
        return self.start - margin <= event.first_sent <= self.end + margin


def quantiles(values: Iterable[float]) -> tuple[float, float, float, int]:
    """Return p50, p95 and max of values, and how many there were (zeros when none)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0, 0.0, 0.0, 0
    n = len(ordered)
    return ordered[int(0.5 * (n - 1))], ordered[int(0.95 * (n - 1))], ordered[-1], n


def _ms(figures: tuple[float, float, float, int]) -> str:
    p50, p95, top, n = figures
    return f"p50 {p50 * 1000:.0f} / p95 {p95 * 1000:.0f} / max {top * 1000:.0f} ms (n={n})"


def split(timing: str) -> dict[str, float]:
    """Read a Server-Timing header into seconds per phase."""
    phases: dict[str, float] = {}
    for part in timing.split(","):
        name, _, rest = part.strip().partition(";")
        if name and rest.startswith("dur="):
            phases[name] = float(rest[4:]) / 1000
    return phases


@dataclass
class LoadSampler:
    """Samples the machine's load average while the run goes on (the cores are shared)."""

    every: float = 2.0
    samples: list[float] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> LoadSampler:
        """Sample in the background until stop()."""

        def loop() -> None:
            while not self._stop.is_set():
                self.samples.append(os.getloadavg()[0])
                self._stop.wait(self.every)

        threading.Thread(target=loop, daemon=True).start()
        return self

    def stop(self) -> str:
        """Stop sampling; return the 1-minute load average's min / mean / max."""
        self._stop.set()
        if not self.samples:
            return "load average not sampled"
        mean = sum(self.samples) / len(self.samples)
        return (
            f"load average (1 min) during the run: min {min(self.samples):.1f} / mean "
            f"{mean:.1f} / max {max(self.samples):.1f} on {os.cpu_count()} cores"
        )


def report(events: list[Event], windows: list[Window], t0: float) -> list[str]:
    """Return the answer-time lines: offered rate, in and out of the kill windows, the split.

    The offered rate is over the load's span, its start to the last event's first send
    (redeliveries of the last events may go on long after).
    """
    seconds = max([e.first_sent - t0 for e in events if e.first_sent] + [1.0])
    answered = [e for e in events if e.answered_at is not None]
    inside = [e for e in answered if any(w.holds(e) for w in windows)]
    outside = [e for e in answered if not any(w.holds(e) for w in windows)]
    sent = [s for e in events for s in e.sent]
    took = [(e.answered_at or 0.0) - e.first_sent for e in answered]
    lines = [
        f"offered {len(events) / seconds:.1f} events/s over {seconds:.0f} s of load, by "
        f"{len({e.user.line_user_id for e in events})} people each waiting for its answers "
        f"({len(sent)} deliveries with redeliveries)",
        f"answer time, all events: {_ms(quantiles(took))}",
        "answer time, outside the kill window: "
        + _ms(quantiles((e.answered_at or 0.0) - e.first_sent for e in outside)),
        "answer time, in the kill window: "
        + _ms(quantiles((e.answered_at or 0.0) - e.first_sent for e in inside)),
    ]
    for w in windows:
        lines.append(
            f"  kill window :{w.port} t={w.start - t0:.1f}s..{w.end - t0:.1f}s "
            f"({w.end - w.start:.1f} s until it served again)"
        )
    ok = [s for s in sent if 200 <= s.status < 300]
    lines.append(f"one delivery answered 2xx: {_ms(quantiles(s.took for s in ok))}")
    failed = [s for s in sent if not 200 <= s.status < 300]
    kinds = {
        "no answer": sum(1 for s in failed if s.status == -1),
        "503": sum(1 for s in failed if s.status == 503),
    }
    lines.append(
        f"deliveries not 2xx: {len(failed)} ({', '.join(f'{k} {v}' for k, v in kinds.items())})"
    )
    phases: dict[str, list[float]] = {}
    for s in ok:
        for name, value in split(s.timing).items():
            phases.setdefault(name, []).append(value)
    if phases:
        lines.append("in the web process, per 2xx delivery:")
        lines.extend(f"  {name:7} {_ms(quantiles(v))}" for name, v in sorted(phases.items()))
        queued = [s.took - sum(split(s.timing).values()) for s in ok if s.timing]
        lines.append(f"  outside (queue, network) {_ms(quantiles(queued))}")
    return lines


def dump(path: Path, events: list[Event], windows: list[Window], t0: float) -> None:
    """Write every delivery of the run (seconds from the start) for a closer look."""

    def row(e: Event, s: Sent) -> dict[str, object]:
        return {
            "event": e.event_id, "at": round(s.at - t0, 3), "took": round(s.took, 4),
            "status": s.status, "port": s.port, "timing": s.timing,
        }  # fmt: skip

    data = {
        "windows": [{"start": w.start - t0, "end": w.end - t0, "port": w.port} for w in windows],
        "deliveries": [row(e, s) for e in events for s in e.sent],
    }
    path.write_text(json.dumps(data, indent=0))
