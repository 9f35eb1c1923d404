"""Signed LINE webhooks with 1,000 organisations' channels configured against 1 (run by hand).

Issue 11's figure: routing ``/webhooks/line/<channel>`` must not slow down as channels
are added (target: at least 0.9x the one-channel throughput). Each request is a real step
of the real app (a stranger's message: verified with the channel's secret, claimed,
answered by the core, replied to with the channel's token on the fake LINE server), on a
channel picked in turn among all configured. Both set-ups are warmed up (every channel's
adapter built), then measured in alternating rounds; the median and spread are printed.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
import uuid

import redis
from common import ROOT, row, server_url

sys.path.insert(0, str(ROOT))

from bot.app.config import Config  # noqa: E402
from bot.app.runtime import build_runtime  # noqa: E402
from bot.chat.messages import Platform  # noqa: E402
from bot.store.channel_record import ChannelRecord, new_channel  # noqa: E402
from bot.store.channels import channel_store  # noqa: E402
from bot.store.redis_store import RedisStore  # noqa: E402
from bot.web import create_app  # noqa: E402
from tests.fakes import FakeLineServer, sign_line  # noqa: E402

ROUNDS = 5


def _body(i: int) -> bytes:
    event = {
        "type": "message",
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "webhookEventId": uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": False},
        "source": {"type": "user", "userId": f"U{i:032x}"},
        "replyToken": uuid.uuid4().hex,
        "message": {"type": "text", "id": str(10**14 + i), "quoteToken": "q", "text": "สวัสดี"},
    }
    return json.dumps({"destination": "U" + "0" * 32, "events": [event]}).encode()


def _setup(url: str, fake: FakeLineServer, count: int) -> tuple[object, list[ChannelRecord]]:
    client = redis.Redis.from_url(url)
    client.flushdb()
    store = RedisStore(client)
    config = Config(
        demo=False,
        with_clock=False,
        line_api_base_url=fake.base_url,
        line_data_api_base_url=fake.data_base_url,
        public_url="https://bot.example.org",
    )
    app = create_app(build_runtime(config, store))
    channels = channel_store(config, store)
    records = []
    for i in range(count):
        record = new_channel(f"org{i:04d}", Platform.LINE, f"secret-{i:04d}", f"token-{i:04d}")
        channels.save(record)
        records.append(record)
    return app, records


def _run(app: object, records: list[ChannelRecord], requests: int, start: int) -> float:
    """Send requests spread over every channel; return requests per second."""
    client = app.test_client()  # type: ignore[attr-defined]
    prepared = []
    for j in range(requests):
        record = records[(start + j) % len(records)]
        payload = _body(start + j)
        headers = {"X-Line-Signature": sign_line(payload, record.secret)}
        prepared.append((record.webhook_path, payload, headers))
    began = time.perf_counter()
    for path, payload, headers in prepared:
        answer = client.post(path, data=payload, headers=headers)
        if answer.status_code != 200:
            raise SystemExit(f"{path}: {answer.status_code} {answer.get_data(as_text=True)}")
    return requests / (time.perf_counter() - began)


def main() -> None:
    """Measure, print figures beside the one-channel baseline (or JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=1500, help="per round")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rates: dict[int, list[float]] = {1: [], args.channels: []}
    rss: dict[int, float] = {}
    with server_url() as url, FakeLineServer(validate=False) as fake:
        base = url.rsplit("/", 1)[0] if url.count("/") > 2 else url
        setups = {n: _setup(f"{base}/{db}", fake, n) for db, n in ((2, args.channels), (3, 1))}
        for n, (app, records) in setups.items():
            _run(app, records, max(len(records), 200), 0)  # warm-up: every channel's adapter
            rss[n] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for r in range(ROUNDS):
            for n, (app, records) in setups.items():
                rates[n].append(_run(app, records, args.requests, (r + 1) * args.requests))
    one, many = statistics.median(rates[1]), statistics.median(rates[args.channels])
    ratio = many / one
    if args.json:
        print(json.dumps({"channels": args.channels, "rps_many": round(many, 1),
                          "rps_one": round(one, 1), "ratio": round(ratio, 3)}))  # fmt: skip
        return
    spread = {n: f"{min(v):.0f}-{max(v):.0f}" for n, v in rates.items()}
    print(f"{ROUNDS} alternating rounds of {args.requests} signed LINE webhooks (in-process WSGI)")
    row(f"{args.channels} channels: webhooks/s", f"{many:.0f} ({spread[args.channels]})",
        ">= 0.9x", f"1 channel {one:.0f} ({spread[1]})", ratio >= 0.9)  # fmt: skip
    row("ratio", f"{ratio:.2f}x", ">= 0.9x", "1.00x", ratio >= 0.9)
    print(f"peak RSS after warm-up: {rss[args.channels]:.0f} MB ({args.channels} adapters built)")


if __name__ == "__main__":
    main()
