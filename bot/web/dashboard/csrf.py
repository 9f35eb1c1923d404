"""CSRF protection for the dashboard's forms: a per-session synchronizer token.

Every form carries ``csrf_token``, a random value kept in the session; a POST whose field
does not match it (compared in constant time) is refused with 400 before any view runs.
This is OWASP's synchronizer-token pattern and what Flask-WTF's CSRFProtect does; we do
not take that library because it brings WTForms for forms written by hand here, and the
session cookie holding the token is already signed by Flask (itsdangerous), so a token
cannot be planted by another site. SameSite=Lax on the cookie is a second layer.
"""

from __future__ import annotations

import hmac
import secrets

from flask import render_template, request, session
from flask.typing import ResponseReturnValue

FIELD = "csrf_token"
SESSION_KEY = "csrf"


def new_session_token() -> str:
    """Give the session a fresh token (at sign-in) and return it."""
    token = secrets.token_urlsafe(32)
    session[SESSION_KEY] = token
    return token


def csrf_token() -> str:
    """Return the session's token for a form, creating it on first use."""
    token = session.get(SESSION_KEY)
    return token if isinstance(token, str) and token else new_session_token()


def is_valid(submitted: str | None) -> bool:
    """Whether a submitted token matches the session's."""
    expected = session.get(SESSION_KEY)
    if not isinstance(expected, str) or not expected or not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())


def protect(lang: str = "th") -> ResponseReturnValue | None:
    """Refuse a POST without the session's token (call it first in before_request)."""
    if request.method != "POST" or is_valid(request.form.get(FIELD)):
        return None
    return render_template(
        "dashboard/error.html", lang=lang, status=400, message_key="dashboard.error.csrf"
    ), 400
