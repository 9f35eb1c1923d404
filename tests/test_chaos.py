"""The short chaos run: kill -9 of web workers, the clock, the tick and Redis under load.

The product in its production shape (gunicorn, the clock, a standalone Valkey with AOF
everysec) receives signed LINE webhooks from users reporting, resent LINE-style until a
2xx, while reminders are pushed; nothing acknowledged may be lost, no event answered 2xx
may go unhandled, and no reminder may reach a person twice in a day. The long run is
bench/bench_chaos.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chaos.run import ChaosConfig, run_chaos

pytestmark = pytest.mark.chaos

SHORT = ChaosConfig(
    users=8,
    load_seconds=40.0,
    faults=7,
    kinds=("worker", "redis", "clock", "tick", "outbox"),
    resend_window=150.0,
    drain_seconds=90.0,
    seed=11,
)


def test_nothing_acknowledged_is_lost_dropped_or_doubled_under_kill_9(tmp_path: Path) -> None:
    said: list[str] = []
    tally = run_chaos(SHORT, tmp_path, say=said.append)
    report = "\n".join([*said, *tally.lines(), f"logs: {tmp_path}"])
    print(report)
    # The run must have been a real one, or a pass would mean nothing.
    assert tally.events >= 50, report
    assert tally.faults.get("redis", 0) >= 1 and tally.faults.get("worker", 0) >= 1, report
    assert tally.reminders_planned == SHORT.users + SHORT.reminded, report
    assert tally.failures() == [], report
