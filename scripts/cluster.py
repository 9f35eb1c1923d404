"""Start or stop a 3-master Valkey cluster on loopback (CI, scripts/rehearse.sh).

    python scripts/cluster.py start DIR [--masters 3]   # prints redis://127.0.0.1:PORT/0
    python scripts/cluster.py stop DIR

``start`` returns once the cluster answers ``cluster_state:ok``; the nodes keep running
(each in its own session, pids in DIR/cluster.pids) until ``stop`` with the same DIR.
Point the bot at the printed URL with ``REDIS_CLUSTER=1``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.store.cluster import start_cluster, stop_cluster  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the start or stop command."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["start", "stop"])
    parser.add_argument("dir", type=Path, help="where the nodes keep their files and pids")
    parser.add_argument("--masters", type=int, default=3)
    args = parser.parse_args(argv)
    if args.command == "start":
        print(start_cluster(args.dir, masters=args.masters).url, flush=True)
    else:
        stop_cluster(args.dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
