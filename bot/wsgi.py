"""Production entry point for gunicorn: ``gunicorn bot.wsgi:app``."""

from __future__ import annotations

import logging

from bot.config import load_config
from bot.store.redis_store import RedisStore
from bot.store.server import connect, durability_warnings
from bot.web import create_app

log = logging.getLogger("bot")


def build() -> object:
    """Build the app from the environment, warning loudly about an unsafe Redis."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    config = load_config()
    if config.is_production and not config.redis_url:
        raise SystemExit("BOT_ENV=production needs REDIS_URL; refusing to start.")
    conn = connect(config.redis_url, config.data_dir)
    for warning in durability_warnings(conn.client):
        log.warning("!!! %s", warning)
    return create_app(config, store=RedisStore(conn.client))


app = build()
