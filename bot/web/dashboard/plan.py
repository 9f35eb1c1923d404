"""The plan, one measure with its report history and evidence, and editing a measure."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

from flask import abort, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue

from bot.chat.evidence import ALLOWED
from bot.domain.model import Measure, Report, Status
from bot.domain.thai import BANGKOK, fiscal_year_of
from bot.domain.timeframe import TimeframeError, parse_timeframe
from bot.store import audit
from bot.texts import t
from bot.web.app_services import services
from bot.web.dashboard.access import EDITORS, make_blueprint, requires, viewer, visible_measure
from bot.web.dashboard.rows import (
    ASSESSMENT_CHOICES,
    STATUS_CHOICES,
    date_text,
    due_text,
    plan_table,
    read_filters,
)

bp = make_blueprint("dash_plan", __name__)


@bp.get("/plan")
def plan() -> ResponseReturnValue:
    """The plan, filtered by division, status and assessment."""
    v, store = viewer(), services().store
    divisions = [d.name for d in v.org.divisions]
    filters = read_filters(request.args, divisions, v.own_division)
    measures = [m for m in store.measures(v.org.id) if v.sees(m)]
    rows = plan_table(measures, store.latest_reports(v.org.id), filters, services().today(), v.lang)
    return render_template(
        "dashboard/plan.html", rows=rows, filters=filters, total=len(measures),
        divisions=divisions if v.reads_all else [v.own_division],
        statuses=STATUS_CHOICES, assessments=ASSESSMENT_CHOICES, notice=_notice(v.lang),
        archived=store.archived_measures(v.org.id) if v.can_edit else [],
    )  # fmt: skip


# What a redirect after an import, undo or archive says on the plan page.
NOTICES = {
    "imported": "dashboard.plan.notice_imported",
    "import_cancelled": "dashboard.plan.notice_import_cancelled",
    "undone": "dashboard.plan.notice_undone",
    "no_version": "setup.undo.none",
    "undo_stale": "setup.undo.stale",
    "archived_one": "setup.archive.done",
    "archive_gone": "setup.archive.gone",
    "restored_one": "setup.restore.done",
    "restore_gone": "setup.restore.gone",
}


def _notice(lang: str) -> str:
    key = NOTICES.get(request.args.get("notice", ""))
    if key is None:
        return ""
    names = ("created", "updated", "archived", "restored", "number")
    values = {n: request.args.get(n, type=int, default=0) for n in names}
    return t(key, lang, **values)


def _evidence(org_id: str, ids: list[str]) -> list[dict[str, Any]]:
    """Each evidence record; a link is only clickable when it is a web address."""
    service = services().core.evidence
    found = []
    for evidence_id in ids:
        record: dict[str, Any] = {"id": evidence_id, **service.get(org_id, evidence_id)}
        record["is_web"] = str(record.get("url", "")).startswith(("https://", "http://"))
        found.append(record)
    return found


def _history(org_id: str, reports: list[Report], lang: str) -> list[dict[str, Any]]:
    """Newest first, each with whether a later amendment replaced it."""
    names = {p.id: p.name for p in services().store.people(org_id)}
    replaced = {r.supersedes: r for r in reports if r.supersedes}
    by_id = {r.id: r for r in reports}
    rows = []
    for r in reversed(reports):
        amends = by_id.get(r.supersedes or "")
        at = r.at.astimezone(BANGKOK)
        rows.append({
            "report": r, "who": names.get(r.person_id, r.person_id),
            "when": f"{date_text(at.date(), lang)} {at:%H:%M}",
            "evidence": _evidence(org_id, r.evidence),
            "amends": amends, "replaced_by": replaced.get(r.id),
        })  # fmt: skip
    return rows


@bp.get("/measure/<measure_id>")
def measure(measure_id: str) -> ResponseReturnValue:
    """One measure: details, report history (with amendments) and evidence."""
    v = viewer()
    m = visible_measure(measure_id)
    reports = services().store.reports(v.org.id, m.id)
    latest = reports[-1] if reports else None
    due = due_text(
        m.end, latest is not None and latest.status is Status.DONE, services().today(), v.lang
    )
    return render_template(
        "dashboard/measure.html",
        m=m,
        latest=latest,
        due=due,
        history=_history(v.org.id, reports, v.lang),
        start=date_text(m.start, v.lang),
        end=date_text(m.end, v.lang),
    )


def _fiscal_year(m: Measure) -> int:
    if m.fiscal_year:
        return m.fiscal_year
    return fiscal_year_of(m.start or m.end or services().today())


def _snapshot(m: Measure) -> dict[str, Any]:
    return {
        "timeframe_text": m.timeframe_text,
        "divisions": list(m.divisions),
        "start": m.start.isoformat() if m.start else None,
        "end": m.end.isoformat() if m.end else None,
    }


def _edit_page(m: Measure, text: str, chosen: list[str], error: str = "") -> ResponseReturnValue:
    v = viewer()
    return render_template(
        "dashboard/edit.html", m=m, text=text, chosen=chosen, error=error,
        divisions=[d.name for d in v.org.divisions], fiscal_year=_fiscal_year(m),
    ), (400 if error else 200)  # fmt: skip


@bp.get("/measure/<measure_id>/edit")
@requires(*EDITORS)
def edit(measure_id: str) -> ResponseReturnValue:
    """The form to change a measure's timeframe and responsible divisions."""
    m = visible_measure(measure_id)
    return _edit_page(m, m.timeframe_text, m.divisions)


@bp.post("/measure/<measure_id>/edit")
@requires(*EDITORS)
def save(measure_id: str) -> ResponseReturnValue:
    """Save a new timeframe and divisions; a bad timeframe saves nothing and says why."""
    v = viewer()
    m = visible_measure(measure_id)
    text = request.form.get("timeframe", "").strip()[:300]
    known = [d.name for d in v.org.divisions]
    chosen = [d for d in known if d in request.form.getlist("divisions")]
    if not chosen:
        return _edit_page(m, text, chosen, error=t("dashboard.edit.no_division", v.lang))
    parsed = parse_timeframe(text, _fiscal_year(m))
    if isinstance(parsed, TimeframeError):
        return _edit_page(m, text, chosen, error=parsed.message(v.lang))
    updated = replace(
        m,
        timeframe_text=text,
        start=parsed.start,
        end=parsed.end,
        timeframe_defaulted=False,
        divisions=chosen,
    )
    if _snapshot(updated) != _snapshot(m):
        store = services().store
        with store.pipeline() as pipe:
            store.save_measure(v.org.id, updated, pipeline=pipe)
            audit.record(
                pipe,
                v.org.id,
                v.person.id,
                "edit",
                f"measure {m.number}",
                _snapshot(m),
                _snapshot(updated),
            )
            pipe.execute()
    return redirect(url_for("dash_plan.measure", measure_id=m.id, saved=1))


def _evidence_visible(evidence_id: str) -> bool:
    v = viewer()
    if v.reads_all:
        return True
    store = services().store
    mine = [m.id for m in store.measures(v.org.id) if v.sees(m)]
    history = store.reports_of(v.org.id, mine)
    return any(evidence_id in r.evidence for reports in history.values() for r in reports)


@bp.get("/evidence/<evidence_id>")
def evidence(evidence_id: str) -> ResponseReturnValue:
    """Send a stored evidence file of a measure the viewer may see."""
    v = viewer()
    service = services().core.evidence
    record = service.get(v.org.id, evidence_id)
    digest = record.get("sha256", "")
    is_digest = len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)
    if record.get("state") != "ok" or not is_digest or not _evidence_visible(evidence_id):
        abort(404)
    data = service.read(digest)
    if data is None:
        abort(404)
    name = record.get("name") or f"{evidence_id}.{ALLOWED.get(record.get('mime', ''), 'bin')}"
    return send_file(
        io.BytesIO(data),
        mimetype=record.get("mime") or "application/octet-stream",
        as_attachment=True,
        download_name=name,
        max_age=0,
    )
