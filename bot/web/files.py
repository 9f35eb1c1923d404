"""Serving generated files behind signed links: summary charts and official reports."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from flask import Blueprint, Response, abort

from bot.files import read_token
from bot.official import build_document, period_range
from bot.plan.preview_file import render_preview_xlsx
from bot.plan.previews import get_preview, stored_numbers
from bot.report import MEDIA_TYPES, filename, render
from bot.summary.chart import render_chart
from bot.summary.snapshots import SnapshotStore, summary_for
from bot.texts import t
from bot.thai import fiscal_year_of, today_bangkok
from bot.web import services

bp = Blueprint("files", __name__)


@bp.get("/files/<token>")
def serve(token: str) -> Response:
    """Render and send the file a signed link describes."""
    s = services()
    what = read_token(s.config, token)
    if what is None:
        abort(404)
    if what.get("kind") == "plan_preview":
        return _plan_preview(what)
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


def _plan_preview(what: dict[str, str]) -> Response:
    """The XLSX of a plan preview while it is kept (one hour); 404 once saved or expired."""
    store = services().store
    preview = get_preview(store, str(what.get("org", "")), str(what.get("token", "")))
    if preview is None:
        abort(404)
    lang = str(what.get("lang", "th"))
    numbers = stored_numbers(store, preview.org_id, preview)
    body = render_preview_xlsx(preview, numbers, fiscal_year_of(today_bangkok()), lang)
    response = Response(body, mimetype=MEDIA_TYPES["xlsx"])
    name = t("setup.preview.file_name", lang)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
