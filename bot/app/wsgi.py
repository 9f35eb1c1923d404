"""Production entry point, gunicorn's app factory: ``gunicorn 'bot.app.wsgi:create_app()'``.

Importing this module builds and connects nothing: gunicorn calls ``create_app()`` in each
worker after it forks, and that builds the one runtime from the config and hands it in.
"""

from __future__ import annotations

import logging

import redis
from flask import Flask

from bot.app.config import load_config
from bot.app.runtime import build_runtime
from bot.store.redis_store import RedisStore
from bot.store.server import connect, durability_warnings
from bot.web import create_app as create_web_app

log = logging.getLogger("bot")
ENTRY_POINT = "bot.app.wsgi:create_app()"  # what the Procfile, the Dockerfile and the docs run


def create_app() -> Flask:
    """Build the app from the environment, warning loudly about an unsafe Redis."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # httpx logs each request URL at INFO, and a Telegram URL carries the bot token
    logging.getLogger("httpx").setLevel(logging.WARNING)
    config = load_config()
    if config.is_production and not config.redis_url:
        raise SystemExit("BOT_ENV=production needs REDIS_URL; refusing to start.")
    # Nothing waits for Redis here: a worker forked while Redis is down must still boot, and
    # answer webhooks with 503 (LINE and Telegram deliver again) until it is back.
    conn = connect(
        config.redis_url,
        config.data_dir,
        check=config.redis_url is None,
        cluster=config.redis_cluster,
    )
    try:
        for warning in durability_warnings(conn.client):
            log.warning("!!! %s", warning)
    except redis.RedisError as exc:
        log.warning("Redis not reachable at start-up (%s); serving 503 until it is", exc)
    return create_web_app(build_runtime(config, RedisStore(conn.client)))
