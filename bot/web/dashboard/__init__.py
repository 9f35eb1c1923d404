"""The web dashboard: the plan, measures, people, reminders, summaries and settings.

Server-rendered (Flask + Jinja), Thai first, usable on a phone. Sign-in is a one-time
link sent in chat (bot/web/signin.py); every form carries a CSRF token (csrf.py); every
route checks the role (access.py).
"""

from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

from bot.web.signin import SESSION_TTL


class DashboardSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure whenever the site is served over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure when configured, when this request is https, or when the public URL is."""
        public_url = str(app.config.get("PUBLIC_URL", ""))
        return bool(
            super().get_cookie_secure(app) or request.is_secure
            or public_url.startswith("https://")
        )  # fmt: skip


def register(app: Flask, public_url: str) -> None:
    """Add the dashboard's pages and its session cookie settings to the app."""
    from bot.web.dashboard import (
        archive,
        channels,
        home,
        memos,
        people,
        plan,
        plan_import,
        province,
        reports,
        settings,
    )

    app.config.update(
        PUBLIC_URL=public_url,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=SESSION_TTL,
    )
    app.session_interface = DashboardSessionInterface()
    pages = (home, plan, plan_import, archive, people, reports, settings, memos, province, channels)
    for module in pages:
        app.register_blueprint(module.bp)
