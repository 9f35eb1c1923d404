"""Importing a plan on the dashboard: upload, a preview table to fix, then save once."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot.domain.file_links import file_url
from bot.domain.thai import fiscal_year_of
from bot.plan.preview import (
    MODES,
    TITLE_FIELDS,
    EditError,
    PlanPreview,
    choose_title,
    drop_row,
    edit_row,
    effective_plan,
    mark_checked,
    plan_fiscal_year,
    plan_notes,
    problems,
    row_notes,
)
from bot.plan.previews import (
    PreviewGone,
    cancel_preview,
    get_preview,
    preview_file,
    put_preview,
    save_preview,
    stored_numbers,
)
from bot.plan.rows import PlanImportError
from bot.plan.service import READERS, PlanRejected
from bot.texts import LANGUAGES, t
from bot.web.app_services import services
from bot.web.dashboard.access import EDITORS, make_blueprint, requires, viewer
from bot.web.dashboard.rows import date_text

log = logging.getLogger(__name__)
bp = make_blueprint("dash_import", __name__)


def _upload_page(error: str = "", status: int = 200) -> ResponseReturnValue:
    types = ", ".join(sorted(READERS))
    return render_template("dashboard/plan_upload.html", error=error, types=types), status


bp.register_error_handler(
    413, lambda e: _upload_page(t("dashboard.import.too_big", viewer().lang), 413)
)


@bp.get("/plan/import")
@requires(*EDITORS)
def upload() -> ResponseReturnValue:
    """The form to send a plan file."""
    return _upload_page()


@bp.post("/plan/import")
@requires(*EDITORS)
def read() -> ResponseReturnValue:
    """Read the file into a preview (nothing saved) and show it; a bad file says why."""
    v = viewer()
    sent = request.files.get("file")
    name = (sent.filename or "").replace("\\", "/").rsplit("/", 1)[-1].lstrip(".") if sent else ""
    if sent is None or not name:
        return _upload_page(t("dashboard.import.no_file", v.lang), 400)
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            sent.save(path)
            preview = preview_file(services().store, v.person, path, name)
    except PlanImportError as exc:
        return _upload_page(exc.message, 400)
    except Exception:
        log.exception("plan preview failed")
        return _upload_page(t("setup.plan_failed", v.lang), 400)
    return redirect(url_for("dash_import.preview", token=preview.token))


def _preview_or_gone(token: str) -> PlanPreview:
    found = get_preview(services().store, viewer().org.id, token)
    if found is None:
        abort(410)
    return found


bp.register_error_handler(
    410, lambda e: _upload_page(t("dashboard.import.expired", viewer().lang), 410)
)


def _rows(preview: PlanPreview, lang: str) -> list[dict[str, Any]]:
    plan = effective_plan(preview)
    numbers = stored_numbers(services().store, preview.org_id, preview)
    notes = row_notes(plan, lang)
    return [
        {
            "index": i, "number": numbers[i], "m": m, "start": date_text(m.start, lang),
            "end": date_text(m.end, lang), "notes": notes[i] + m.warnings,
            "status": t(f"status.{m.status.value}", lang) if m.status else "-",
            "divisions": ", ".join(m.divisions),
        }
        for i, m in enumerate(plan.measures)
    ]  # fmt: skip


def _field_label(name: str, lang: str) -> str:
    """A column's name for people; a column without a text yet shows its own name."""
    key = f"dashboard.import.field.{name}"
    return t(key, lang) if key in LANGUAGES["th"] else name


def _preview_page(preview: PlanPreview, error: str = "", status: int = 200) -> ResponseReturnValue:
    v, store = viewer(), services().store
    rows = _rows(preview, v.lang)
    active = {m.number for m in store.measures(v.org.id)}
    absent = len(active - {r["number"] for r in rows if r["number"]})
    link = file_url(
        services().config, kind="plan_preview", org=v.org.id, token=preview.token, lang=v.lang
    )
    plan = effective_plan(preview)
    return render_template(
        "dashboard/plan_preview.html", p=preview, rows=rows, error=error, absent=absent,
        problems=problems(preview), link=link, modes=MODES,
        fields=[(name, _field_label(name, v.lang)) for name in TITLE_FIELDS],
        notes=plan_notes(preview, fiscal_year_of(services().today()), v.lang) + plan.warnings,
        year=plan_fiscal_year(plan), done=request.args.get("done", ""),
    ), status  # fmt: skip


@bp.get("/plan/import/<token>")
@requires(*EDITORS)
def preview(token: str) -> ResponseReturnValue:
    """The preview table: every measure with its dates, status and what to check."""
    return _preview_page(_preview_or_gone(token))


def _change(token: str, change: str) -> ResponseReturnValue:
    p = _preview_or_gone(token)
    org = viewer().org
    try:
        if change == "row":
            index = int(request.form.get("row", "-1"))
            shown = _rows(p, viewer().lang)
            if not 0 <= index < len(shown):
                raise EditError(t("setup.preview.bad_row"))
            current = {
                "title": shown[index]["m"].title, "divisions": shown[index]["divisions"],
                "timeframe": shown[index]["m"].timeframe_text,
            }  # fmt: skip
            for name, value in current.items():
                typed = request.form.get(name, value)
                if typed.strip() != value.strip():
                    edit_row(p, org, index, name, typed)
            # Sending the row's form says it was checked: an unknown division it named is settled.
            mark_checked(p, index)
        elif change == "drop":
            drop_row(p, int(request.form.get("row", "-1")))
        else:
            choose_title(p, request.form.get("field", ""))
    except (EditError, ValueError) as exc:
        message = str(exc) if isinstance(exc, EditError) else t("setup.preview.bad_row")
        return _preview_page(_preview_or_gone(token), message, 400)
    put_preview(services().store, p)
    return redirect(url_for("dash_import.preview", token=token, done=change))


@bp.post("/plan/import/<token>/row")
@requires(*EDITORS)
def fix_row(token: str) -> ResponseReturnValue:
    """Fix one row's title, method, divisions or timeframe (all or nothing)."""
    return _change(token, "row")


@bp.post("/plan/import/<token>/drop")
@requires(*EDITORS)
def drop(token: str) -> ResponseReturnValue:
    """Leave a row out of the plan."""
    return _change(token, "drop")


@bp.post("/plan/import/<token>/title")
@requires(*EDITORS)
def title_column(token: str) -> ResponseReturnValue:
    """Use another column as the measure title."""
    return _change(token, "title")


@bp.post("/plan/import/<token>/save")
@requires(*EDITORS)
def save(token: str) -> ResponseReturnValue:
    """Save the preview once, added to the plan or replacing it."""
    v = viewer()
    p = _preview_or_gone(token)
    mode = request.form.get("mode", "")
    if mode not in MODES:
        return _preview_page(p, t("dashboard.import.choose_mode", v.lang), 400)
    p.mode = mode
    try:
        saved = save_preview(services().store, p, v.person.id, services().runtime.clock())
    except PreviewGone:
        abort(410)
    except PlanRejected as exc:
        return _preview_page(p, exc.message, 400)
    return redirect(
        url_for(
            "dash_plan.plan", notice="imported", created=saved.created, updated=saved.updated,
            archived=saved.archived, restored=saved.restored,
        )
    )  # fmt: skip


@bp.post("/plan/import/<token>/cancel")
@requires(*EDITORS)
def cancel(token: str) -> ResponseReturnValue:
    """Drop the preview; nothing is saved."""
    cancel_preview(services().store, viewer().org.id, token)
    return redirect(url_for("dash_plan.plan", notice="import_cancelled"))
