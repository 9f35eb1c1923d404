"""Who is looking at the dashboard, and what they may see and change.

Secretaries and admins edit; chiefs read everything of their organisation; staff read
their own division only. Every page works inside the signed-in person's organisation, so
another organisation's ids are simply not found (404). A provincial viewer reads any
organisation of their province (the one they opened from the province page) and changes
nothing: every write of theirs is refused with 403 before it reaches a view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import (
    Blueprint,
    Response,
    abort,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue

from bot.domain.model import Measure, Organisation, Person, Role
from bot.domain.province import province_of, province_scope
from bot.store.redis_store import RedisStore
from bot.texts import t
from bot.web.app_services import services
from bot.web.dashboard.csrf import csrf_token, protect
from bot.web.signin import end_session, load_session

EDITORS = frozenset({Role.SECRETARY, Role.ADMIN})
READERS = frozenset({Role.SECRETARY, Role.ADMIN, Role.CHIEF, Role.PROVINCE})
VIEWING = "viewing"  # the session key: which organisation a provincial viewer has opened

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Viewer:
    """The signed-in person with their organisation and session."""

    org: Organisation
    person: Person
    sid: str
    province: str | None = None  # a provincial viewer's province

    @property
    def is_browsing_province(self) -> bool:
        """Whether a provincial viewer has no organisation open (only the province page)."""
        return self.province is not None and self.org.id == province_scope(self.province)

    @property
    def lang(self) -> str:
        """The person's language."""
        return self.person.language

    @property
    def can_edit(self) -> bool:
        """Whether the person may change the plan, people and settings."""
        return self.person.has_role(*EDITORS)

    @property
    def reads_all(self) -> bool:
        """Whether the person reads every division's measures."""
        return self.person.has_role(*READERS)

    @property
    def own_division(self) -> str | None:
        """The only division a staff member sees (None for readers of everything)."""
        return None if self.reads_all else self.person.division or ""

    def sees(self, measure: Measure) -> bool:
        """Whether the person may see this measure."""
        return self.reads_all or (
            self.person.has_role(Role.STAFF)
            and bool(self.person.division)
            and self.person.division in measure.divisions
        )


def _load_viewer() -> Viewer | None:
    sid = session.get("sid")
    if not isinstance(sid, str):
        return None
    store = services().store
    record = load_session(store, sid)
    if record is None or (record.org_id, record.person_id) != (
        session.get("org"),
        session.get("person"),
    ):
        session.clear()
        return None
    org = store.get_org(record.org_id)
    person = store.get_person(record.org_id, record.person_id)
    province = province_of(person) if person is not None else None
    if province is not None and person is not None:
        org = _opened_org(store, province, person.language)
    if org is None or person is None or not person.roles:  # access removed since
        end_session(store, record)
        session.clear()
        return None
    return Viewer(org, person, sid, province)


def _opened_org(store: RedisStore, province: str, lang: str) -> Organisation:
    """Return the organisation a provincial viewer opened, if still in their province.

    Without one, the province itself stands in (no measures, no people), and the views
    send the viewer to the province page.
    """
    opened = session.get(VIEWING)
    if isinstance(opened, str):
        org = store.get_org(opened)
        if org is not None and org.province == province:
            return org
    name = t("province.dash.org_name", lang, province=province)
    return Organisation(id=province_scope(province), name=name)


def current_viewer() -> Viewer | None:
    """Return the signed-in person of this request (read once), or None."""
    if "viewer" not in g:
        g.viewer = _load_viewer()
    return g.viewer


def viewer() -> Viewer:
    """Return the signed-in person (views behind the sign-in check only)."""
    found = current_viewer()
    assert found is not None
    return found


def error_page(status: int, key: str, **values: object) -> tuple[str, int]:
    """Render the dashboard's error page with a text key."""
    found = current_viewer()
    return render_template(
        "dashboard/error.html",
        lang=found.lang if found else "th",
        status=status,
        message_key=key,
        values=values,
    ), status


def requires(*roles: Role) -> Callable[[Callable[P, R]], Callable[P, R | tuple[str, int]]]:
    """Refuse (403) people without one of these roles."""

    def decorate(view: Callable[P, R]) -> Callable[P, R | tuple[str, int]]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R | tuple[str, int]:
            if not viewer().person.has_role(*roles):
                return error_page(403, "dashboard.error.forbidden")
            return view(*args, **kwargs)

        return wrapped

    return decorate


def visible_measure(measure_id: str) -> Measure:
    """Return a measure of the viewer's organisation they may see, else abort with 404."""
    v = viewer()
    measure = services().store.get_measure(v.org.id, measure_id)
    if measure is None or not v.sees(measure):
        abort(404)
    return measure


def _before() -> ResponseReturnValue | None:
    found = current_viewer()
    refused = protect(found.lang if found else "th")
    if refused is not None:
        return refused
    if found is None:
        return redirect(url_for("dash_home.welcome"))
    if found.province is not None:
        if request.method not in ("GET", "HEAD"):  # a provincial viewer changes nothing
            return error_page(403, "dashboard.error.forbidden")
        if found.is_browsing_province and request.blueprint != "dash_province":
            return redirect(url_for("dash_province.province"))
    return None


def _context() -> dict[str, Any]:
    found = current_viewer()
    return {"viewer": found, "lang": found.lang if found else "th", "csrf_token": csrf_token}


def _headers(response: Response) -> Response:
    # Private pages: never cached, never framed, never leaked through Referer.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def make_blueprint(
    name: str, import_name: str, signed_in: bool = True, url_prefix: str = "/dash"
) -> Blueprint:
    """Return a dashboard blueprint that checks CSRF on POST and (by default) the sign-in."""
    bp = Blueprint(name, import_name, url_prefix=url_prefix)
    bp.before_request(_before if signed_in else protect)
    bp.context_processor(_context)
    bp.after_request(_headers)
    bp.register_error_handler(404, lambda e: error_page(404, "dashboard.error.not_found"))
    return bp
