"""Going back to the plan before the last save, and archiving or restoring one measure."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot.domain.model import Measure
from bot.domain.thai import BANGKOK
from bot.store import audit
from bot.store.plan_versions import PlanRestore, describe_version
from bot.store.plans import Pipeline
from bot.texts import t
from bot.web.app_services import services
from bot.web.dashboard.access import EDITORS, make_blueprint, requires, viewer
from bot.web.dashboard.rows import date_text

bp = make_blueprint("dash_archive", __name__)


def _confirm(message: str, action: str, button: str, **hidden: str) -> ResponseReturnValue:
    return render_template(
        "dashboard/confirm.html", message=message, action=action, button=button, hidden=hidden
    )


def _stamp() -> str:
    versions = services().store.plan_versions(viewer().org.id)
    return str(int(versions[0].at.timestamp() * 1000)) if versions else ""


@bp.get("/plan/undo")
@requires(*EDITORS)
def undo_page() -> ResponseReturnValue:
    """What going back to the previous plan will do, with the button to do it."""
    v, store = viewer(), services().store
    versions = store.plan_versions(v.org.id)
    if not versions:
        return redirect(url_for("dash_plan.plan", notice="no_version"))
    version = versions[0]
    kept = set(version.ids)
    added = sum(1 for m in store.measures(v.org.id) if m.id not in kept)
    at = version.at.astimezone(BANGKOK)
    message = t(
        "setup.undo.ask", v.lang, when=f"{date_text(at.date(), v.lang)} {at:%H:%M}",
        count=len(version.ids), added=added,
    )  # fmt: skip
    return _confirm(
        message, url_for("dash_archive.undo"), t("setup.undo.button", v.lang), stamp=_stamp()
    )


@bp.post("/plan/undo")
@requires(*EDITORS)
def undo() -> ResponseReturnValue:
    """Go back to the previous plan if it is still the one that was shown."""
    v = viewer()
    stamp = _stamp()
    if not stamp:
        return redirect(url_for("dash_plan.plan", notice="no_version"))
    if request.form.get("stamp") != stamp:
        return redirect(url_for("dash_plan.plan", notice="undo_stale"))

    def log(pipe: Pipeline, result: PlanRestore) -> None:
        audit.record(
            pipe, v.org.id, v.person.id, "undo_plan", "plan", None,
            {**describe_version(result.version), "archived": result.archived},
        )  # fmt: skip

    store = services().store
    done = store.restore_previous_plan(v.org.id, v.person.id, services().runtime.clock(), after=log)
    if done is None:
        return redirect(url_for("dash_plan.plan", notice="no_version"))
    return redirect(url_for("dash_plan.plan", notice="undone", archived=done.archived))


def _log(action: str) -> Callable[[Pipeline, Measure], None]:
    v = viewer()

    def log(pipe: Pipeline, m: Measure) -> None:
        audit.record(
            pipe, v.org.id, v.person.id, action, f"measure {m.number}", None,
            {"id": m.id, "title": m.title},
        )  # fmt: skip

    return log


def _known_or_404(measure_id: str) -> None:
    """A measure neither in the plan nor archived (another organisation's, or none): 404."""
    org_id, store = viewer().org.id, services().store
    archived = any(m.id == measure_id for m in store.archived_measures(org_id))
    if store.get_measure(org_id, measure_id) is None and not archived:
        abort(404)


@bp.get("/measure/<measure_id>/archive")
@requires(*EDITORS)
def archive_page(measure_id: str) -> ResponseReturnValue:
    """Ask before archiving a measure."""
    v = viewer()
    m = services().store.get_measure(v.org.id, measure_id)
    if m is None:
        abort(404)
    message = t("setup.archive.ask", v.lang, number=m.number, title=m.title)
    action = url_for("dash_archive.archive", measure_id=m.id)
    return _confirm(message, action, t("setup.archive.button", v.lang))


@bp.post("/measure/<measure_id>/archive")
@requires(*EDITORS)
def archive(measure_id: str) -> ResponseReturnValue:
    """Archive a measure of the viewer's organisation; its reports stay."""
    v = viewer()
    store = services().store
    done = store.archive_measure(v.org.id, measure_id, after=_log("archive"))
    if done is None:
        _known_or_404(measure_id)
        return redirect(url_for("dash_plan.plan", notice="archive_gone"))
    return redirect(url_for("dash_plan.plan", notice="archived_one", number=done.number))


@bp.get("/archived/<measure_id>/restore")
@requires(*EDITORS)
def restore_page(measure_id: str) -> ResponseReturnValue:
    """Ask before bringing an archived measure back."""
    v = viewer()
    found = [m for m in services().store.archived_measures(v.org.id) if m.id == measure_id]
    if not found:
        abort(404)
    m = found[0]
    message = t("setup.restore.ask", v.lang, number=m.number, title=m.title)
    action = url_for("dash_archive.restore", measure_id=m.id)
    return _confirm(message, action, t("setup.restore.button", v.lang))


@bp.post("/archived/<measure_id>/restore")
@requires(*EDITORS)
def restore(measure_id: str) -> ResponseReturnValue:
    """Put an archived measure back in the plan with its reports."""
    v = viewer()
    store = services().store
    done = store.restore_measure(v.org.id, measure_id, after=_log("restore"))
    if done is None:
        _known_or_404(measure_id)
        return redirect(url_for("dash_plan.plan", notice="restore_gone"))
    return redirect(url_for("dash_plan.plan", notice="restored_one", number=done.number))
