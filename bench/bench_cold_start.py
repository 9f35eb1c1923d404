"""What a fresh web worker pays before and on its first webhooks (run by hand).

In a new process, times: importing the app module, ``create_app()``, then the first
three signed LINE report webhooks (a report in progress each), against a throwaway
embedded Valkey and the fake LINE server. The first webhook of a worker is the one
LINE waits for after a deploy or a crash; this shows what it costs on this machine.
Usage: ``.venv/bin/python bench/bench_cold_start.py`` (prints the load average too).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import bot.app.wsgi as wsgi
t1 = time.perf_counter()
app = wsgi.create_app()
t2 = time.perf_counter()
client = app.test_client()
from tests.fakes import LINE_CHANNEL_SECRET
from tests.fakes import webhooks as wh
took = []
for user, text in json.loads(sys.argv[1]):
    raw = wh.text_message_event(text, source=wh.line_source(user))
    body, headers = wh.line_webhook_request(raw, secret=LINE_CHANNEL_SECRET)
    began = time.perf_counter()
    answer = client.post("/webhooks/line", data=body, headers=headers)
    took.append((time.perf_counter() - began, answer.status_code,
                 answer.headers.get("Server-Timing", "")))
print(json.dumps({"import": t1 - t0, "create_app": t2 - t1, "webhooks": took}))
"""


def main() -> None:
    """Prepare Redis and the fake LINE, then time one fresh worker's start."""
    sys.path.insert(0, str(ROOT))
    import redis

    from bot.store.server import start_embedded
    from tests.chaos.load import load_org
    from tests.fakes import LINE_ACCESS_TOKEN, LINE_CHANNEL_SECRET, FakeLineServer

    data = Path(tempfile.mkdtemp(prefix="cold-start-"))
    server, url = start_embedded(data, persist=False)
    try:
        _, users = load_org(redis.Redis.from_url(url), 3, seed=5)
        sends = [(u.line_user_id, f"รายงาน {u.numbers[0]} กำลังทำ 10%") for u in users]
        with FakeLineServer(validate=False) as line:
            env = {
                **os.environ, "REDIS_URL": url, "BOT_DATA_DIR": str(data / "bot"),
                "LINE_CHANNEL_SECRET": LINE_CHANNEL_SECRET,
                "LINE_CHANNEL_ACCESS_TOKEN": LINE_ACCESS_TOKEN,
                "LINE_API_BASE_URL": line.base_url, "LINE_DATA_API_BASE_URL": line.data_base_url,
            }  # fmt: skip
            for run in range(2):
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, json.dumps(sends)], env=env, cwd=ROOT,
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                result = json.loads(out.stdout.strip().splitlines()[-1])
                print(
                    f"run {run}: import {result['import']:.2f} s, create_app "
                    f"{result['create_app']:.2f} s, webhooks "
                    + ", ".join(
                        f"{s:.2f} s ({code}) [{timing}]" for s, code, timing in result["webhooks"]
                    )  # fmt: skip
                )
    finally:
        server.stop()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
