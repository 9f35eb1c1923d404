"""Planned reminders, monthly summaries with acknowledgements, and the official reports."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from bot.domain.thai import (
    BANGKOK,
    fiscal_year_of,
    format_month_en,
    format_month_th,
    month_range,
    parse_month_year,
)
from bot.reminders.preview import preview_command
from bot.report import MEDIA_TYPES, filename, render
from bot.report.official import Period, build_document, period_range
from bot.summary.card import summary_text
from bot.summary.snapshots import summary_for
from bot.web.app_services import services
from bot.web.dashboard.access import READERS, make_blueprint, requires, viewer
from bot.web.dashboard.rows import date_text

bp = make_blueprint("dash_reports", __name__)

HORIZON_DAYS = 30
PERIODS: tuple[Period, ...] = ("month", "six_month", "year_end")
FORMATS = ("docx", "pdf", "xlsx")


@bp.get("/reminders")
def reminders() -> ResponseReturnValue:
    """The reminders planned for the next 30 days (staff: their division's)."""
    v, store = viewer(), services().store
    today = services().today()
    rows = preview_command(
        store,
        v.org.id,
        today.isoformat(),
        (today + timedelta(days=HORIZON_DAYS)).isoformat(),
        today,
    )
    people = {p.id: p for p in store.people(v.org.id)}
    if not v.reads_all:
        rows = [
            r
            for r in rows
            if (p := people.get(r["person"])) is not None and p.division == v.own_division
        ]
    now = services().runtime.clock()
    days = [datetime.fromisoformat(r["at"]).astimezone(BANGKOK).date().isoformat() for r in rows]
    went = services().runtime.deliverer.sent(
        v.org.id, [(r["person"], d) for r, d in zip(rows, days, strict=True)]
    )
    for row, outcome in zip(rows, went, strict=True):
        at = datetime.fromisoformat(row["at"]).astimezone(BANGKOK)
        row["when"] = f"{date_text(at.date(), v.lang)} {at:%H:%M}"
        row["state"] = outcome or ("waiting" if at < now else "planned")
        person = people.get(row["person"])
        row["name"] = person.name if person else row["person"]
        row["division"] = person.division if person else ""
    return render_template(
        "dashboard/reminders.html",
        rows=rows,
        days=HORIZON_DAYS,
        start=date_text(today, v.lang),
        end=date_text(today + timedelta(days=HORIZON_DAYS), v.lang),
    )


def _month() -> tuple[int, int] | None:
    """The month asked for ("2023-03", "มี.ค. 66"), this month when none; None if unreadable."""
    text = request.args.get("month", "").strip()
    if not text:
        today = services().today()
        return today.year, today.month
    try:
        return parse_month_year(text[:20])
    except ValueError:
        return None


def _month_choices(year: int, month: int, lang: str) -> list[tuple[str, str]]:
    """The last 24 months (and the one shown) as (value, "พ.ย. 2569") for the month picker."""
    today = services().today()
    fmt = format_month_th if lang == "th" else format_month_en
    months = {(today.year, today.month), (year, month)}
    y, m = today.year, today.month
    for _ in range(23):
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        months.add((y, m))
    return [(f"{y:04d}-{m:02d}", fmt(y, m)) for y, m in sorted(months, reverse=True)]


def _periods(year: int, month: int, lang: str) -> list[dict[str, Any]]:
    fiscal_year = fiscal_year_of(month_range(year, month)[1])
    found = []
    for kind in PERIODS:
        start, end = period_range(kind, fiscal_year, year, month)
        found.append({"kind": kind, "start": date_text(start, lang), "end": date_text(end, lang)})
    return found


@bp.get("/summary")
@requires(*READERS)
def summary() -> ResponseReturnValue:
    """A month's summary, who acknowledged it, and the official reports to download."""
    v, store = viewer(), services().store
    month = _month()
    if month is None:
        return render_template(
            "dashboard/summary.html",
            error="dashboard.summary.bad_month",
            month_value=request.args.get("month", ""),
        ), 400
    year, number = month
    key = f"{year:04d}-{number:02d}"
    try:
        data = summary_for(
            store, store.snapshots, v.org.id, year, number, services().runtime.clock()
        )
    except ValueError:
        data = None
    names = {p.id: p.name for p in store.people(v.org.id)}
    acked: list[dict[str, object]] = []
    for pid, at in sorted(store.snapshots.acks(v.org.id, key).items(), key=lambda item: item[1]):
        local = at.astimezone(BANGKOK)
        when = f"{date_text(local.date(), v.lang)} {local:%H:%M}"
        acked.append({"name": names.get(pid, pid), "at": local, "when": when})
    return render_template(
        "dashboard/summary.html", error="", month_value=key, summary=data,
        months=_month_choices(year, number, v.lang),
        month_label=(format_month_th if v.lang == "th" else format_month_en)(year, number),
        text=summary_text(data, v.lang, max_length=100_000) if data else "",
        acked=acked, periods=_periods(year, number, v.lang), formats=FORMATS,
    )  # fmt: skip


@bp.get("/summary/<period>.<fmt>")
@requires(*READERS)
def download(period: str, fmt: str) -> ResponseReturnValue:
    """The official report (O43) of the month, the six-month round or the year."""
    v = viewer()
    month = _month()
    if period not in PERIODS or fmt not in MEDIA_TYPES or month is None:
        abort(404)
    year, number = month
    kind: Period = period
    fiscal_year = fiscal_year_of(month_range(year, number)[1])
    start, end = period_range(kind, fiscal_year, year, number)
    s = services()
    doc = build_document(
        s.store, s.core.evidence, v.org.id, kind, start, end, fiscal_year, now=s.runtime.clock()
    )
    response = Response(render(doc, fmt), mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(doc, fmt)}"'
    return response
