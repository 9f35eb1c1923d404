"""Settings: the reminder policy, the organisation's own holidays, and the audit log."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot.domain.province import district_name, province_name
from bot.domain.thai import parse_thai_date
from bot.reminders.policy import (
    SETTING_NAMES,
    WEEKDAYS_TH,
    PolicyError,
    ReminderPolicy,
    apply_settings,
)
from bot.store import audit
from bot.texts import t
from bot.web.app_services import services
from bot.web.dashboard.access import EDITORS, READERS, make_blueprint, requires, viewer
from bot.web.dashboard.changes import audit_rows
from bot.web.dashboard.rows import date_text

bp = make_blueprint("dash_settings", __name__)

AUDIT_PAGE = 200
BOOLEANS = frozenset(
    name for name, value in ReminderPolicy().to_json().items() if isinstance(value, bool)
)


def _shown(name: str, value: Any, lang: str) -> str:
    """Write a policy value the way the form reads it back."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if value is None or value == []:
        return t("dashboard.settings.off_value", lang)
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if name == "digest_weekday" and lang == "th":
        return WEEKDAYS_TH[int(value)]
    return str(value)


def _audit_rows(entries: list[audit.AuditEntry], lang: str) -> list[dict[str, Any]]:
    names = {p.id: p.name for p in services().store.people(viewer().org.id)}
    return audit_rows(entries, names, lang)


def _page(values: dict[str, str] | None = None, error: str = "") -> ResponseReturnValue:
    v = viewer()
    policies = services().store.policies
    current = policies.get(v.org.id).to_json()
    shown = {name: _shown(name, current[name], v.lang) for name in SETTING_NAMES}
    recent = [
        e
        for e in services().store.audit_entries(v.org.id, count=AUDIT_PAGE)
        if e.action in ("policy", "holiday", "org_place")
    ][:20]
    return render_template(
        "dashboard/settings.html", names=SETTING_NAMES, booleans=BOOLEANS,
        values={**shown, **(values or {})}, error=error,
        holidays=[{"iso": d.isoformat(), "day": date_text(d, v.lang), "name": name}
                  for d, name in policies.holidays(v.org.id).items()],
        recent=_audit_rows(recent, v.lang),
    ), (400 if error else 200)  # fmt: skip


@bp.get("/settings")
@requires(*READERS)
def settings() -> ResponseReturnValue:
    """The reminder policy and holidays (chiefs read them; secretaries change them)."""
    return _page()


@bp.post("/settings/policy")
@requires(*EDITORS)
def policy() -> ResponseReturnValue:
    """Apply the policy form; a bad value saves nothing and says why."""
    v, store = viewer(), services().store
    values = {
        name: request.form.get(name, "")[:100] for name in SETTING_NAMES if name in request.form
    }
    policies = store.policies
    before = policies.get(v.org.id)
    try:
        after = apply_settings(before, [f"{name}={value}" for name, value in values.items()])
    except PolicyError as exc:
        return _page(values, str(exc))
    if after != before:
        with store.pipeline() as pipe:
            policies.set(v.org.id, after, pipeline=pipe)
            audit.record(
                pipe,
                v.org.id,
                v.person.id,
                "policy",
                "reminders",
                before.to_json(),
                after.to_json(),
            )
            pipe.execute()
    return redirect(url_for("dash_settings.settings", saved=1))


@bp.post("/settings/holidays")
@requires(*EDITORS)
def add_holiday() -> ResponseReturnValue:
    """Add a day off of the organisation (besides Thai public holidays)."""
    v, store = viewer(), services().store
    text = request.form.get("day", "").strip()[:40]
    name = " ".join(request.form.get("name", "").split())[:100]
    try:
        day = parse_thai_date(text, services().today())
    except ValueError:
        return _page(error=t("dashboard.settings.bad_holiday", v.lang, text=text))
    policies = store.policies
    before = policies.holidays(v.org.id).get(day)
    with store.pipeline() as pipe:
        policies.add_holiday(v.org.id, day, name, pipeline=pipe)
        audit.record(
            pipe,
            v.org.id,
            v.person.id,
            "holiday",
            day.isoformat(),
            None if before is None else {"name": before},
            {"name": name},
        )
        pipe.execute()
    return redirect(url_for("dash_settings.settings"))


@bp.post("/settings/holidays/remove")
@requires(*EDITORS)
def remove_holiday() -> ResponseReturnValue:
    """Remove a day off the organisation added."""
    v, store = viewer(), services().store
    try:
        day = date.fromisoformat(request.form.get("day", ""))
    except ValueError:
        return _page(
            error=t("dashboard.settings.bad_holiday", v.lang, text=request.form.get("day", "")[:40])
        )
    policies = store.policies
    name = policies.holidays(v.org.id).get(day)
    if name is not None and policies.remove_holiday(v.org.id, day):
        store.audit(v.org.id, v.person.id, "holiday", day.isoformat(), {"name": name}, None)
    return redirect(url_for("dash_settings.settings"))


@bp.post("/settings/place")
@requires(*EDITORS)
def place() -> ResponseReturnValue:
    """Set the organisation's province and district (its provincial viewers follow it)."""
    v, store = viewer(), services().store
    after = replace(
        v.org,
        province=province_name(request.form.get("province", "")),
        district=district_name(request.form.get("district", "")),
    )
    if (after.province, after.district) != (v.org.province, v.org.district):
        store.save_org(after)
        store.audit(
            v.org.id, v.person.id, "org_place", v.org.id,
            {"province": v.org.province, "district": v.org.district},
            {"province": after.province, "district": after.district},
        )  # fmt: skip
    return redirect(url_for("dash_settings.settings", saved=1))


@bp.get("/audit")
@requires(*READERS)
def audit_log() -> ResponseReturnValue:
    """The latest 200 changes with before and after."""
    v = viewer()
    entries = services().store.audit_entries(v.org.id, count=AUDIT_PAGE)
    return render_template("dashboard/audit.html", rows=_audit_rows(entries, v.lang))
