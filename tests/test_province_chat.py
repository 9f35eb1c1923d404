"""A provincial viewer in chat: joins with a province invite, gets `สรุปจังหวัด`, edits nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.chat.core import ChatCore
from bot.chat.messages import Card
from bot.demo import ensure_demo
from bot.demo.province import TAMBON_ORG, VIEWER_ID
from bot.domain.model import Role
from bot.domain.province import province_of, province_scope
from bot.handlers import build_router
from bot.platforms.card_html import card_html
from bot.platforms.line.flex import card_flex
from bot.province.read import live_figures
from bot.store import keys as k
from bot.store.invites import create_province_invite
from bot.store.redis_store import RedisStore
from bot.summary.snapshots import SnapshotStore, summary_for
from tests.chat_helpers import Talker

pytestmark = pytest.mark.store
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)  # Sat 21 Nov 2026, 10:00 in Bangkok


@pytest.fixture()
def core(store: RedisStore, tmp_path: Path) -> ChatCore:
    ensure_demo(store, today=date(2026, 11, 18), province=True)
    return ChatCore(store, Config(data_dir=tmp_path), build_router(), clock=lambda: NOW)


def _card(talker: Talker) -> Card:
    return next(r for r in talker.last if isinstance(r, Card))


def test_province_invite_joins_as_a_viewer_of_that_province(core: ChatCore) -> None:
    invite = create_province_invite(core.store, "จังหวัดขอนแก่น", now=NOW)
    newcomer = Talker(core, "officer")
    answer = newcomer.send(invite.code)
    assert "ผู้ติดตามระดับจังหวัดขอนแก่น" in answer and "สรุปจังหวัด" in answer
    person = core.store.person_by_identity("simulator", "officer")
    assert person is not None and person.roles == [Role.PROVINCE]
    assert person.org_id == province_scope("ขอนแก่น") and province_of(person) == "ขอนแก่น"
    assert core.store.get_person(province_scope("ขอนแก่น"), person.id) is not None
    # a viewer is nobody's reminder recipient: no organisation is marked for planning
    assert not core.store.r.sismember(k.REPLAN, person.org_id)


def test_province_summary_ranks_the_organisations_with_the_summary_figures(
    core: ChatCore,
) -> None:
    viewer = Talker(core, VIEWER_ID)
    viewer.send("สรุปจังหวัด")
    card = _card(viewer)
    assert "ขอนแก่น" in card.alt_text and "2 หน่วยงาน" in card_html(card)
    snapshots = SnapshotStore(core.store.r)
    figures = {
        org: summary_for(core.store, snapshots, org, 2026, 11, NOW)["totals"]
        for org in ("demo", TAMBON_ORG)
    }
    # the same figures as `สรุป`: done, measures and overdue of each organisation
    for org, name in (("demo", "บ้านตัวอย่าง"), (TAMBON_ORG, "ท่าพระ")):
        totals = figures[org]
        line = next(part for part in card_html(card).split("<b>") if name in part)
        assert f"({totals['done']}/{totals['measures']})" in line
        assert f"เกินกำหนด {totals['overdue']} มาตรการ" in line
    best = max(figures, key=lambda org: figures[org]["percent_done"])
    first = card_html(card).split("1. ", 1)[1].split("</b>", 1)[0]
    assert ("ท่าพระ" in first) is (best == TAMBON_ORG)
    body = [node["text"] for node in card_flex(card)["body"]["contents"]]  # type: ignore[index]
    assert any("1. " in text for text in body)
    assert [o.data for o in card.options] == ["menu:web"]


def test_live_figures_match_each_organisations_summary(core: ChatCore) -> None:
    rows = {row.org_id: row for row in live_figures(core.store, "ขอนแก่น", NOW)}
    assert set(rows) == {"demo", TAMBON_ORG}
    for org_id, row in rows.items():
        totals = summary_for(core.store, SnapshotStore(core.store.r), org_id, 2026, 11, NOW)[
            "totals"
        ]
        assert (row.measures, row.done, row.overdue, row.percent_done) == (
            totals["measures"], totals["done"], totals["overdue"], totals["percent_done"],
        )  # fmt: skip


@pytest.mark.parametrize(
    "typed",
    ["งานของฉัน", "รายงาน", "รายงาน 1 เสร็จ ทำแล้ว", "แก้ไข", "แก้ไข 1 ระยะเวลา ต.ค.69-มี.ค.70",
     "สรุป", "ใครยังไม่รายงาน", "สถานะ", "เชิญ กองคลัง", "ลา ถึง 15 ธ.ค.", "กลับมาแล้ว",
     "บันทึก", "ตั้งค่า วันเตือนรายงาน=24", "เก็บมาตรการ 1", "ย้อนแผน"],
)  # fmt: skip
def test_every_edit_or_organisation_command_is_refused_in_thai(core: ChatCore, typed: str) -> None:
    before = {key: core.store.r.dump(key) for key in core.store.r.scan_iter("ita:demo*")}
    answer = Talker(core, VIEWER_ID).send(typed)
    assert "ใช้ดูความก้าวหน้าเท่านั้น" in answer
    after = {key: core.store.r.dump(key) for key in core.store.r.scan_iter("ita:demo*")}
    assert after == before


@pytest.mark.parametrize("data", ["mw:1", "rp:1", "ack:2026-11", "memoack:x", "menu:report"])
def test_tapped_choices_of_organisations_are_refused(core: ChatCore, data: str) -> None:
    assert "ใช้ดูความก้าวหน้าเท่านั้น" in Talker(core, VIEWER_ID).tap(data)


def test_help_menu_web_and_language_work_for_the_viewer(core: ChatCore) -> None:
    viewer = Talker(core, VIEWER_ID)
    answer = viewer.send("ช่วยเหลือ")
    assert "ผู้ติดตามระดับจังหวัดขอนแก่น" in answer and "สรุปจังหวัด" in answer
    assert [o.data for o in viewer.options()] == ["menu:province", "menu:web", "menu:help"]
    viewer.tap("menu:province")
    assert _card(viewer).alt_text
    assert "/signin/" in viewer.tap("menu:web")
    assert "/signin/" in viewer.send("เว็บ")
    assert viewer.send("English")
    viewer.send("province summary")
    assert "organisations" in card_html(_card(viewer))
    assert "only reads progress" in viewer.send("my work")
    viewer.send("ภาษาไทย")
    assert "ผู้ติดตามระดับจังหวัด:" in viewer.send("ช่วยเหลือ")
    assert viewer.send("อะไรก็ได้")  # not understood: answered with the viewer's menu
    assert [o.data for o in viewer.options()][0] == "menu:province"


def test_province_summary_is_only_for_provincial_viewers(core: ChatCore) -> None:
    assert "ไม่ได้เปิดให้บทบาทของคุณ" in Talker(core, "p_chief").send("สรุปจังหวัด")
    assert "ไม่ได้เปิดให้บทบาทของคุณ" in Talker(core, "t_secretary").send("สรุปจังหวัด")


def test_an_empty_province_says_so(core: ChatCore) -> None:
    invite = create_province_invite(core.store, "อ่างทอง", now=NOW)
    officer = Talker(core, "angthong")
    officer.send(invite.code)
    officer.send("สรุปจังหวัด")
    assert "ยังไม่มีหน่วยงานในจังหวัดอ่างทอง" in card_html(_card(officer))


def test_the_province_summary_counts_as_slow(core: ChatCore) -> None:
    from bot.chat.messages import Identity, Incoming, Kind, Platform
    from bot.chat.slow import is_slow

    viewer = Identity(Platform.LINE, "U-viewer")
    assert is_slow(core.router, Incoming(viewer, Kind.TEXT, text="สรุปจังหวัด"))
    assert is_slow(core.router, Incoming(viewer, Kind.CHOICE, data="menu:province"))
    assert not is_slow(core.router, Incoming(viewer, Kind.CHOICE, data="menu:web"))
