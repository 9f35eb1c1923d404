"""The web app: webhooks, the chat simulator, pages and health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Flask, current_app, redirect, url_for

from bot.app.config import Config
from bot.app.runtime import Runtime, build_runtime
from bot.chat.core import ChatCore
from bot.domain.clock import today_in_bangkok
from bot.platforms.simulator.platform import SimulatorPlatform
from bot.store.redis_store import RedisStore
from bot.texts import t


@dataclass
class Services:
    """What the request handlers need, built once by the app factory."""

    config: Config
    store: RedisStore
    core: ChatCore
    simulator: SimulatorPlatform
    runtime: Runtime

    def today(self) -> date:
        """Today in Bangkok, by the runtime's clock."""
        return today_in_bangkok(self.runtime.clock)


def services() -> Services:
    """Return the current app's services."""
    return current_app.extensions["ita"]


def create_app(
    config: Config, store: RedisStore | None = None, runtime: Runtime | None = None
) -> Flask:
    """Build the Flask app around a store (connecting to the configured server if none)."""
    from bot.web import dashboard, files, fonts, pages, simulator_page, webhooks

    if store is None:
        from bot.store.server import connect

        store = RedisStore(
            connect(config.redis_url, config.data_dir, cluster=config.redis_cluster).client
        )
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=config.secret_key,
        MAX_CONTENT_LENGTH=1024 * 1024,
        JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    runtime = runtime or build_runtime(config, store)
    app.extensions["ita"] = Services(
        config=config, store=store, core=runtime.core, simulator=runtime.simulator, runtime=runtime
    )
    webhooks.register(app, lambda: runtime.core, runtime.adapters)
    app.jinja_env.globals["t"] = t
    app.jinja_env.globals["status_text"] = status_text
    app.register_blueprint(pages.bp)
    if not config.is_production:
        # The simulator lets anyone talk as any persona: local and test use only.
        app.register_blueprint(simulator_page.bp)
    else:
        app.add_url_rule("/", "index", lambda: redirect(url_for("dash_plan.plan")))
    app.register_blueprint(files.bp)
    app.register_blueprint(fonts.bp)
    dashboard.register(app, config.public_url)
    return app


def status_text(status: str | None, lang: str = "th") -> str:
    """Return the words for a status value (or for no report yet)."""
    return t(f"status.{status}", lang) if status else t("status.none", lang)
