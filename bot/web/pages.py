"""Health, and the plan pages: public only in the local demo, else the signed-in dashboard."""

from __future__ import annotations

from datetime import date

import redis
from flask import Blueprint, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

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


def _is_local_demo() -> bool:
    config = services().config
    return config.demo and not config.is_production


@bp.get("/plans")
def plans() -> ResponseReturnValue:
    """List organisations (local demo), or open the dashboard, where sign-in decides."""
    if not _is_local_demo():
        return redirect(url_for("dash_plan.plan"))
    return render_template("plans.html", orgs=services().store.list_orgs())


@bp.get("/plans/<org_id>")
def plan(org_id: str) -> ResponseReturnValue:
    """One organisation's measures with their status: a read-only page of the local demo."""
    if not _is_local_demo():
        return redirect(url_for("dash_plan.plan"))
    store = services().store
    org = store.get_org(org_id)
    if org is None:
        abort(404)
    rows = plan_rows(store, org_id)
    for row in rows:
        for key in ("start", "end"):
            row[f"{key}_th"] = format_date_th(date.fromisoformat(row[key])) if row[key] else "-"
    return render_template("plan.html", org=org, rows=rows)
