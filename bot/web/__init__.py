"""The web app: webhooks, the chat simulator, pages and health."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, redirect, url_for

from bot.texts import t
from bot.web import dashboard, files, fonts, pages, simulator_page, webhooks
from bot.web.app_services import Services

if TYPE_CHECKING:  # handed in, never built here: importing bot.web builds nothing
    from bot.app.runtime import Runtime


def create_app(runtime: Runtime) -> Flask:
    """Build the Flask app around the runtime (its store, core and platforms)."""
    config = runtime.config
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=config.secret_key,
        MAX_CONTENT_LENGTH=1024 * 1024,
        JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["ita"] = Services(runtime)
    webhooks.register(app, lambda: runtime.core, runtime.adapters, runtime.channels)
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
