"""Every dashboard route for every role: what is allowed, what is refused, and that refusals
change nothing (including POSTs without a CSRF token and another organisation's ids)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from bot.store.redis_store import RedisStore
from tests.dashboard_helpers import World, fingerprint, make_world, session_csrf, sign_in

pytestmark = pytest.mark.store

ROLES = ("secretary", "admin", "chief", "staff", "other", "anon")
Path_ = Callable[[World], str]  # the URL, built from the world's ids

# path, then the status for: secretary, admin, chief, staff (กองคลัง), other org's secretary, anon
GETS: list[tuple[str, Path_, tuple[int, ...]]] = [
    ("plan", lambda w: "/dash/plan", (200, 200, 200, 200, 200, 302)),
    ("plan filtered", lambda w: "/dash/plan?division=กองช่าง&status=none&assessment=EIT",
     (200, 200, 200, 200, 200, 302)),
    ("measure of own division", lambda w: f"/dash/measure/{w.finance_measure}",
     (200, 200, 200, 200, 404, 302)),
    ("measure of another division", lambda w: f"/dash/measure/{w.office_measure}",
     (200, 200, 200, 404, 404, 302)),
    ("measure of another org", lambda w: f"/dash/measure/{w.foreign_measure}",
     (404, 404, 404, 404, 200, 302)),
    ("unknown measure", lambda w: "/dash/measure/m_nothere", (404, 404, 404, 404, 404, 302)),
    ("edit form", lambda w: f"/dash/measure/{w.finance_measure}/edit",
     (200, 200, 403, 403, 404, 302)),
    ("edit form of another org", lambda w: f"/dash/measure/{w.foreign_measure}/edit",
     (404, 404, 403, 403, 200, 302)),
    ("evidence of own division", lambda w: f"/dash/evidence/{w.finance_evidence}",
     (200, 200, 200, 200, 404, 302)),
    ("evidence of another division", lambda w: f"/dash/evidence/{w.office_evidence}",
     (200, 200, 200, 404, 404, 302)),
    ("evidence of another org", lambda w: f"/dash/evidence/{w.foreign_evidence}",
     (404, 404, 404, 404, 200, 302)),
    ("people", lambda w: "/dash/people", (200, 200, 200, 403, 200, 302)),
    ("reminders", lambda w: "/dash/reminders", (200, 200, 200, 200, 200, 302)),
    ("summary", lambda w: "/dash/summary", (200, 200, 200, 403, 200, 302)),
    ("summary of a month", lambda w: "/dash/summary?month=2566-03", (200, 200, 200, 403, 200, 302)),
    ("six-month report", lambda w: "/dash/summary/six_month.xlsx", (200, 200, 200, 403, 200, 302)),
    ("unknown report", lambda w: "/dash/summary/weekly.xlsx", (404, 404, 404, 403, 404, 302)),
    ("settings", lambda w: "/dash/settings", (200, 200, 200, 403, 200, 302)),
    ("audit log", lambda w: "/dash/audit", (200, 200, 200, 403, 200, 302)),
    ("plan import", lambda w: "/dash/plan/import", (200, 200, 403, 403, 200, 302)),
    ("undo plan", lambda w: "/dash/plan/undo", (200, 200, 403, 403, 200, 302)),
    ("archive form", lambda w: f"/dash/measure/{w.finance_measure}/archive",
     (200, 200, 403, 403, 404, 302)),
    ("archive form of another org", lambda w: f"/dash/measure/{w.foreign_measure}/archive",
     (404, 404, 403, 403, 200, 302)),
    ("restore form of no archived measure", lambda w: f"/dash/archived/{w.finance_measure}/restore",
     (404, 404, 403, 403, 404, 302)),
    ("welcome", lambda w: "/dash/welcome", (302, 302, 302, 302, 302, 200)),
    ("dashboard home", lambda w: "/dash/", (302, 302, 302, 302, 302, 302)),
    ("old plans page", lambda w: "/plans/demo", (302, 302, 302, 302, 302, 302)),
    ("unknown sign-in link", lambda w: "/signin/" + "x" * 43, (410, 410, 410, 410, 410, 410)),
]  # fmt: skip

EDIT = {"timeframe": "ม.ค. 2570 - มี.ค. 2570", "divisions": ["กองคลัง", "กองช่าง"]}
ROLE = {"role": "chief", "division": ""}
POLICY = {"overdue_every_days": "5"}
HOLIDAY = {"day": "2030-02-03", "name": "วันหยุดพิเศษ"}

# path, form, then the status for each role as in GETS; only secretary and admin change demo
POSTS: list[tuple[str, Path_, dict[str, object], tuple[int, ...]]] = [
    ("edit measure", lambda w: f"/dash/measure/{w.finance_measure}/edit", EDIT,
     (302, 302, 403, 403, 404, 302)),
    ("edit another org's measure", lambda w: f"/dash/measure/{w.foreign_measure}/edit", EDIT,
     (404, 404, 403, 403, 302, 302)),
    ("invite", lambda w: "/dash/people/invite", {"role": "staff", "division": "กองคลัง"},
     (302, 302, 403, 403, 302, 302)),
    ("change role", lambda w: "/dash/people/p_staff3/role", ROLE, (302, 302, 403, 403, 404, 302)),
    ("change role in another org", lambda w: "/dash/people/p_other_secretary/role", ROLE,
     (404, 404, 403, 403, 400, 302)),
    ("remove access", lambda w: "/dash/people/p_staff3/remove", {},
     (302, 302, 403, 403, 404, 302)),
    ("policy", lambda w: "/dash/settings/policy", POLICY, (302, 302, 403, 403, 302, 302)),
    ("add holiday", lambda w: "/dash/settings/holidays", HOLIDAY, (302, 302, 403, 403, 302, 302)),
    ("remove holiday", lambda w: "/dash/settings/holidays/remove", {"day": "2030-01-02"},
     (302, 302, 403, 403, 302, 302)),
    ("archive measure", lambda w: f"/dash/measure/{w.finance_measure}/archive", {},
     (302, 302, 403, 403, 404, 302)),
    ("archive another org's measure", lambda w: f"/dash/measure/{w.foreign_measure}/archive", {},
     (404, 404, 403, 403, 302, 302)),
    ("restore a measure not archived", lambda w: f"/dash/archived/{w.foreign_measure}/restore",
     {}, (404, 404, 403, 403, 302, 302)),
    ("plan upload without a file", lambda w: "/dash/plan/import", {},
     (400, 400, 403, 403, 400, 302)),
    ("save an unknown preview", lambda w: "/dash/plan/import/abc123/save", {"mode": "add"},
     (410, 410, 403, 403, 410, 302)),
    ("unknown sign-in link", lambda w: "/signin/" + "x" * 43, {}, (410,) * 6),
    ("sign out", lambda w: "/dash/signout", {}, (200,) * 6),
]  # fmt: skip


@pytest.fixture()
def world(store: RedisStore, tmp_path: Path) -> World:
    return make_world(store, tmp_path)


def _client(world: World, role: str) -> FlaskClient:
    client = world.app.test_client()
    if role != "anon":
        sign_in(client, world, role)
    return client


def _cases(table: Sequence[tuple[Any, ...]], width: int) -> list[Any]:
    """One pytest case per (row, role): the row's arguments, the role, its expected status."""
    return [
        pytest.param(*row[1:width], role, row[width][i], id=f"{row[0]}-{role}")
        for row in table
        for i, role in enumerate(ROLES)
    ]


@pytest.mark.parametrize(("path", "role", "expected"), _cases(GETS, 2))
def test_get(world: World, path: Path_, role: str, expected: int) -> None:
    client = _client(world, role)
    response = client.get(path(world))
    assert response.status_code == expected, response.text[:500]
    if (
        expected == 302
        and role == "anon"
        and "/dash/" in path(world)
        and "welcome" not in path(world)
    ):
        assert response.headers["Location"].endswith("/dash/welcome")
    if expected in (403, 404):
        assert "ทำรายการไม่ได้" in response.text
    if expected == 410:
        assert "พิมพ์ เว็บ" in response.text


@pytest.mark.parametrize(("path", "form", "role", "expected"), _cases(POSTS, 3))
def test_post(world: World, path: Path_, form: dict[str, object], role: str, expected: int) -> None:
    client = _client(world, role)
    before = fingerprint(world.store.r)
    response = client.post(path(world), data={**form, "csrf_token": session_csrf(client)})
    assert response.status_code == expected, response.text[:500]
    changed = fingerprint(world.store.r) != before
    assert changed is (role in ("secretary", "admin") and expected == 302)


@pytest.mark.parametrize(("path", "form", "role", "_expected"), _cases(POSTS, 3))
def test_post_without_csrf_token_is_refused(
    world: World, path: Path_, form: dict[str, object], role: str, _expected: int
) -> None:
    client = _client(world, role)
    before = fingerprint(world.store.r)
    for data in (form, {**form, "csrf_token": "forged"}):
        response = client.post(path(world), data=data)
        assert response.status_code == 400
        assert "แบบฟอร์มนี้หมดอายุ" in response.text
    assert fingerprint(world.store.r) == before


def test_another_orgs_session_sees_only_its_plan(world: World) -> None:
    client = _client(world, "other")
    page = client.get("/dash/plan").text
    assert "มาตรการของหน่วยงานอื่น" in page
    assert world.finance_measure not in page


def test_staff_plan_is_their_division_only(world: World) -> None:
    client = _client(world, "staff")
    page = client.get("/dash/plan?division=สำนักปลัด").text
    assert world.finance_measure in page and world.office_measure not in page
    assert 'href="/dash/people"' not in page  # no links to pages they cannot open


def test_sign_out_needs_the_token(world: World) -> None:
    client = _client(world, "secretary")
    assert client.post("/dash/signout").status_code == 400
    assert client.get("/dash/plan").status_code == 200
    response = client.post("/dash/signout", data={"csrf_token": session_csrf(client)})
    assert response.status_code == 200
    assert client.get("/dash/plan").status_code == 302


def test_private_pages_are_not_cached_nor_framed(world: World) -> None:
    response = _client(world, "chief").get("/dash/plan")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
