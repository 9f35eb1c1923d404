"""The secretary's chat commands: invites, who is late, status, edits, plan file, settings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.chat.core import ChatCore
from bot.chat.messages import Reply, Text
from bot.demo import ensure_demo
from bot.domain.model import Person
from bot.handlers import build_router
from bot.store.audit import entries
from bot.store.policies import PolicyStore
from bot.store.redis_store import RedisStore
from tests.chat_helpers import Talker
from tests.conftest import SHARED

pytestmark = pytest.mark.store
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


@pytest.fixture()
def core(store: RedisStore, tmp_path: Path) -> ChatCore:
    ensure_demo(store, today=date(2026, 11, 21))
    return ChatCore(store, Config(data_dir=tmp_path), build_router(), clock=lambda: NOW)


def test_invite_a_division_and_the_chief(core: ChatCore) -> None:
    secretary = Talker(core, "p_secretary")
    secretary.send("เชิญ กองคลัง")
    forward = next(r.text for r in secretary.last if "รหัสเชิญ:" in getattr(r, "text", ""))
    code = forward.split("รหัสเชิญ: ")[1].split()[0]
    assert "กองคลัง" in forward and len(code) == 8
    newcomer = Talker(core, "new-user")
    assert "เจ้าหน้าที่ กองคลัง" in newcomer.send(code)
    assert "ไม่รู้จักส่วนราชการ" in secretary.send("เชิญ กองดาราศาสตร์")
    secretary.send("เชิญ ผู้บริหาร")
    assert entries(core.store.r, "demo")[0].after["role"] == "chief"
    assert "ไม่ได้เปิดให้" in Talker(core, "p_staff2").send("เชิญ กองคลัง")


def test_who_is_late_and_status(core: ChatCore) -> None:
    secretary = Talker(core, "p_secretary")
    late = secretary.send("ใครยังไม่รายงาน")
    # One word for a measure everywhere (issue 13, defect 11): "มาตรการ 3", not "ข้อ 3".
    assert "สำนักปลัด" in late and "เกินกำหนด: มาตรการ 3" in late and "ข้อ 3" not in late
    assert "ยังไม่รายงาน: เจ้าหน้าที่กองคลัง" in late
    status = secretary.send("สถานะ")
    assert "IIT" in status and "ดำเนินการแล้ว" in status


def test_status_reads_well_on_a_phone(core: ChatCore) -> None:
    from dataclasses import replace

    first = core.store.measure_by_number("demo", 1)
    core.store.save_measure("demo", replace(first, assessment=None))  # a plan without IIT/EIT/OIT
    status = Talker(core, "p_secretary").send("สถานะ")
    # No internal names (issue 13, defect 8) and no block bars that wrap (defect 11).
    assert "none" not in status and "ไม่ระบุแบบ" in status
    assert not set("▓░█▒") & set(status)
    assert all(len(line) <= 36 for line in status.splitlines()), status
    assert "สำนักปลัด\n" in status  # a division's name on its own line, its figures below
    assert "0%" in status or "%)" in status


def test_policy_shows_thai_labels_and_takes_thai_names(core: ChatCore) -> None:
    secretary = Talker(core, "p_secretary")
    shown = secretary.send("ตั้งค่า")
    for raw in ("True", "False", "None", "[14, 7, 3, 1]", "_", "start_notice"):
        assert raw not in shown, raw
    assert "แจ้งก่อนครบ: 14, 7, 3, 1 วัน" in shown and "วันสรุปสัปดาห์: จันทร์" in shown
    assert "บันทึกการตั้งค่าแล้ว" in secretary.send("ตั้งค่า วันเตือนรายงาน=24 แจ้งเริ่ม=ปิด")
    policy = PolicyStore(core.store.r).get("demo")
    assert policy.nudge_day == 24 and policy.start_notice is False
    refused = secretary.send("ตั้งค่า วันเตือนรายงาน=99")
    assert "วันเตือนรายงาน" in refused and PolicyStore(core.store.r).get("demo").nudge_day == 24
    assert "วันเตือนรายงาน" in secretary.send("ตั้งค่า วันอะไรก็ได้=1")  # lists the names


def test_edit_timeframe_confirms_then_saves_with_audit(core: ChatCore) -> None:
    secretary = Talker(core, "p_secretary")
    before = core.store.measure_by_number("demo", 3)
    assert "ยืนยัน" in secretary.send("แก้ไข 3 ระยะเวลา ต.ค.69-มี.ค.70")
    assert core.store.measure_by_number("demo", 3) == before  # nothing before confirming
    assert "บันทึกการแก้ไข" in secretary.tap("ed:yes")
    after = core.store.measure_by_number("demo", 3)
    assert (after.start, after.end) == (date(2026, 10, 1), date(2027, 3, 31))
    entry = entries(core.store.r, "demo")[0]
    assert entry.action == "edit" and entry.before["end"] == "2026-10-31"
    assert "ใช้ไม่ได้แล้ว" in secretary.tap("ed:yes")
    answer = secretary.send("แก้ไข 3 ระยะเวลา มี.ค.70-ต.ค.69")
    assert "ก่อน" in answer or "สิ้นสุด" in answer
    assert core.store.measure_by_number("demo", 3) == after
    secretary.send("แก้ไข 3 ผู้รับผิดชอบ กองคลัง, ช่าง")
    secretary.tap("ed:yes")
    assert core.store.measure_by_number("demo", 3).divisions == ["กองคลัง", "กองช่าง"]


def test_plan_file_is_previewed_then_stored_on_confirm(core: ChatCore, tmp_path: Path) -> None:
    pushed: list[list[Reply]] = []
    core.notify = lambda person, replies: pushed.append(replies)
    sample = next((SHARED / "samples").glob("001_*.docx"))
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a word file")
    files = {"good": sample.read_bytes(), "bad": bad.read_bytes()}
    core.evidence.fetchers["simulator"] = lambda att: files[att.platform_ref]
    secretary = Talker(core, "p_secretary")
    count = len(core.store.measures("demo"))
    assert "กำลังอ่านแผน" in secretary.attach("bad", "plan.docx")
    core.evidence.wait()
    assert "plan.docx" in pushed[-1][0].text or "ไม่" in pushed[-1][0].text  # type: ignore[union-attr]
    secretary.attach("good", "plan.docx")
    core.evidence.wait()
    listing, preview = pushed[-1][0], pushed[-1][-1]
    assert isinstance(listing, Text) and "11 มาตรการ" in listing.text
    assert isinstance(preview, Text) and "แทนที่แผนเดิม" in preview.text
    assert len(core.store.measures("demo")) == count  # nothing stored before confirming
    secretary.last = [preview]
    assert "นำเข้าแผนแล้ว" in secretary.tap(preview.options[0].data)
    assert len(core.store.measures("demo")) == count + 11
    assert entries(core.store.r, "demo")[0].action == "import"
    assert "หมดอายุ" in secretary.tap(preview.options[0].data)


def test_policy_and_holidays_in_chat(core: ChatCore) -> None:
    secretary = Talker(core, "p_secretary")
    assert "บันทึกการตั้งค่าแล้ว" in secretary.send("ตั้งค่า nudge_day=24")
    assert PolicyStore(core.store.r).get("demo").nudge_day == 24
    answer = secretary.send("ตั้งค่า nudge_day=99")
    assert PolicyStore(core.store.r).get("demo").nudge_day == 24 and answer
    assert "เพิ่มวันหยุด" in secretary.send("วันหยุด เพิ่ม 2 ม.ค. 70 งานประจำปี")
    assert PolicyStore(core.store.r).holidays("demo") == {date(2027, 1, 2): "งานประจำปี"}
    assert "ลบวันหยุด" in secretary.send("วันหยุด ลบ 2 ม.ค. 70")
    assert [e.action for e in entries(core.store.r, "demo")][:3] == ["holiday", "holiday", "policy"]


def test_person_type_is_plain(core: ChatCore) -> None:
    assert isinstance(core.store.get_person("demo", "p_secretary"), Person)
