"""The report conversation as a new user meets it: drafts, typed labels, amendments, taps."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.chat.core import ChatCore
from bot.chat.messages import Kind
from bot.demo import ensure_demo
from bot.domain.model import Measure, Role, Status
from bot.domain.thai import BANGKOK
from bot.handlers import build_router
from bot.reminders.planner import PlannedMessage, ReminderItem
from bot.reminders.render import render_reminder
from bot.report.document import prepare
from bot.report.official import build_document
from bot.store.invites import create_invite
from bot.store.redis_store import RedisStore
from tests.chat_helpers import Talker

pytestmark = pytest.mark.store
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok
PDF = b"%PDF-1.4 evidence"


@pytest.fixture()
def core(store: RedisStore, tmp_path: Path) -> ChatCore:
    ensure_demo(store, today=date(2026, 11, 21))
    chat = ChatCore(store, Config(data_dir=tmp_path), build_router(), clock=lambda: NOW)
    chat.evidence.fetchers["simulator"] = lambda att: PDF
    return chat


def staff(core: ChatCore, user: str = "U1", division: str = "กองคลัง") -> Talker:
    invite = create_invite(core.store, "demo", Role.STAFF, division=division, now=NOW)
    talker = Talker(core, user)
    assert "ยินดีต้อนรับ" in talker.send(invite.code)
    return talker


def two_measures(core: ChatCore) -> tuple[Measure, Measure]:
    fresh = [
        m
        for m in core.store.measures_of_division("demo", "กองคลัง")
        if core.store.latest_report("demo", m.id) is None
    ]
    return fresh[0], fresh[1]


def label(talker: Talker, data: str) -> str:
    return next(o.label for o in talker.options() if o.data == data)


def count(core: ChatCore, measure: Measure) -> int:
    return len(core.store.reports("demo", measure.id))


# --- defect 1: a draft is never thrown away without asking ---


def test_a_new_report_command_asks_before_dropping_an_open_draft(core: ChatCore) -> None:
    talker = staff(core)
    eleven, twelve = two_measures(core)
    before = count(core, twelve)
    talker.send(f"รายงาน {eleven.number}")
    talker.tap("rs:done")
    talker.send("จัดทำคู่มือแล้ว")
    talker.attach("a", "first.pdf")
    talker.attach("b", "second.pdf")
    answer = talker.send(f"รายงาน {twelve.number} กำลังทำ ๕๐%")
    assert f"มาตรการ {eleven.number}" in answer and "ยังไม่ได้บันทึก" in answer
    assert "2" in answer  # the evidence the draft holds
    assert count(core, twelve) == before
    keep, drop = (o.data for o in talker.options()[:2])
    assert keep == "rd:keep" and drop == "rd:drop"
    # Keep it (typing the button's label works as the tap), then finish it.
    resumed = talker.send(label(talker, "rd:keep"))
    assert "หลักฐาน" in resumed and "2" in resumed
    talker.tap("re:done")
    assert "บันทึกรายงานแล้ว" in talker.tap("rc:yes")
    saved = core.store.latest_report("demo", eleven.id)
    assert saved.text == "จัดทำคู่มือแล้ว" and len(saved.evidence) == 2
    assert count(core, twelve) == before


def test_dropping_the_draft_runs_the_new_command(core: ChatCore) -> None:
    talker = staff(core)
    eleven, twelve = two_measures(core)
    talker.send(f"รายงาน {eleven.number}")
    talker.tap("rs:in_progress")
    talker.send("ประชุมแล้ว")
    assert "ยังไม่ได้บันทึก" in talker.send(f"รายงาน {twelve.number} กำลังทำ จัดซื้อแล้ว ๕๐%")
    answer = talker.tap("rd:drop")
    assert "ทิ้งร่าง" in answer and "บันทึกรายงานแล้ว" in answer
    latest = core.store.latest_report("demo", twelve.id)
    assert (latest.status, latest.percent, latest.text) == (Status.IN_PROGRESS, 50, "จัดซื้อแล้ว")
    assert core.store.latest_report("demo", eleven.id) is None


def test_a_reminder_button_and_the_menu_ask_too(core: ChatCore) -> None:
    talker = staff(core)
    eleven, twelve = two_measures(core)
    talker.send(f"รายงาน {eleven.number}")
    talker.tap("rs:in_progress")
    talker.send("ประชุมแล้ว")
    assert "ยังไม่ได้บันทึก" in talker.tap(f"rm:{twelve.number}")
    assert "ยังไม่ได้บันทึก" in talker.tap("menu:report")
    assert "ยังไม่ได้บันทึก" in talker.send("แก้ไข")
    assert "ผลการดำเนินการ" in talker.tap("rd:keep")  # back at the text step's draft


# --- defect 2: every button label, typed, works as the tap ---


def test_typed_labels_work_as_taps(core: ChatCore) -> None:
    talker = staff(core)
    eleven, _ = two_measures(core)
    talker.send(f"รายงาน {eleven.number}")
    talker.send(label(talker, "rs:done"))
    talker.send("เผยแพร่แล้ว")
    assert "รับหลักฐานที่ 1" in talker.send("https://example.go.th/a.pdf")
    assert "ถูกต้องหรือไม่" in talker.send("เสร็จสิ้น")
    assert "บันทึกรายงานแล้ว" in talker.send(label(talker, "rc:yes"))
    assert core.store.latest_report("demo", eleven.id).status is Status.DONE
    # A menu label that is not a command word ("แก้ไขรายงานล่าสุด") opens the amendment.
    talker.send("ช่วยเหลือ")
    assert "แก้ไขรายงานล่าสุด" in talker.send(label(talker, "menu:amend"))


def test_typed_no_evidence_label_asks_for_the_reason(core: ChatCore) -> None:
    talker = staff(core)
    eleven, _ = two_measures(core)
    talker.send(f"รายงาน {eleven.number} เสร็จ ทำแล้ว")
    assert "เหตุผล" in talker.send("ไม่มีหลักฐาน")


# --- defects 3 and 4: percent out of range, no text ---


@pytest.mark.parametrize("typed", ["150%", "ร้อยละ ๑๒๐", "-5%"])
def test_percent_outside_0_100_is_refused_with_the_reason(core: ChatCore, typed: str) -> None:
    talker = staff(core)
    eleven, _ = two_measures(core)
    answer = talker.send(f"รายงาน {eleven.number} กำลังทำ ประชุมแล้ว {typed}")
    assert "0-100" in answer and "ยังไม่ได้บันทึก" in answer
    assert core.store.latest_report("demo", eleven.id) is None
    talker.send(f"รายงาน {eleven.number}")
    talker.tap("rs:in_progress")
    assert "0-100" in talker.send(f"ประชุมแล้ว {typed}")
    assert "หลักฐาน" in talker.send("ประชุมแล้ว 40%")  # still at the text step, then on


def test_a_shortcut_without_text_asks_what_was_done(core: ChatCore) -> None:
    talker = staff(core)
    eleven, twelve = two_measures(core)
    answer = talker.send(f"รายงาน {eleven.number} กำลังทำ")
    assert "พิมพ์สิ่งที่ได้ดำเนินการ" in answer
    assert core.store.latest_report("demo", eleven.id) is None
    talker.send("ประชุมคณะทำงานแล้ว")
    talker.tap("re:none")
    talker.tap("rc:yes")
    latest = core.store.latest_report("demo", eleven.id)
    assert (latest.status, latest.text) == (Status.IN_PROGRESS, "ประชุมคณะทำงานแล้ว")
    # A percent alone is not a result either; the percent is kept for the text that follows.
    assert "พิมพ์สิ่งที่ได้ดำเนินการ" in talker.send(f"รายงาน {twelve.number} กำลังทำ 30%")
    assert "พิมพ์สิ่งที่ได้ดำเนินการ" in talker.send("30%")
    talker.send("จัดซื้อแล้วบางส่วน")
    talker.tap("re:none")
    talker.tap("rc:yes")
    latest = core.store.latest_report("demo", twelve.id)
    assert (latest.percent, latest.text) == (30, "จัดซื้อแล้วบางส่วน")


# --- defect 6: an amendment starts from the previous report ---


def report_done_with_evidence(core: ChatCore, talker: Talker, measure: Measure) -> None:
    talker.send(f"รายงาน {measure.number} เสร็จ จัดทำคู่มือแล้ว 100%")
    talker.attach("scan", "manual.pdf")
    talker.tap("re:done")
    talker.tap("rc:yes")
    core.evidence.wait()


def test_amend_starts_from_the_previous_report_and_keeps_evidence(core: ChatCore) -> None:
    talker = staff(core)
    eleven, _ = two_measures(core)
    report_done_with_evidence(core, talker, eleven)
    first = core.store.latest_report("demo", eleven.id)
    answer = talker.send("แก้ไข")
    assert "จัดทำคู่มือแล้ว" in answer and "manual.pdf" in answer
    # Change one field (the text) in at most three taps: here one tap plus the typing.
    taps = 0
    talker.tap("rf:text")
    taps += 1
    assert "จัดทำคู่มือและเผยแพร่แล้ว" in talker.send("จัดทำคู่มือและเผยแพร่แล้ว")
    assert "บันทึกรายงานแล้ว" in talker.tap("rc:yes")
    taps += 1
    assert taps <= 3
    amended = core.store.latest_report("demo", eleven.id)
    assert amended.supersedes == first.id
    assert amended.evidence == first.evidence and amended.status is Status.DONE
    assert amended.text == "จัดทำคู่มือและเผยแพร่แล้ว" and amended.percent == 100
    # The official report lists the kept evidence, not "ไม่มีหลักฐาน".
    doc = build_document(
        core.store, core.evidence, "demo", "month", date(2026, 11, 1), date(2026, 11, 30), 2570
    )
    rows = [r for s in prepare(doc).sections for r in s.rows if r.title.endswith(eleven.title)]
    assert rows and "- manual.pdf" in rows[0].evidence
    assert not any("ไม่มีหลักฐาน" in line for line in rows[0].result_lines())


def test_amend_the_status_in_three_taps(core: ChatCore) -> None:
    talker = staff(core)
    eleven, _ = two_measures(core)
    report_done_with_evidence(core, talker, eleven)
    talker.send("แก้ไข")
    talker.tap("rf:status")
    assert "rf:back" in {o.data for o in talker.options()}  # "no change" goes back, keeps all
    talker.tap("rs:in_progress")
    assert "บันทึกรายงานแล้ว" in talker.tap("rc:yes")
    amended = core.store.latest_report("demo", eleven.id)
    assert amended.status is Status.IN_PROGRESS and amended.text == "จัดทำคู่มือแล้ว"
    assert len(amended.evidence) == 1


def test_amend_removes_evidence_only_when_asked(core: ChatCore) -> None:
    talker = staff(core)
    eleven, _ = two_measures(core)
    report_done_with_evidence(core, talker, eleven)
    talker.send("แก้ไข")
    assert "manual.pdf" in talker.tap("rf:evidence")
    talker.tap("rx:0")
    # A done measure left without evidence needs a reason, as a new report does.
    assert "เหตุผล" in talker.tap("re:done")
    talker.send("ส่งเอกสารตัวจริงให้สำนักปลัดแล้ว")
    talker.tap("rc:yes")
    amended = core.store.latest_report("demo", eleven.id)
    assert amended.evidence == [] and amended.skip_evidence_reason


# --- missing 3 and 4: problems and suggestions, next steps ---


def test_problems_and_suggestions_fill_the_official_column(core: ChatCore) -> None:
    talker = staff(core)
    eleven, _ = two_measures(core)
    talker.send(f"รายงาน {eleven.number}")
    talker.tap("rs:in_progress")
    talker.send("ประชุมแล้ว 40%")
    talker.tap("re:none")
    assert "ข้อเสนอแนะ" in label(talker, "rf:suggest")
    assert "ปัญหา" in talker.tap("rf:suggest")
    answer = talker.send("งบประมาณไม่เพียงพอ ควรขอจัดสรรเพิ่ม")
    assert "ถูกต้องหรือไม่" in answer and "งบประมาณไม่เพียงพอ" in answer
    saved = talker.tap("rc:yes")
    assert "บันทึกรายงานแล้ว" in saved
    assert core.store.latest_report("demo", eleven.id).suggestion == (
        "งบประมาณไม่เพียงพอ ควรขอจัดสรรเพิ่ม"
    )
    doc = build_document(
        core.store, core.evidence, "demo", "month", date(2026, 11, 1), date(2026, 11, 30), 2570
    )
    rows = [r for s in prepare(doc).sections for r in s.rows if r.title.endswith(eleven.title)]
    assert rows[0].suggestion == ("งบประมาณไม่เพียงพอ ควรขอจัดสรรเพิ่ม",)


def test_after_saving_the_next_steps_are_offered(core: ChatCore) -> None:
    talker = staff(core)
    eleven, _ = two_measures(core)
    assert "บันทึกรายงานแล้ว" in talker.send(f"รายงาน {eleven.number} กำลังทำ ประชุมแล้ว")
    offered = {o.data for o in talker.options()}
    assert {"menu:report", "menu:my"} <= offered
    assert "เลือกมาตรการ" in talker.tap("menu:report")


# --- missing 9: a report in four taps from a reminder ---


def test_from_a_reminder_to_a_saved_report_with_a_photo_in_four_taps(core: ChatCore) -> None:
    talker = staff(core)
    eleven, _ = two_measures(core)
    person = core.store.person_by_identity("simulator", "U1")
    item = ReminderItem(eleven.id, eleven.number, eleven.title, "due", 0, eleven.end)
    at = datetime(2026, 11, 23, 8, 30, tzinfo=BANGKOK)
    _, options = render_reminder(PlannedMessage(at, person.id, (item,)))
    talker.last = []
    taps = 0

    def tap(data: str) -> str:
        nonlocal taps
        taps += 1
        return talker.tap(data)

    button = next(o for o in options if o.data.endswith(f":{eleven.number}"))
    assert "สถานะ" in tap(button.data)
    tap(label_of_status(talker, Status.DONE))
    assert "หลักฐาน" in talker.attach("photo-1", "", kind=Kind.IMAGE)  # at the text step
    answer = talker.send("ติดประกาศที่บอร์ดหน้าสำนักงานแล้ว")
    if "ถูกต้องหรือไม่" not in answer:
        tap("re:done")
    assert "บันทึกรายงานแล้ว" in tap("rc:yes")
    assert taps <= 4
    latest = core.store.latest_report("demo", eleven.id)
    assert latest.status is Status.DONE and len(latest.evidence) == 1
    assert latest.text == "ติดประกาศที่บอร์ดหน้าสำนักงานแล้ว"


def label_of_status(talker: Talker, status: Status) -> str:
    return next(o.data for o in talker.options() if o.data == f"rs:{status.value}")


@pytest.mark.parametrize("typed", ["ยืนยันครับ", "OK", "ถูกต้องค่ะ", "ตกลง"])
def test_a_typed_yes_at_the_summary_saves_and_does_not_become_the_text(
    core: ChatCore, typed: str
) -> None:
    talker = staff(core)
    eleven, _ = two_measures(core)
    talker.send(f"รายงาน {eleven.number}")
    talker.tap("rs:in_progress")
    talker.send("ประชุมแล้ว")
    talker.tap("re:none")
    assert "บันทึกรายงานแล้ว" in talker.send(typed)
    assert core.store.latest_report("demo", eleven.id).text == "ประชุมแล้ว"
