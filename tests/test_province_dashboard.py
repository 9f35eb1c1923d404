"""The province page and a provincial viewer on the dashboard: reads every organisation of
the province from the frozen month-end summaries, opens each read-only, changes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from bot.demo.province import TAMBON_ORG, VIEWER_ID, load_province_demo
from bot.domain.divisions import default_divisions
from bot.domain.model import Organisation, Role
from bot.domain.province import province_scope
from bot.domain.thai import today_bangkok
from bot.store.redis_store import RedisStore
from bot.summary.org_data import month_before, month_key
from bot.summary.snapshots import SnapshotStore
from bot.web.app_services import services
from bot.web.signin import create_signin_link
from tests.dashboard_helpers import (
    World,
    fingerprint,
    form_csrf,
    make_world,
    session_csrf,
    sign_in,
    token_of,
)
from tests.test_dashboard_access import POSTS

pytestmark = pytest.mark.store


@pytest.fixture()
def world(store: RedisStore, tmp_path: Path) -> World:
    built = make_world(store, tmp_path)  # the demo (ขอนแก่น) and "other" (no province)
    load_province_demo(store, today_bangkok())
    store.create_org(Organisation("far", "อบต.ไกล", default_divisions(), province="อ่างทอง"))
    return built


def _viewer_client(world: World) -> FlaskClient:
    client = world.app.test_client()
    person = world.store.get_person(province_scope("ขอนแก่น"), VIEWER_ID)
    assert person is not None and person.roles == [Role.PROVINCE]
    with world.app.app_context():
        link = create_signin_link(world.store, services().config, person)
    token = token_of(link)
    page = client.get(f"/signin/{token}")
    done = client.post(f"/signin/{token}", data={"csrf_token": form_csrf(page.text)})
    assert done.status_code == 302 and done.headers["Location"].endswith("/dash/province")
    return client


@pytest.fixture()
def viewer(world: World) -> Iterator[FlaskClient]:
    yield _viewer_client(world)


def _org_order(html: str) -> list[str]:
    return re.findall(r'<tr data-org="([^"]+)"', html)


def test_province_page_lists_the_provinces_organisations_from_frozen_summaries(
    world: World, viewer: FlaskClient
) -> None:
    page = viewer.get("/dash/province")
    assert page.status_code == 200
    assert sorted(_org_order(page.text)) == ["demo", TAMBON_ORG]  # not "other", not "far"
    assert "องค์การบริหารส่วนตำบลบ้านตัวอย่าง" in page.text and "เทศบาลตำบลท่าพระ" in page.text
    today = today_bangkok()
    last = month_before(today.year, today.month)
    for org_id in ("demo", TAMBON_ORG):  # the page froze the month nobody had frozen yet
        frozen = SnapshotStore(world.store.r).get(org_id, *last)
        assert frozen is not None and frozen["month"] == month_key(*last)
        measures = frozen["totals"]["measures"]
        row = page.text.split(f'data-org="{org_id}"')[1].split("</tr>")[0]
        assert f">{measures}<" in row
    assert f'href="/dash/province/org/{TAMBON_ORG}"' in page.text


def test_province_page_sorts_by_any_column_both_ways(world: World, viewer: FlaskClient) -> None:
    by_name = _org_order(viewer.get("/dash/province?sort=name&order=asc").text)
    names = {"demo": "องค์การบริหารส่วนตำบลบ้านตัวอย่าง", TAMBON_ORG: "เทศบาลตำบลท่าพระ"}
    assert by_name == sorted(names, key=names.__getitem__)
    assert _org_order(viewer.get("/dash/province?sort=name&order=desc").text) == by_name[::-1]
    by_measures = _org_order(viewer.get("/dash/province?sort=measures&order=desc").text)
    assert by_measures == ["demo", TAMBON_ORG]  # 24 measures against 15
    page = viewer.get("/dash/province?sort=measures&order=desc").text
    assert "sort=measures&amp;order=asc" in page  # a second click turns the order round
    assert viewer.get("/dash/province?sort=nonsense").status_code == 200


def test_a_month_not_ended_is_refused(world: World, viewer: FlaskClient) -> None:
    today = today_bangkok()
    response = viewer.get(f"/dash/province?month={today.year}-{today.month:02d}")
    assert response.status_code == 400
    assert viewer.get("/dash/province?month=garbage").status_code == 400


def test_viewer_opens_each_organisation_read_only(world: World, viewer: FlaskClient) -> None:
    assert viewer.get("/dash/plan").headers["Location"].endswith("/dash/province")
    opened = viewer.get(f"/dash/province/org/{TAMBON_ORG}")
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/dash/plan")
    plan = viewer.get("/dash/plan").text
    assert "กองสาธารณสุขและสิ่งแวดล้อม" in plan and "อ่านอย่างเดียว" in plan
    for page in ("/dash/summary", "/dash/people", "/dash/settings", "/dash/audit"):
        assert viewer.get(page).status_code == 200, page
    assert viewer.get("/dash/plan/import").status_code == 403
    viewer.get("/dash/province/org/demo")
    assert world.finance_measure in viewer.get("/dash/plan").text


def test_organisations_outside_the_province_are_not_found(
    world: World, viewer: FlaskClient
) -> None:
    for org_id in ("far", "other", "nothere", province_scope("ขอนแก่น")):
        assert viewer.get(f"/dash/province/org/{org_id}").status_code == 404
    assert viewer.get("/dash/plan").headers["Location"].endswith("/dash/province")
    viewer.get("/dash/province/org/demo")
    world.store.save_org(Organisation("demo", "ย้ายไปแล้ว", default_divisions(), province="อ่างทอง"))
    # moved out of the province since it was opened: back to the province page
    assert viewer.get("/dash/plan").headers["Location"].endswith("/dash/province")


WRITES = [row for row in POSTS if row[0] not in ("sign out", "unknown sign-in link")]


@pytest.mark.parametrize(("name", "path", "form"), [row[:3] for row in WRITES])
def test_every_write_is_refused_with_403(
    world: World, viewer: FlaskClient, name: str, path: object, form: dict[str, object]
) -> None:
    viewer.get("/dash/province/org/demo")
    before = fingerprint(world.store.r)
    url = path(world)  # type: ignore[operator]
    response = viewer.post(url, data={**form, "csrf_token": session_csrf(viewer)})
    assert response.status_code == 403, response.text[:300]
    place = viewer.post(
        "/dash/settings/place", data={"province": "อ่างทอง", "csrf_token": session_csrf(viewer)}
    )
    assert place.status_code == 403
    assert fingerprint(world.store.r) == before


def test_others_do_not_get_the_province_page(world: World) -> None:
    client = world.app.test_client()
    sign_in(client, world, "chief")
    assert client.get("/dash/province").status_code == 403
    assert client.get(f"/dash/province/org/{TAMBON_ORG}").status_code == 403
    assert client.get("/dash/plan").status_code == 200


def test_secretary_sets_the_place_and_the_province_follows(world: World) -> None:
    client = world.app.test_client()
    sign_in(client, world, "secretary")
    assert 'value="ขอนแก่น"' in client.get("/dash/settings").text
    response = client.post(
        "/dash/settings/place",
        data={"province": "จังหวัดอ่างทอง", "district": "อำเภอวิเศษชัยชาญ",
              "csrf_token": session_csrf(client)},
    )  # fmt: skip
    assert response.status_code == 302
    org = world.store.get_org("demo")
    assert org is not None and (org.province, org.district) == ("อ่างทอง", "วิเศษชัยชาญ")
    assert world.store.provinces.org_ids("อ่างทอง") == ["demo", "far"]
    assert world.store.provinces.org_ids("ขอนแก่น") == [TAMBON_ORG]
    assert "ที่ตั้งหน่วยงาน" in client.get("/dash/audit").text
    chief = world.app.test_client()
    sign_in(chief, world, "chief")
    refused = chief.post(
        "/dash/settings/place", data={"province": "ขอนแก่น", "csrf_token": session_csrf(chief)}
    )
    assert refused.status_code == 403
