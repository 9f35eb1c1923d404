"""Read-only pages: health and each organisation's measures with their status."""

from __future__ import annotations

from datetime import date

import redis
from flask import Blueprint, abort, render_template

from bot.plan.service import plan_rows
from bot.thai import format_date_th
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
def plans() -> str:
    """List the organisations."""
    return render_template("plans.html", orgs=services().store.list_orgs())


@bp.get("/plans/<org_id>")
def plan(org_id: str) -> str:
    """Show one organisation's measures with their latest status."""
    store = services().store
    org = store.get_org(org_id)
    if org is None:
        abort(404)
    rows = plan_rows(store, org_id)
    for row in rows:
        row["end_th"] = format_date_th(date.fromisoformat(row["end"])) if row["end"] else "-"
        row["start_th"] = format_date_th(date.fromisoformat(row["start"])) if row["start"] else "-"
    return render_template("plan.html", org=org, rows=rows)
