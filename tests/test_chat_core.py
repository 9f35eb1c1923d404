"""The reporting conversation through the platform-free core, on a real Redis."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.chat.core import ChatCore
from bot.chat.messages import Kind
from bot.demo import ensure_demo
from bot.domain.model import Role, Status
from bot.handlers import build_router
from bot.store.invites import create_invite
from bot.store.redis_store import RedisStore
from tests.chat_helpers import Talker

pytestmark = pytest.mark.store
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok


@pytest.fixture()
def core(store: RedisStore, tmp_path: Path) -> ChatCore:
    ensure_demo(store, today=date(2026, 11, 21))
    return ChatCore(store, Config(data_dir=tmp_path), build_router(), clock=lambda: NOW)


def staff(core: ChatCore, user: str = "U1", division: str = "กองคลัง") -> Talker:
    invite = create_invite(core.store, "demo", Role.STAFF, division=division, now=NOW)
    talker = Talker(core, user)
    assert "ยินดีต้อนรับ" in talker.send(invite.code)
    return talker


def test_stranger_is_told_how_to_join_and_nothing_else(core: ChatCore) -> None:
    talker = Talker(core, "stranger")
    answer = talker.send("งานของฉัน")
    assert "รหัสเชิญ" in answer
    assert talker.options() == []
    assert core.store.person_by_identity("simulator", "stranger") is None


def test_bad_codes_are_explained(core: ChatCore) -> None:
    talker = Talker(core, "x")
    assert "ไม่พบรหัสเชิญ" in talker.send("ABCDEFGH")
    used = create_invite(core.store, "demo", Role.STAFF, division="กองคลัง", now=NOW)
    Talker(core, "first").send(used.code)
    assert "ใช้ครบ" in talker.send(used.code)
    old = create_invite(core.store, "demo", Role.STAFF, days=-1, now=NOW)
    assert "หมดอายุ" in talker.send(f"/start {old.code}")


def test_my_measures_lists_overdue_first(core: ChatCore) -> None:
    talker = staff(core)
    answer = talker.send("งานของฉัน")
    assert "มาตรการของ กองคลัง" in answer
    lines = [line for line in answer.splitlines() if "·" in line]
    assert "เลยกำหนด" in lines[0] or "เหลือ" in lines[0]
    assert all(
        "กองคลัง" in (core.store.measure_by_number("demo", int(o.data.split(":")[1])).divisions)
        for o in talker.options()
        if o.data.startswith("rm:")
    )


def test_full_report_with_link_evidence_then_amend(core: ChatCore) -> None:
    talker = staff(core)
    talker.send("รายงาน")
    first = next(o for o in talker.options() if o.data.startswith("rm:"))
    number = int(first.data.split(":")[1])
    measure = core.store.measure_by_number("demo", number)
    before = len(core.store.reports("demo", measure.id))
    assert "สถานะ" in talker.tap(first.data)
    talker.tap("rs:done")
    talker.send("จัดทำคู่มือเผยแพร่แล้ว ๘๐%")
    assert "รับหลักฐานที่ 1" in talker.send("ดูที่ https://example.go.th/manual.pdf")
    confirm = talker.tap("re:done")
    assert "ถูกต้องหรือไม่" in confirm and "80%" in confirm
    assert "บันทึกรายงานแล้ว" in talker.tap("rc:yes")
    assert "บันทึกไปแล้ว" in talker.tap("rc:yes")  # a double tap saves nothing more
    reports = core.store.reports("demo", measure.id)[before:]
    assert len(reports) == 1
    assert reports[0].status is Status.DONE and reports[0].percent == 80
    assert reports[0].text == "จัดทำคู่มือเผยแพร่แล้ว"
    assert "แก้ไขรายงานล่าสุด" in talker.send("แก้ไข")
    talker.tap("rs:in_progress")
    talker.send("ยังต้องแก้คู่มือบางส่วน 60%")
    talker.tap("re:done")
    talker.tap("rc:yes")
    history = core.store.reports("demo", measure.id)[before:]
    assert [r.status for r in history] == [Status.DONE, Status.IN_PROGRESS]
    assert history[1].supersedes == history[0].id


def test_done_without_evidence_needs_a_reason(core: ChatCore) -> None:
    talker = staff(core)
    measure = core.store.measures_of_division("demo", "กองคลัง")[0]
    talker.send(f"รายงาน {measure.number}")
    talker.tap("rs:done")
    talker.send("เสร็จแล้ว")
    assert "เหตุผล" in talker.tap("re:none")
    talker.send("เอกสารอยู่ที่สำนักงาน")
    talker.tap("rc:yes")
    assert core.store.latest_report("demo", measure.id).skip_evidence_reason == ("เอกสารอยู่ที่สำนักงาน")


def test_shortcut_with_thai_digits(core: ChatCore) -> None:
    talker = staff(core)
    measure = core.store.measures_of_division("demo", "กองคลัง")[0]
    thai_number = str(measure.number).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    answer = talker.send(f"รายงาน {thai_number} กำลังทำ ประชุมแล้ว ๕๐%")
    assert "บันทึกรายงานแล้ว" in answer
    latest = core.store.latest_report("demo", measure.id)
    assert (latest.status, latest.percent, latest.text) == (Status.IN_PROGRESS, 50, "ประชุมแล้ว")
    assert "หลักฐาน" in talker.send(f"รายงาน {measure.number} เสร็จ จัดทำคู่มือแล้ว")


def test_other_division_is_refused_with_reason(core: ChatCore) -> None:
    talker = staff(core)
    other = next(
        m
        for m in core.store.measures_of_division("demo", "กองยุทธศาสตร์และงบประมาณ")
        if "กองคลัง" not in m.divisions
    )
    answer = talker.send(f"รายงาน {other.number} เสร็จ ทำแล้ว")
    assert "ไม่ใช่ กองคลัง" in answer
    assert core.store.latest_report("demo", other.id) is None
    assert "ไม่พบมาตรการหมายเลข 999" in talker.send("รายงาน 999 เสร็จ")


def test_bad_input_changes_nothing(core: ChatCore) -> None:
    talker = staff(core)
    before = core.store.latest_reports("demo")
    assert "ยาวเกินไป" in talker.send("ก" * 10_000)
    assert "ไม่เข้าใจ" in talker.send("🙂 hello สวัสดี 123")
    assert "ใช้ไม่ได้แล้ว" in talker.tap("rs:done")
    assert "ใช้ไม่ได้แล้ว" in talker.tap("zz:whatever")
    talker.send("รายงาน")
    talker.tap(next(o.data for o in talker.options() if o.data.startswith("rm:")))
    talker.tap("rs:in_progress")
    talker.send("ทำไปบ้าง")
    assert "10 MB" in talker.attach("big", "scan.pdf", size=50_000_000)
    assert "PDF, DOCX, XLSX" in talker.attach("exe", "virus.exe")
    assert "ยกเลิกแล้ว" in talker.send("ยกเลิก")
    assert core.store.latest_reports("demo") == before


def test_two_messages_at_once_do_not_corrupt_state(core: ChatCore) -> None:
    talker = staff(core)
    measure = core.store.measures_of_division("demo", "กองคลัง")[0]
    before = len(core.store.reports("demo", measure.id))
    talker.send(f"รายงาน {measure.number}")
    talker.tap("rs:in_progress")
    talker.send("ทำไปครึ่งหนึ่ง")
    talker.tap("re:done")
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(talker.tap("rc:yes"))) for _ in range(5)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum("บันทึกรายงานแล้ว" in r for r in results) == 1
    assert len(core.store.reports("demo", measure.id)) == before + 1


def test_evidence_file_is_fetched_checked_and_stored(core: ChatCore, tmp_path: Path) -> None:
    pdf = b"%PDF-1.4 test evidence"
    core.evidence.fetchers["simulator"] = lambda att: {"good": pdf, "bad": b"MZ\x90"}[
        att.platform_ref
    ]
    talker = staff(core)
    measure = core.store.measures_of_division("demo", "กองคลัง")[0]
    talker.send(f"รายงาน {measure.number} เสร็จ เผยแพร่แล้ว")
    talker.attach("good", "report.pdf")
    talker.attach("bad", "photo.jpg", kind=Kind.IMAGE)
    assert "photo.jpg" in talker.tap("re:done")  # refused after download: said, and dropped
    talker.tap("re:done")
    talker.tap("rc:yes")
    core.evidence.wait()
    ids = core.store.latest_report("demo", measure.id).evidence
    records = [core.evidence.get("demo", i) for i in ids]
    assert records[0]["state"] == "ok" and records[0]["mime"] == "application/pdf"
    assert core.evidence.read(records[0]["sha256"]) == pdf
    rejected = [m.decode() for m in core.store.r.smembers("ita:{demo}:evidence:rejected")]
    assert len(ids) == 1 and [core.evidence.get("demo", i)["state"] for i in rejected] == [
        "rejected"
    ]


def test_english_setting(core: ChatCore) -> None:
    talker = staff(core)
    assert "English" in talker.send("English")
    assert "Measures of กองคลัง" in talker.send("my measures")
    assert "ตั้งค่าภาษาไทยแล้ว" in talker.send("ภาษาไทย")


def test_leave_pauses_reminders_until_a_date(core: ChatCore) -> None:
    from bot.store.policies import PolicyStore

    talker = staff(core)
    person = core.store.person_by_identity("simulator", "U1")
    assert "หยุดแจ้งเตือนถึง 15 มี.ค. 2570" in talker.send("ลา ถึง ๑๕ มี.ค.")
    assert PolicyStore(core.store.r).absence("demo", person.id) == date(2027, 3, 15)
    assert "อ่านวันที่" in talker.send("ลา ถึง วันไหนก็ได้")
    assert "ยินดีต้อนรับกลับ" in talker.send("กลับมาแล้ว")
    assert PolicyStore(core.store.r).absence("demo", person.id) is None


@pytest.mark.parametrize("entry", ["my", "report", "amend", "help", "summary", "cancel", "nope"])
def test_every_menu_entry_answers(core: ChatCore, entry: str) -> None:
    for persona in ("p_staff2", "p_secretary", "p_chief"):
        talker = Talker(core, persona)
        answer = talker.tap(f"menu:{entry}")
        assert talker.last, (persona, entry)
        assert "เกิดข้อผิดพลาด" not in answer, (persona, entry)
        if entry == "summary" and persona == "p_staff2":
            assert "ไม่ได้เปิดให้" in answer
        if entry == "report" and persona == "p_chief":
            assert "ไม่ได้เปิดให้" in answer


def test_idle_step_ends_politely_after_30_minutes(core: ChatCore) -> None:
    from bot.store import keys as k

    talker = staff(core)
    measure = core.store.measures_of_division("demo", "กองคลัง")[0]
    talker.send(f"รายงาน {measure.number}")
    talker.tap("rs:in_progress")
    core.store.r.delete(k.CONVERSATION.format(platform="simulator", user="U1"))  # 30 min pass
    before = core.store.reports("demo", measure.id)
    # A draft is never dropped silently (issue 13): it is offered back, to keep or drop.
    answer = talker.send("ประชุมแล้ว 50%")
    assert "ค้างไว้เกิน 30 นาที" in answer and "ยังไม่ได้บันทึก" in answer
    assert core.store.reports("demo", measure.id) == before
    resumed = talker.tap("rd:keep")  # back at its step, with what was said before
    assert "ทำรายงานเดิมต่อ" in resumed and "อยู่ระหว่างดำเนินการ" in resumed
    assert "หลักฐาน" in talker.send("ประชุมแล้ว 50%")
    talker.tap("re:none")
    assert "บันทึกรายงานแล้ว" in talker.tap("rc:yes")
    assert len(core.store.reports("demo", measure.id)) == len(before) + 1
    # A step with nothing said yet just ends, politely, as before.
    talker.send(f"รายงาน {measure.number}")
    core.store.r.delete(k.CONVERSATION.format(platform="simulator", user="U1"))
    assert "หมดเวลา" in talker.send("ประชุมแล้ว 50%")
    assert "ไม่เข้าใจ" in talker.send("ประชุมแล้ว 50%")  # said once, then back to normal
    talker.send(f"รายงาน {measure.number}")
    core.store.r.delete(k.CONVERSATION.format(platform="simulator", user="U1"))
    assert "มาตรการของ" in talker.send("งานของฉัน")  # a command just runs


def test_evidence_left_pending_by_a_crash_is_fetched_by_the_sweep(core: ChatCore) -> None:
    from bot.store import keys as k

    pdf = b"%PDF-1.4 evidence"
    calls: list[str] = []

    def flaky(att):  # type: ignore[no-untyped-def]
        calls.append(att.platform_ref)
        if len(calls) == 1:
            raise ConnectionError("platform unreachable")
        return pdf

    core.evidence.fetchers["simulator"] = flaky
    talker = staff(core)
    measure = core.store.measures_of_division("demo", "กองคลัง")[0]
    talker.send(f"รายงาน {measure.number} เสร็จ เผยแพร่แล้ว")
    talker.attach("scan-1", "scan.pdf")
    talker.tap("re:done")
    talker.tap("rc:yes")
    core.evidence.wait()
    evidence_id = core.store.latest_report("demo", measure.id).evidence[0]
    assert core.evidence.get("demo", evidence_id)["state"] == "failed"
    assert core.evidence.retry_stale(older_than=0) == 1
    core.evidence.wait()
    record = core.evidence.get("demo", evidence_id)
    assert record["state"] == "ok" and record["attempts"] == "1"
    assert core.store.r.zcard(k.EVIDENCE_PENDING) == 0
    assert core.evidence.retry_stale(older_than=0) == 0


@pytest.mark.parametrize(
    "typed", ["ABCD1234", "รหัส ELETE25X", "รหัสเชิญ: abcd-1234", "code XK2P9Q7", "/start ZZZZ0000"]
)
def test_wrong_invite_like_codes_are_told_not_found(core: ChatCore, typed: str) -> None:
    # Not the generic greeting (issue 13, defect 9): the person typed a code, and it is wrong.
    answer = Talker(core, "stranger").send(typed)
    assert "ไม่พบรหัสเชิญ" in answer
    assert core.store.person_by_identity("simulator", "stranger") is None


def test_a_code_after_a_word_still_joins(core: ChatCore) -> None:
    invite = create_invite(core.store, "demo", Role.STAFF, division="กองคลัง", now=NOW)
    assert "ยินดีต้อนรับ" in Talker(core, "newcomer").send(f"รหัส {invite.code.lower()}")


@pytest.mark.parametrize("typed", ["สวัสดี", "hello", "งานของฉัน", "ขอรหัสหน่อย"])
def test_other_words_from_strangers_get_the_how_to_join(core: ChatCore, typed: str) -> None:
    answer = Talker(core, "stranger").send(typed)
    assert "รหัสเชิญ" in answer and "ไม่พบรหัสเชิญ" not in answer
