"""The long chaos run (by hand): kill -9 under a load of reports, beside a no-fault baseline.

Both runs use the same load (users, seconds, seed) on the production shape: gunicorn web
workers, the clock, the reminders drill CLI and a standalone Valkey with AOF everysec. The
chaos run kills web workers, the clock, the tick and Redis at random moments. Exits 1 on any
lost, dropped or doubled report or push, in either run.

    .venv/bin/python bench/bench_chaos.py [--users 16] [--seconds 240] [--faults 40] [--seed 7]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from common import ROOT

sys.path.insert(0, str(ROOT))

from tests.chaos.run import ChaosConfig, run_chaos  # noqa: E402
from tests.chaos.tally import Tally  # noqa: E402

FIGURES = [
    ("reports (conversations)", "conversations"),
    ("events sent", "events"),
    ("deliveries (redeliveries included)", "deliveries"),
    ("reports with every event answered 2xx", "answered"),
    ("events never answered 2xx", "unanswered"),
    ("acknowledged (2xx + 'saved' reply)", "acknowledged"),
    ("stored in Redis", "stored"),
    ("lost (acknowledged, not stored)", "lost"),
    ("dropped (2xx, not handled)", "dropped"),
    ("stored twice", "doubled_reports"),
    ("reminders planned", "reminders_planned"),
    ("people pushed a reminder", "reminders_pushed"),
    ("reminders orphaned", "orphaned"),
    ("pushes accepted", "pushes"),
    ("push requests (409s included)", "push_requests"),
    ("max pushes per X-Line-Retry-Key", "max_per_retry_key"),
    ("(person, day) pushed twice", "doubled_pushes"),
    ("p95 answer (ms, redeliveries included)", "p95_answer_ms"),
    ("invalid LINE requests", "line_errors"),
    ("seconds", "seconds"),
]


def table(baseline: Tally, chaos: Tally) -> str:
    """Return the two runs side by side."""
    rows = [f"{'figure':42} {'baseline':>10} {'chaos':>10}"]
    for label, name in FIGURES:
        rows.append(f"{label:42} {getattr(baseline, name):>10.0f} {getattr(chaos, name):>10.0f}")
    rows.append(f"{'faults':42} {'-':>10} {sum(chaos.faults.values()):>10}  {chaos.faults}")
    rows.append(f"{'restarts by the supervisor':42} {'-':>10} {sum(chaos.restarts.values()):>10}")
    return "\n".join(rows)


def main() -> int:
    """Run the baseline, then the chaos run; print both; exit 1 on any failure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--reminded", type=int, default=200, help="people only reminded")
    parser.add_argument("--seconds", type=float, default=240.0)
    parser.add_argument("--faults", type=int, default=40)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the logs and data under this directory")
    args = parser.parse_args()
    config = ChaosConfig(
        users=args.users,
        reminded=args.reminded,
        per_user=100_000,
        load_seconds=args.seconds,
        web_workers=args.workers,
        web_threads=args.threads,
        faults=args.faults,
        seed=args.seed,
    )
    with tempfile.TemporaryDirectory(prefix="chaos-") as tmp:
        base = args.keep or Path(tmp)
        print(f"baseline: same load, no faults ({args.seconds:.0f} s)")
        baseline = run_chaos(replace(config, faults=0), base / "baseline")
        print(f"chaos: {args.faults} kill -9s")
        chaos = run_chaos(config, base / "chaos")
    print(table(baseline, chaos))
    failed = False
    for name, tally in (("baseline", baseline), ("chaos", chaos)):
        for failure in tally.failures():
            print(f"FAIL {name}: {failure}")
            failed = True
    print("FAIL" if failed else "OK: 0 lost, 0 dropped, 0 doubled")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
