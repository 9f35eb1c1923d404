"""The fake LINE API as its own process, for benchmarks and drills that must not share its GIL.

    python -m tests.fakes.standalone --out pushes.json [--no-validate]

Prints its base URL on the first line of stdout, serves until SIGTERM, then writes every
accepted push as ``{"pushes": [{"to", "retry_key", "at"}], "errors": [...]}`` to --out.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path

from tests.fakes.http_base import Request, Response
from tests.fakes.line_server import FakeLineServer


class StampedLineServer(FakeLineServer):
    """The fake LINE API, stamping each request with the time it arrived."""

    def handle(self, request: Request) -> Response:
        """Stamp, then validate and answer as the fake does."""
        request.headers["X-Fake-Received"] = str(time.time())
        return super().handle(request)


def summary(fake: FakeLineServer) -> dict[str, object]:
    """Return the accepted pushes (recipient, retry key, arrival time) and the errors."""
    with fake.lock:
        pushes = [
            {
                "to": call.to,
                "retry_key": call.retry_key,
                "at": float(call.headers.get("X-Fake-Received", "0")),
            }
            for call in fake.pushes()
        ]
        return {"pushes": pushes, "errors": list(fake.errors)}


def main() -> int:
    """Serve the fake LINE API until SIGTERM; then write what it accepted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--no-validate", action="store_true")
    args = parser.parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with StampedLineServer(validate=not args.no_validate, quota=None) as fake:
        server = fake._server
        if server is not None:  # a worker killed mid-request resets its connection: expected
            server.handle_error = lambda *_: None  # type: ignore[method-assign]
        print(fake.base_url, flush=True)
        stop.wait()
        args.out.write_text(json.dumps(summary(fake)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
