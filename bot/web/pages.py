"""Health, and the plan pages: public only in the local demo, else the signed-in dashboard."""

from __future__ import annotations

import secrets
import socket
from datetime import date

import redis
from flask import Blueprint, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from bot.domain.thai import format_date_th
from bot.plan.service import plan_rows
from bot.web.app_services import services

bp = Blueprint("pages", __name__)


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """Answer 200 when Redis answers, 503 otherwise."""
    try:
        services().store.health.ping()
    except redis.RedisError as exc:
        return {"status": "error", "redis": type(exc).__name__}, 503
    return {"status": "ok", "redis": "ok"}, 200


STALE_CLOCK_SECONDS = 180  # the clock ticks every minute


@bp.get("/readyz")
def readyz() -> tuple[dict[str, object], int]:
    """Ready to serve: a keyed write and read in Redis; the clock's and outbox's state.

    503 only when Redis fails: a web process still answers webhooks while the clock is
    down, so a stale clock is reported ("clock": "stale") but does not take it out.
    """
    runtime = services().runtime
    health = runtime.store.health
    value = secrets.token_hex(4)
    try:
        if not health.write_and_read(socket.gethostname(), value):
            return {"status": "error", "redis": "read back a different value"}, 503
        heartbeat = health.heartbeat()
        backlog = runtime.outbox.backlog()
        due = runtime.store.schedule.count_due(runtime.clock())
    except redis.RedisError as exc:
        return {"status": "error", "redis": type(exc).__name__}, 503
    age = None
    if heartbeat:
        age = round((runtime.clock() - heartbeat).total_seconds())
    clock = "missing" if age is None else "stale" if age > STALE_CLOCK_SECONDS else "ok"
    return {
        "status": "ok",
        "redis": "ok",
        "clock": clock,
        "clock_heartbeat_age_s": age,
        "outbox_backlog": backlog,
        "reminders_due_unclaimed": due,
    }, 200


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
