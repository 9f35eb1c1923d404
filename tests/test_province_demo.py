"""The demo's province: two organisations of ขอนแก่น and a provincial viewer persona."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.app.runtime import build_runtime
from bot.demo import DEMO_ORG, DEMO_PROVINCE, ensure_demo, load_demo
from bot.demo.province import TAMBON_ORG, VIEWER_ID
from bot.domain.province import province_scope
from bot.store.redis_store import RedisStore
from bot.web import create_app

pytestmark = pytest.mark.store
TODAY = date(2026, 11, 21)


def test_demo_with_province_loads_two_organisations_and_a_viewer(store: RedisStore) -> None:
    assert ensure_demo(store, today=TODAY, province=True) == DEMO_ORG
    assert store.provinces.org_ids(DEMO_PROVINCE) == [DEMO_ORG, TAMBON_ORG]
    tambon = store.require_org(TAMBON_ORG)
    assert tambon.name.startswith("เทศบาลตำบล") and tambon.district
    assert "กองสาธารณสุขและสิ่งแวดล้อม" in [d.name for d in tambon.divisions]
    own = store.measures(TAMBON_ORG)
    assert 0 < len(own) < len(store.measures(DEMO_ORG))  # its own plan variant
    assert any("กองสาธารณสุขและสิ่งแวดล้อม" in m.divisions for m in own)
    assert store.latest_reports(TAMBON_ORG)
    viewer = store.person_by_identity("simulator", VIEWER_ID)
    assert viewer is not None and viewer.org_id == province_scope(DEMO_PROVINCE)
    assert {p.chat_id("simulator") for p in store.people(TAMBON_ORG)}.isdisjoint(
        {p.chat_id("simulator") for p in store.people(DEMO_ORG)}
    )


def test_loading_again_changes_nothing_and_reset_starts_over(store: RedisStore) -> None:
    load_demo(store, today=TODAY, province=True)
    measures = {m.id for m in store.measures(TAMBON_ORG)}
    assert load_demo(store, today=TODAY, province=True) is None
    assert {m.id for m in store.measures(TAMBON_ORG)} == measures
    assert load_demo(store, today=TODAY, reset=True, province=True) == DEMO_ORG
    assert {m.id for m in store.measures(TAMBON_ORG)}.isdisjoint(measures)
    assert store.provinces.org_ids(DEMO_PROVINCE) == [DEMO_ORG, TAMBON_ORG]


def test_a_store_with_the_demo_from_before_gets_the_province_too(store: RedisStore) -> None:
    ensure_demo(store, today=TODAY)  # the demo alone, as `make run` loaded it before
    assert store.get_org(TAMBON_ORG) is None
    ensure_demo(store, today=TODAY, province=True)
    assert store.get_org(TAMBON_ORG) is not None


def test_simulator_offers_the_viewer_and_both_organisations_personas(
    store: RedisStore, tmp_path: Path
) -> None:
    ensure_demo(store, today=TODAY, province=True)
    app = create_app(build_runtime(Config(data_dir=tmp_path, demo=False, with_clock=False), store))
    page = app.test_client().get("/").text
    assert f'data-id="{VIEWER_ID}"' in page and "ผู้ติดตามระดับจังหวัด" in page
    assert 'data-id="t_secretary"' in page and 'data-id="p_secretary"' in page
    sent = app.test_client().post("/simulator/send", data={"persona": VIEWER_ID,
                                                            "text": "สรุปจังหวัด"})  # fmt: skip
    assert sent.status_code == 200 and "เทศบาลตำบลท่าพระ" in sent.text
