"""The province page: each organisation's frozen month-end figures, sortable, for its viewer."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from bot.domain.thai import format_month_en, format_month_th, parse_month_year
from bot.province.figures import SORT_KEYS, sort_figures
from bot.province.read import last_ended_month, month_figures
from bot.summary.compile import month_cutoff
from bot.summary.org_data import month_before
from bot.web.app_services import services
from bot.web.dashboard.access import VIEWING, error_page, make_blueprint, viewer

bp = make_blueprint("dash_province", __name__)

# Columns a click sorts, and the order a first click gives (most first, names A to Z).
FIRST_ORDER = {key: "asc" if key in ("name", "district") else "desc" for key in SORT_KEYS}


def _month() -> tuple[int, int] | None:
    """The ended month asked for ("2026-10", "ต.ค. 69"), else the last ended one."""
    now = services().runtime.clock()
    text = request.args.get("month", "").strip()[:20]
    if not text:
        return last_ended_month(now)
    try:
        year, month = parse_month_year(text)
    except ValueError:
        return None
    return (year, month) if now >= month_cutoff(year, month) else None


@bp.get("/province")
def province() -> ResponseReturnValue:
    """Every organisation of the viewer's province, with a month's frozen figures."""
    v = viewer()
    if v.province is None:
        return error_page(403, "dashboard.error.forbidden")
    month = _month()
    if month is None:
        return error_page(400, "province.dash.bad_month")
    sort = request.args.get("sort", "percent")
    sort = sort if sort in SORT_KEYS else "percent"
    order = "asc" if request.args.get("order") == "asc" else "desc"
    year, number = month
    now = services().runtime.clock()
    rows = sort_figures(
        month_figures(services().store, v.province, year, number, now), sort, order == "desc"
    )
    fmt = format_month_th if v.lang == "th" else format_month_en
    earlier = month_before(year, number)
    later = (year, number + 1) if number < 12 else (year + 1, 1)
    return render_template(
        "dashboard/province.html", rows=rows, sort=sort, order=order, first_order=FIRST_ORDER,
        month_value=f"{year:04d}-{number:02d}", month_label=fmt(year, number),
        earlier=f"{earlier[0]:04d}-{earlier[1]:02d}",
        later=f"{later[0]:04d}-{later[1]:02d}" if now >= month_cutoff(*later) else "",
        behind=sum(1 for r in rows if r.is_behind), province=v.province,
    )  # fmt: skip


@bp.get("/province/org/<org_id>")
def open_org(org_id: str) -> ResponseReturnValue:
    """Open one organisation of the province read-only: its plan and every page after it."""
    v = viewer()
    if v.province is None:
        return error_page(403, "dashboard.error.forbidden")
    org = services().store.get_org(org_id[:100])
    if org is None or org.province != v.province:
        abort(404)
    session[VIEWING] = org.id
    return redirect(url_for("dash_plan.plan"))
