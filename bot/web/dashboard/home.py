"""Signing in and out: the confirm page of a chat link, the welcome page, sign-out."""

from __future__ import annotations

from flask import redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue

from bot.domain.province import province_of
from bot.web.app_services import services
from bot.web.dashboard.access import current_viewer, make_blueprint
from bot.web.dashboard.csrf import new_session_token
from bot.web.signin import (
    SessionRecord,
    end_session,
    signin_pending,
    start_session,
    take_signin_token,
)

bp = make_blueprint("dash_home", __name__, signed_in=False, url_prefix="")


def _gone() -> tuple[str, int]:
    return render_template("dashboard/signin_gone.html"), 410


@bp.get("/dash/welcome")
def welcome() -> ResponseReturnValue:
    """Explain how to get a sign-in link (shown to everyone not signed in)."""
    if current_viewer() is not None:
        return redirect(url_for("dash_plan.plan"))
    return render_template("dashboard/welcome.html")


@bp.get("/dash/")
def home() -> ResponseReturnValue:
    """Open the plan, or the welcome page when not signed in."""
    return redirect(url_for("dash_plan.plan" if current_viewer() else "dash_home.welcome"))


@bp.get("/signin/<token>")
def confirm(token: str) -> ResponseReturnValue:
    """Ask the person to confirm (link previews by chat apps must not use the token)."""
    if not signin_pending(services().store, token):
        return _gone()
    return render_template("dashboard/signin_confirm.html", token=token)


@bp.post("/signin/<token>")
def sign_in(token: str) -> ResponseReturnValue:
    """Use the token up and start a session."""
    store = services().store
    taken = take_signin_token(store, token)
    if taken is None:
        return _gone()
    org_id, person_id = taken
    person = store.get_person(org_id, person_id)
    if person is None or not person.roles:
        return _gone()
    province = province_of(person)
    if province is None and store.get_org(org_id) is None:
        return _gone()
    earlier = current_viewer()
    if earlier is not None:  # signing in again in this browser ends the earlier session
        end_session(store, SessionRecord(earlier.sid, earlier.org.id, earlier.person.id))
    session.clear()  # a fresh cookie: nothing from before sign-in carries over
    session.permanent = True
    session["sid"] = start_session(store, org_id, person_id, services().runtime.clock())
    session["org"], session["person"] = org_id, person_id
    new_session_token()
    return redirect(url_for("dash_province.province" if province else "dash_plan.plan"))


@bp.post("/dash/signout")
def sign_out() -> ResponseReturnValue:
    """End this browser's session."""
    viewer = current_viewer()
    if viewer is not None:
        end_session(services().store, SessionRecord(viewer.sid, viewer.org.id, viewer.person.id))
    session.clear()
    return render_template("dashboard/welcome.html", signed_out=True)
