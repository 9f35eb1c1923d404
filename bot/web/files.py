"""Serving generated files behind signed links: summary charts and official reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import quote

from flask import Blueprint, Response, abort

from bot.domain.file_links import read_token
from bot.domain.thai import fiscal_year_of
from bot.plan.preview_file import render_preview_xlsx
from bot.plan.previews import get_preview, stored_numbers
from bot.platforms.invite_links import invite_scan_target, qr_png
from bot.report import MEDIA_TYPES, filename, render
from bot.report.official import Period, build_document, period_range
from bot.store.channels import invite_accounts
from bot.store.invites import invite_org
from bot.summary.chart import Grouping, render_chart
from bot.summary.snapshots import summary_for
from bot.texts import t
from bot.web.app_services import services

bp = Blueprint("files", __name__)
KINDS = ("chart", "report")
PERIODS = ("month", "six_month", "year_end")
GROUPINGS = ("division", "indicator")


@dataclass(frozen=True)
class FileRequest:
    """What a signed link asks for, checked: any token that does not fit is a 404."""

    kind: str
    org: str
    year: int
    month: int
    format: str = "pdf"
    period: str = "month"
    by: str = "division"


def read_request(what: dict[str, Any] | None) -> FileRequest | None:
    """Return the checked request a token describes, or None if anything is off."""
    if not isinstance(what, dict):
        return None
    try:
        found = FileRequest(
            kind=str(what["kind"]),
            org=str(what["org"]),
            year=int(what["year"]),
            month=int(what["month"]),
            format=str(what.get("format", "pdf")),
            period=str(what.get("period", "month")),
            by=str(what.get("by", "division")),
        )
    except (KeyError, TypeError, ValueError):
        return None
    fits = (
        found.kind in KINDS
        and 1900 <= found.year <= 2600
        and 1 <= found.month <= 12
        and found.format in MEDIA_TYPES
        and found.period in PERIODS
        and found.by in GROUPINGS
    )
    return found if fits else None


@bp.get("/files/<token>")
def serve(token: str) -> Response:
    """Render and send the file a signed link describes."""
    s = services()
    raw = read_token(s.config, token)
    if isinstance(raw, dict) and raw.get("kind") == "memo":
        from bot.web.dashboard.memos import memo_file_response

        org, memo = raw.get("org"), raw.get("memo")
        if not isinstance(org, str) or not isinstance(memo, str):
            abort(404)
        return memo_file_response(org, memo, str(raw.get("format", "pdf")))
    if isinstance(raw, dict) and raw.get("kind") == "plan_preview":
        return _plan_preview(raw)
    if isinstance(raw, dict) and raw.get("kind") == "invite_qr":
        return _invite_qr(str(raw.get("code", "")))
    what = read_request(raw)
    if what is None or s.store.get_org(what.org) is None:
        abort(404)
    org_id, year, month = what.org, what.year, what.month
    now = s.runtime.clock()
    if what.kind == "chart":
        try:
            summary = summary_for(s.store, s.store.snapshots, org_id, year, month, now)
        except ValueError:  # a month that has not started
            abort(404)
        return Response(render_chart(summary, by=cast(Grouping, what.by)), mimetype="image/png")
    fmt, period = what.format, cast(Period, what.period)
    fiscal_year = fiscal_year_of(period_range("month", 0, year, month)[1])
    start, end = period_range(period, fiscal_year, year, month)
    doc = build_document(s.store, s.core.evidence, org_id, period, start, end, fiscal_year, now=now)
    response = Response(render(doc, fmt), mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(doc, fmt)}"'
    return response


def _plan_preview(what: dict[str, Any]) -> Response:
    """The XLSX of a plan preview while it is kept (one hour); 404 once saved or expired."""
    s = services()
    preview = get_preview(s.store, str(what.get("org", "")), str(what.get("token", "")))
    if preview is None:
        abort(404)
    lang = str(what.get("lang", "th"))
    numbers = stored_numbers(s.store, preview.org_id, preview)
    body = render_preview_xlsx(preview, numbers, fiscal_year_of(s.today()), lang)
    response = Response(body, mimetype=MEDIA_TYPES["xlsx"])
    name = t("setup.preview.file_name", lang)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _invite_qr(code: str) -> Response:
    """The QR code of an invite that still exists: it opens the bot's chat with the code."""
    s = services()
    org_id = invite_org(s.store, code)
    if org_id is None:
        abort(404)
    target = invite_scan_target(s.config, code, invite_accounts(s.store, org_id))
    if target is None:
        abort(404)
    response = Response(qr_png(target), mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=600"
    return response
