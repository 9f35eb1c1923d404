"""Divisions and people: who uses the bot, invite codes, roles and removing access."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

from flask import abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from bot.domain.file_links import file_url
from bot.domain.model import Person, Role
from bot.domain.thai import BANGKOK
from bot.platforms.invite_links import invite_ways, scan_target
from bot.store.channels import invite_accounts
from bot.store.invites import create_invite
from bot.texts import t
from bot.web.app_services import services
from bot.web.dashboard.access import EDITORS, READERS, make_blueprint, requires, viewer
from bot.web.dashboard.membership import change_role, is_removed, remove_access
from bot.web.dashboard.rows import date_text

bp = make_blueprint("dash_people", __name__)


def _roles_offered() -> list[Role]:
    """Roles a secretary may give; only an admin makes admins."""
    offered = [Role.STAFF, Role.SECRETARY, Role.CHIEF]
    return [*offered, Role.ADMIN] if viewer().person.has_role(Role.ADMIN) else offered


def _page(error: str = "") -> ResponseReturnValue:
    v = viewer()
    people = services().store.people(v.org.id)
    divisions = [d.name for d in v.org.divisions]
    counts = {d: sum(1 for p in people if p.division == d and not is_removed(p)) for d in divisions}
    return render_template(
        "dashboard/people.html", error=error, divisions=divisions, counts=counts,
        people=[p for p in people if not is_removed(p)],
        removed=[p for p in people if is_removed(p)],
        roles=_roles_offered(), invite=session.pop("invite", None),
    ), (400 if error else 200)  # fmt: skip


@bp.get("/people")
@requires(*READERS)
def people() -> ResponseReturnValue:
    """Everyone in the organisation with role, division and linked platforms."""
    return _page()


def _role_and_division() -> tuple[Role, str | None] | str:
    """Read the role and division fields; return an error text instead when they are bad."""
    v = viewer()
    try:
        role = Role(request.form.get("role", ""))
    except ValueError:
        return t("dashboard.people.bad_role", v.lang)
    if role not in _roles_offered():
        return t("dashboard.people.bad_role", v.lang)
    division = request.form.get("division", "") or None
    if division is not None and v.org.division(division) is None:
        return t("dashboard.people.bad_division", v.lang)
    if role is Role.STAFF and division is None:
        return t("dashboard.people.staff_needs_division", v.lang)
    return role, division


@bp.post("/people/invite")
@requires(*EDITORS)
def invite() -> ResponseReturnValue:
    """Make an invite code (and Telegram link) for a role and division."""
    v = viewer()
    read = _role_and_division()
    if isinstance(read, str):
        return _page(read)
    role, division = read
    s = services()
    made = create_invite(s.store, v.org.id, role, division)
    expires = made.expires_at.astimezone(BANGKOK)
    s.store.audit(
        v.org.id,
        v.person.id,
        "invite",
        division or role.value,
        None,
        {
            "role": role.value,
            "division": division,
            "code": made.code,
            "expires_at": made.expires_at.astimezone(UTC).isoformat(),
        },
    )
    ways = invite_ways(s.config, made.code, v.lang, invite_accounts(s.store, v.org.id))
    session["invite"] = {
        "code": made.code,
        "links": [[way.label, way.link] for way in ways],
        "qr": file_url(s.config, kind="invite_qr", code=made.code) if scan_target(ways) else None,
        "role": role.value,
        "division": division,
        "expires": f"{date_text(expires.date(), v.lang)} {expires:%H:%M}",
    }
    return redirect(url_for("dash_people.people"))


def _other_person(person_id: str) -> Person | str:
    """Return a person of the viewer's organisation other than the viewer (else an error)."""
    v = viewer()
    person = services().store.get_person(v.org.id, person_id)
    if person is None:
        abort(404)
    if person.id == v.person.id:
        return t("dashboard.people.not_yourself", v.lang)
    if person.has_role(Role.ADMIN) and not v.person.has_role(Role.ADMIN):
        return t("dashboard.people.admin_only", v.lang)
    return person


@bp.post("/people/<person_id>/role")
@requires(*EDITORS)
def role(person_id: str) -> ResponseReturnValue:
    """Change a person's role and division."""
    person = _other_person(person_id)
    if isinstance(person, str):
        return _page(person)
    if is_removed(person):
        return _page(t("dashboard.people.already_removed", viewer().lang))
    read = _role_and_division()
    if isinstance(read, str):
        return _page(read)
    updated = change_role(services().store, person, read[0], read[1], viewer().person.id)
    _sync_menus(updated)
    return redirect(url_for("dash_people.people"))


@bp.post("/people/<person_id>/remove")
@requires(*EDITORS)
def remove(person_id: str) -> ResponseReturnValue:
    """Remove a person's access: chat identities unlinked, sessions ended, reports kept."""
    person = _other_person(person_id)
    if isinstance(person, str):
        return _page(person)
    if not is_removed(person):
        remove_access(services().store, person, viewer().person.id)
        _sync_menus(replace(person, roles=[]))  # their chats lose the role's menus
    return redirect(url_for("dash_people.people"))


def _sync_menus(person: Person) -> None:
    """Give the person's chats the menus of their new role (LINE rich menu, Telegram)."""
    menus = services().runtime.menus
    if menus is not None:
        menus.sync(person)
