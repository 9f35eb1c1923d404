"""Shared setup for the dashboard tests: the demo, a second organisation, signing in."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import redis
from flask import Flask
from flask.testing import FlaskClient

from bot.app.config import Config
from bot.app.runtime import build_runtime
from bot.demo import ensure_demo
from bot.domain.divisions import default_divisions
from bot.domain.model import Measure, Organisation, Person, Report, Role, Status
from bot.domain.thai import BANGKOK, today_bangkok
from bot.store import keys as k
from bot.store.policies import PolicyStore
from bot.store.redis_store import RedisStore, new_id
from bot.web import create_app
from bot.web.app_services import services
from bot.web.signin import create_signin_link
from tests.conftest import redis_snapshot

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OTHER_ORG = "other"
PERSONAS = {
    "secretary": ("demo", "p_secretary"),
    "admin": ("demo", "p_admin"),
    "chief": ("demo", "p_chief"),
    "staff": ("demo", "p_staff2"),  # กองคลัง
    "other": (OTHER_ORG, "p_other_secretary"),
}


@dataclass
class World:
    """The app with the ids the tests use."""

    app: Flask
    store: RedisStore
    finance_measure: str  # a measure of กองคลัง (p_staff2's division)
    office_measure: str  # a measure of สำนักปลัด only
    foreign_measure: str  # a measure of the other organisation
    finance_evidence: str
    office_evidence: str
    foreign_evidence: str
    holiday: str  # ISO date of a day off of the demo organisation


def _evidence(app: Flask, store: RedisStore, org: str, measure: str, name: str) -> str:
    """Store a PNG as evidence of a new report on the measure; return the evidence id."""
    with app.app_context():
        service = services().core.evidence
    evidence_id = new_id("ev")
    key = k.org_key(k.EVIDENCE, org, evidence=evidence_id)
    store.r.hset(key, mapping={"kind": "file", "state": "pending", "name": name})
    service.store_bytes(org, evidence_id, PNG)
    report = Report(
        new_id("r"),
        measure,
        Status.IN_PROGRESS,
        datetime.now(BANGKOK),
        "p_staff2",
        "simulator",
        percent=30,
        text="ส่งภาพประกอบ",
        evidence=[evidence_id],
    )
    store.add_report(org, report)
    return evidence_id


def make_world(
    store: RedisStore,
    tmp_path: Path,
    public_url: str = "http://127.0.0.1:8000",
    **settings: str,
) -> World:
    """Load the demo, an admin, a second organisation and evidence; build the app."""
    ensure_demo(store, today=today_bangkok())
    store.save_person(Person("p_admin", "demo", "ผู้ดูแล ระบบ", [Role.ADMIN]))
    store.create_org(Organisation(OTHER_ORG, "เทศบาลตำบลอื่น", default_divisions()))
    foreign = store.save_plan(
        OTHER_ORG, [Measure("", 0, "มาตรการของหน่วยงานอื่น", divisions=["กองคลัง"])]
    ).measures[0]
    store.save_person(Person("p_other_secretary", OTHER_ORG, "เลขา หน่วยงานอื่น", [Role.SECRETARY]))
    config = Config(
        data_dir=tmp_path,
        public_url=public_url,
        demo=False,
        with_clock=False,
    ).with_overrides(**settings)
    app = create_app(build_runtime(config, store))
    app.config["TESTING"] = True
    measures = store.measures("demo")
    finance = next(m for m in measures if m.divisions == ["กองคลัง"])
    office = next(m for m in measures if m.divisions == ["สำนักปลัด"])
    holiday = "2030-01-02"
    PolicyStore(store.r).add_holiday("demo", date(2030, 1, 2), "วันทดสอบ")
    return World(
        app=app, store=store, finance_measure=finance.id, office_measure=office.id,
        foreign_measure=foreign.id,
        finance_evidence=_evidence(app, store, "demo", finance.id, "ภาพ.png"),
        office_evidence=_evidence(app, store, "demo", office.id, "office.png"),
        foreign_evidence=_evidence(app, store, OTHER_ORG, foreign.id, "foreign.png"),
        holiday=holiday,
    )  # fmt: skip


def token_of(link: str) -> str:
    """Return the token at the end of a sign-in link."""
    return link.rstrip("/").rsplit("/", 1)[1]


def form_csrf(html: str) -> str:
    """Return the CSRF token of the first form on a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def sign_in(client: FlaskClient, world: World, persona: str) -> None:
    """Sign a test client in as a persona through a real one-time link."""
    org, person_id = PERSONAS[persona]
    person = world.store.get_person(org, person_id)
    assert person is not None
    with world.app.app_context():
        link = create_signin_link(world.store, services().config, person)
    token = token_of(link)
    page = client.get(f"/signin/{token}")
    assert page.status_code == 200
    done = client.post(f"/signin/{token}", data={"csrf_token": form_csrf(page.text)})
    assert done.status_code == 302, done.text


def session_csrf(client: FlaskClient) -> str:
    """Return the CSRF token held in the client's session (putting one there if none)."""
    with client.session_transaction() as sess:
        token = sess.setdefault("csrf", "test-csrf-token")
    return str(token)


def fingerprint(client: redis.Redis, org: str = "demo") -> dict[bytes, object]:
    """Everything of an organisation a dashboard POST could change (invites, identities too)."""
    keys = [
        key
        for key in client.scan_iter(match=k.org_pattern(org))
        if b":summary:" not in key and not key.endswith(b":sessions")
    ]
    keys += [
        found
        for found in client.scan_iter(match="ita:invite:*")
        if client.hget(found, "org") == org.encode()
    ]
    keys += [
        found
        for found in client.scan_iter(match="ita:user:*:identity")
        if json.loads(client.get(found) or "{}").get("org_id") == org
    ]
    return redis_snapshot(client, keys=keys)
