"""Signed LINE webhooks end to end under gunicorn, beside a minimal echo bot (run by hand).

Each request: verify the signature, dedupe, one conversation step (the result text
of a report in progress), reply to the fake LINE server. Prints throughput and
p50/p99 at a fixed 50 requests/s, and the Redis round trips per message.

Throughput is driven by wrk (a real load generator in C, `make bench` installs it), not by
Python threads competing with the servers for the same two cores: both servers are warmed
up, then measured in alternating rounds, and the median and spread of each are printed,
so a noisy round decides nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import redis
import urllib3
from common import ROOT, CountingConnection, counting_client, row, server_url

sys.path.insert(0, str(ROOT))
SECRET, TOKEN = "bench-secret", "bench-token"
PORT_BOT, PORT_ECHO = 18_081, 18_082
USERS = 64


def _serve_fake(conn: object, stop: object) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.fakes import FakeLineServer

    with FakeLineServer(validate=False) as fake:
        conn.send(fake.base_url)  # type: ignore[attr-defined]
        stop.wait()  # type: ignore[attr-defined]


def user(i: int) -> str:
    return f"U{i:032x}"


def body(i: int, text: str) -> bytes:
    event = {
        "type": "message",
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "webhookEventId": uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": False},
        "source": {"type": "user", "userId": user(i)},
        "replyToken": uuid.uuid4().hex,
        "message": {"id": str(i), "type": "text", "text": text, "quoteToken": "q"},
    }
    return json.dumps({"destination": "U" + "f" * 32, "events": [event]}).encode()


def signed(payload: bytes) -> dict[str, str]:
    digest = hmac.new(SECRET.encode(), payload, hashlib.sha256).digest()
    return {
        "x-line-signature": base64.b64encode(digest).decode(),
        "Content-Type": "application/json",
    }


def prepare(url: str) -> None:
    """Demo org; USERS staff on LINE, each in the middle of a report (waiting for text)."""
    from bot.app.config import Config
    from bot.app.runtime import build_runtime
    from bot.chat.messages import Identity, Incoming, Kind, Platform
    from bot.demo import ensure_demo
    from bot.domain.model import Role
    from bot.store.invites import create_invite
    from bot.store.redis_store import RedisStore

    client = redis.Redis.from_url(url)
    client.flushdb()
    store = RedisStore(client)
    ensure_demo(store)
    core = build_runtime(Config(data_dir=Path(tempfile.mkdtemp())), store).core
    number = store.measures_of_division("demo", "กองคลัง")[0].number
    for i in range(USERS):
        who = Identity(Platform.LINE, user(i))
        code = create_invite(store, "demo", Role.STAFF, "กองคลัง").code
        core.handle(Incoming(who, Kind.TEXT, text=code))
        core.handle(Incoming(who, Kind.TEXT, text=f"รายงาน {number}"))
        core.handle(Incoming(who, Kind.CHOICE, data="rs:in_progress"))


def reset_step(url: str) -> None:
    """Put every user back at the text step, so each request is the same conversation step."""
    client = redis.Redis.from_url(url)
    for i in range(USERS):
        key = f"ita:conv:line:{user(i)}"
        raw = client.get(key)
        if raw:
            state = json.loads(raw)
            state["name"] = "report.text"
            client.set(key, json.dumps(state, ensure_ascii=False), ex=1800)


def start_gunicorn(app: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--workers",
            "2",
            "--threads",
            "8",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app,
        ],
        cwd=ROOT,
        env=env,
    )
    http = urllib3.PoolManager()
    for _ in range(100):
        try:
            http.request("GET", f"http://127.0.0.1:{port}/healthz", retries=False, timeout=0.5)
            return proc
        except urllib3.exceptions.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"gunicorn for {app} did not start")


def throughput(port: int, seconds: float = 6.0, workers: int = 16) -> float:
    """Closed loop: as many signed webhooks as workers can push in `seconds`."""
    http = urllib3.PoolManager(maxsize=workers)
    stop = time.monotonic() + seconds
    counts = [0] * workers

    def loop(w: int) -> None:
        i = w
        while time.monotonic() < stop:
            payload = body(i % USERS, "ประชุมชี้แจงแล้ว 50%")
            r = http.request(
                "POST",
                f"http://127.0.0.1:{port}/webhooks/line",
                body=payload,
                headers=signed(payload),
            )
            assert r.status == 200, r.status
            counts[w] += 1
            i += workers

    threads = [threading.Thread(target=loop, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / seconds


ROUNDS = 5
_WRK_SCRIPT = """
local requests = {}
local i = 0
local threads = 0
setup = function(thread)
  thread:set("id", threads)
  threads = threads + 1
end
init = function(args)
  local n = 0
  for line in io.lines(args[1]) do
    if n % tonumber(args[2]) == id then
      local sig, body = line:match("^(%S+)\t(.*)$")
      requests[#requests + 1] = wrk.format("POST", "/webhooks/line",
        {["Content-Type"] = "application/json", ["x-line-signature"] = sig}, body)
    end
    n = n + 1
  end
end
request = function()
  i = i % #requests + 1
  return requests[i]
end
"""


def wrk_requests(count: int) -> Path:
    """Write count signed webhooks, each with its own event id, for wrk to replay."""
    folder = Path(tempfile.mkdtemp())
    (folder / "line.lua").write_text(_WRK_SCRIPT)
    with (folder / "requests.tsv").open("w") as out:
        for i in range(count):
            payload = body(i % USERS, "ประชุมชี้แจงแล้ว 50%")
            out.write(signed(payload)["x-line-signature"] + "\t" + payload.decode() + "\n")
    return folder


def wrk_throughput(port: int, folder: Path, seconds: int, threads: int = 2) -> float:
    """Requests per second that wrk drove through the endpoint and got answered 2xx."""
    answer = subprocess.run(
        ["wrk", f"-t{threads}", "-c8", f"-d{seconds}s", "-s", str(folder / "line.lua"),
         f"http://127.0.0.1:{port}/webhooks/line", "--", str(folder / "requests.tsv"),
         str(threads)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = answer.stdout.splitlines()
    total = next(x for x in lines if "requests in" in x)
    count, took = int(total.split()[0]), float(total.split("in ")[1].split("s")[0])
    failed = next((int(x.split()[-1]) for x in lines if "Non-2xx" in x), 0)
    if failed:
        print(f"  {failed} of {count} requests to :{port} were not answered 2xx", file=sys.stderr)
    return (count - failed) / took


def latencies(port: int, rate: float = 50, seconds: float = 8.0) -> list[float]:
    """Open loop at a fixed rate; return each request's latency in ms."""
    http = urllib3.PoolManager(maxsize=32)
    results: list[float] = []
    interval = 1 / rate

    def one(i: int) -> None:
        payload = body(i % USERS, "ประชุมชี้แจงแล้ว 50%")
        start = time.perf_counter()
        r = http.request(
            "POST", f"http://127.0.0.1:{port}/webhooks/line", body=payload, headers=signed(payload)
        )
        assert r.status == 200
        results.append((time.perf_counter() - start) * 1000)

    with ThreadPoolExecutor(32) as pool:
        begin = time.perf_counter()
        for i in range(int(rate * seconds)):
            delay = begin + i * interval - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, i)
    return results


def round_trips(url: str, fake_url: str) -> dict[str, int]:
    """Count Redis round trips per webhook in-process (same code path as the workers)."""
    from bot.app.config import Config
    from bot.app.runtime import build_runtime
    from bot.store.redis_store import RedisStore
    from bot.web import create_app

    config = Config(
        line_channel_secret=SECRET,
        line_channel_access_token=TOKEN,
        line_api_base_url=fake_url,
        line_data_api_base_url=fake_url,
        data_dir=Path(tempfile.mkdtemp()),
        demo=False,
        with_clock=False,
    )
    app = create_app(build_runtime(config, RedisStore(counting_client(url))))
    client = app.test_client()
    found = {}
    for label, text in (("report text step", "ประชุมชี้แจงแล้ว 50%"), ("งานของฉัน", "งานของฉัน")):
        reset_step(url)
        payload = body(3, text)
        client.post("/webhooks/line", data=payload, headers=signed(payload))  # warm up
        reset_step(url)
        payload = body(3, text)
        CountingConnection.sent = 0
        client.post("/webhooks/line", data=payload, headers=signed(payload))
        found[label] = CountingConnection.sent
    return found


def main() -> None:
    parent, child = mp.Pipe()
    stop = mp.Event()
    fake = mp.Process(target=_serve_fake, args=(child, stop), daemon=True)
    fake.start()
    fake_url = parent.recv()
    with server_url() as url:
        prepare(url)
        env = {
            **os.environ,
            "REDIS_URL": url,
            "LINE_CHANNEL_SECRET": SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
            "LINE_API_BASE_URL": fake_url,
            "BOT_DEMO": "0",
            "BOT_WITH_CLOCK": "0",
            "BOT_DATA_DIR": tempfile.mkdtemp(),
            "PYTHONPATH": str(ROOT),
        }
        servers = {
            "echo": ("bench.echo_app:app", PORT_ECHO),
            "bot": ("bot.app.wsgi:create_app()", PORT_BOT),
        }
        procs = {name: start_gunicorn(app, port, env) for name, (app, port) in servers.items()}
        rounds: dict[str, list[float]] = {name: [] for name in servers}
        results = {}
        try:
            use_wrk = shutil.which("wrk") is not None

            def measure(port: int, seconds: int) -> float:
                reset_step(url)
                if not use_wrk:
                    return throughput(port, seconds)
                # Fresh events every run: a replayed event is a duplicate (and its reply
                # token used), which would measure the dedupe path, not a step.
                return wrk_throughput(port, wrk_requests(1_500 * seconds), seconds)

            for _name, (_, port) in servers.items():  # warm-up, not counted
                measure(port, 2)
            for _ in range(ROUNDS):  # alternating, so a slow moment hits both alike
                for name, (_, port) in servers.items():
                    rounds[name].append(measure(port, 5))
            for name, (_, port) in servers.items():
                reset_step(url)
                lat = sorted(latencies(port))
                rps = statistics.median(rounds[name])
                results[name] = (rps, lat[len(lat) // 2], lat[int(len(lat) * 0.99) - 1])
        finally:
            for proc in procs.values():
                proc.terminate()
                proc.wait(10)
        trips = round_trips(url, fake_url)
    stop.set()
    (bot_rps, bot_p50, bot_p99), (echo_rps, echo_p50, echo_p99) = results["bot"], results["echo"]
    share = bot_rps / echo_rps
    spread = {n: f"{min(r):.0f}-{max(r):.0f}" for n, r in rounds.items()}
    row(
        "throughput (signed webhook, 1 step)",
        f"{bot_rps:.0f} /s",
        ">= 60% echo",
        f"echo {echo_rps:.0f} /s ({share:.0%})",
        share >= 0.6,
    )
    print(
        f"  median of {ROUNDS} alternating rounds after a warm-up, "
        f"{'wrk' if shutil.which('wrk') else 'Python threads (install wrk)'}; "
        f"spread: bot {spread['bot']} /s, echo {spread['echo']} /s"
    )
    row("p50 at 50 req/s", f"{bot_p50:.1f} ms", "-", f"echo {echo_p50:.1f} ms", True)
    row(
        "p99 at 50 req/s", f"{bot_p99:.1f} ms", "< 100 ms", f"echo {echo_p99:.1f} ms", bot_p99 < 100
    )
    for label, count in trips.items():
        row(f"Redis round trips: {label}", f"{count}", "<= 4", "-", count <= 4)


if __name__ == "__main__":
    main()
