"""Signed, expiring links to generated files (charts, reports) for chat messages."""

from __future__ import annotations

from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

from bot.app.config import Config

MAX_AGE = 30 * 24 * 3600


def _serializer(config: Config) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(config.secret_key, salt="ita-files")


def file_url(config: Config, **what: Any) -> str:
    """Return a public link that serves the described file for 30 days."""
    token = _serializer(config).dumps(what)
    return f"{config.public_url.rstrip('/')}/files/{token}"


def read_token(config: Config, token: str) -> dict[str, Any] | None:
    """Return what a link describes, or None when it is forged or expired."""
    try:
        return _serializer(config).loads(token, max_age=MAX_AGE)
    except BadSignature:
        return None
