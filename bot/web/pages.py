"""Health, and the old plan pages, which now open the dashboard (it checks who is asking)."""

from __future__ import annotations

import redis
from flask import Blueprint, redirect, url_for
from flask.typing import ResponseReturnValue

from bot.web import services

bp = Blueprint("pages", __name__)


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """Answer 200 when Redis answers, 503 otherwise."""
    try:
        services().store.r.ping()
    except redis.RedisError as exc:
        return {"status": "error", "redis": type(exc).__name__}, 503
    return {"status": "ok", "redis": "ok"}, 200


@bp.get("/plans")
@bp.get("/plans/<org_id>")
def plans(org_id: str = "") -> ResponseReturnValue:
    """The plan moved to the dashboard, where sign-in decides which organisation is shown."""
    return redirect(url_for("dash_plan.plan"))
