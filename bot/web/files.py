"""Serving generated files behind signed links: summary charts and official reports."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort

from bot.files import read_token
from bot.invite_links import invite_links, qr_png
from bot.official import build_document, period_range
from bot.report import MEDIA_TYPES, filename, render
from bot.store import keys as k
from bot.summary.chart import render_chart
from bot.summary.snapshots import SnapshotStore, summary_for
from bot.thai import fiscal_year_of
from bot.web import services

bp = Blueprint("files", __name__)


@bp.get("/files/<token>")
def serve(token: str) -> Response:
    """Render and send the file a signed link describes."""
    s = services()
    what = read_token(s.config, token)
    if what is None:
        abort(404)
    if what.get("kind") == "invite_qr":
        return _invite_qr(str(what.get("code", "")))
    org_id, year, month = what["org"], int(what["year"]), int(what["month"])
    if s.store.get_org(org_id) is None:
        abort(404)
    if what["kind"] == "chart":
        summary = summary_for(
            s.store, SnapshotStore(s.store.r), org_id, year, month, datetime.now(UTC)
        )
        return Response(render_chart(summary, by=what.get("by", "division")), mimetype="image/png")
    fmt, period = what.get("format", "pdf"), what.get("period", "month")
    if fmt not in MEDIA_TYPES:
        abort(404)
    fiscal_year = fiscal_year_of(period_range("month", 0, year, month)[1])
    start, end = period_range(period, fiscal_year, year, month)
    doc = build_document(s.store, s.core.evidence, org_id, period, start, end, fiscal_year)
    response = Response(render(doc, fmt), mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(doc, fmt)}"'
    return response


def _invite_qr(code: str) -> Response:
    """The QR code of an invite that still exists: it opens the bot's chat with the code."""
    s = services()
    target = invite_links(s.config, code).scan_target
    if target is None or not s.store.r.exists(k.INVITE.format(code=code)):
        abort(404)
    response = Response(qr_png(target), mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=600"
    return response
