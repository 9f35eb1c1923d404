"""``make run``: the store (embedded Valkey by default), a demo organisation, the web app."""

from __future__ import annotations

import logging
import sys

from bot.app.config import Config
from bot.app.runtime import build_runtime
from bot.demo import ensure_demo
from bot.store.channels import channel_store
from bot.store.redis_store import RedisStore
from bot.store.server import connect, durability_warnings
from bot.web import create_app
from scheduler.clock import Clock

log = logging.getLogger("bot")


def serve(config: Config, port: int | None = None) -> int:
    """Run the app in this process until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # httpx logs each request URL at INFO, and a Telegram URL carries the bot token
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # one line a minute is noise
    if config.is_production and not config.redis_url:
        print("BOT_ENV=production needs REDIS_URL; refusing to start.", file=sys.stderr)
        return 1
    conn = connect(config.redis_url, config.data_dir, cluster=config.redis_cluster)
    for warning in durability_warnings(conn.client):
        log.warning("!!! %s", warning)
    store = RedisStore(conn.client)
    if config.demo:
        # and the province's second organisation; each on its own simulated OA
        created = ensure_demo(store, province=True, channels=channel_store(config, store))
        if created:
            log.info("demo organisation %r loaded", created)
    runtime = build_runtime(config, store)
    app = create_app(runtime)
    clock = None
    if config.with_clock:
        # The embedded default runs the clock and an outbox worker in this process.
        runtime.outbox.start_worker()
        clock = Clock(runtime)
        clock.start()
    url = f"http://{config.host}:{port or config.port}"
    print(f"\n  ITA bot running: {url}/  (plans: {url}/plans, health: {url}/healthz)\n", flush=True)
    try:
        app.run(host=config.host, port=port or config.port, threaded=True, use_reloader=False)
    finally:
        if clock is not None:
            clock.stop()
        runtime.outbox.stop()
        conn.close()
    return 0
