"""Chasing from the secretary's chat (cost, confirmation, once) and snoozing a reminder."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.app.runtime import Runtime, build_runtime
from bot.chat.messages import Platform
from bot.delivery.planned import message_to_json
from bot.demo import ensure_demo
from bot.domain.thai import BANGKOK
from bot.reminders.preview import plan_org
from bot.store import keys as k
from bot.store.channel_record import new_channel
from bot.store.channels import channel_store
from bot.store.redis_store import RedisStore
from bot.store.schedule import message_id
from tests.chat_helpers import Talker
from tests.fakes import FakeLineServer
from tests.platform_helpers import platform_config

pytestmark = pytest.mark.store
TODAY = date(2026, 11, 24)  # a Tuesday
NOW = datetime.combine(TODAY, time(10), tzinfo=BANGKOK).astimezone(UTC)
STAFF = 6  # the demo has one staff member per division, none reported yet this month


def outbox(rt: Runtime, persona: str) -> list[bytes]:
    return rt.store.r.lrange(k.SIM_OUTBOX.format(user=persona), 0, -1)


@pytest.fixture()
def rt(store: RedisStore, fake_line: FakeLineServer, tmp_path: Path) -> Runtime:
    ensure_demo(store, today=TODAY)
    for report in store.latest_reports("demo").values():  # the demo's history is "now"
        store.r.zrem(k.org_key(k.REPORTS_BY_TIME, "demo"), f"{report.measure_id}/{report.id}")
    config = platform_config(fake_line).with_overrides(data_dir=tmp_path, with_clock=False)
    runtime = build_runtime(config, store)
    runtime.core.clock = lambda: NOW
    return runtime


def test_the_secretary_reminds_late_people_once_after_seeing_the_cost(
    rt: Runtime, fake_line: FakeLineServer
) -> None:
    for person_id in ("p_staff1", "p_staff2"):
        person = rt.store.get_person("demo", person_id)
        person.chat_ids["line"] = "U" + person_id.encode().hex().ljust(32, "0")[:32]
        rt.store.save_person(person)
    rt.store.r.hset(k.LINE_QUOTA, mapping={"limit": 300, "used": 295, "checked_at": "x"})
    secretary = Talker(rt.core, "p_secretary")
    secretary.send("ใครยังไม่รายงาน")
    assert secretary.options()[-1].data == "chase:ask"
    assert secretary.options()[-1].label == f"เตือนตอนนี้ ({STAFF} คน)"
    ask = secretary.tap("chase:ask")
    assert f"จะส่งแจ้งเตือนให้ {STAFF} คน" in ask and "เจ้าหน้าที่กองคลัง" in ask
    assert "ใช้โควตา LINE 2 ข้อความ (เดือนนี้ใช้ไปแล้ว 295 จาก 300)" in ask
    assert fake_line.pushes() == [] and outbox(rt, "p_staff3") == []  # nothing before confirming
    go = next(o.data for o in secretary.options() if o.data.startswith("chase:go:"))
    done = secretary.tap(go)
    assert f"ส่งแจ้งเตือนแล้ว {STAFF} คน (ใช้โควตา LINE 2 ข้อความ)" in done
    assert len(fake_line.pushes()) == 2
    pushed = fake_line.texts_to(rt.store.get_person("demo", "p_staff2").chat_id("line"))
    assert "นางสาวเลขา ติดตามงาน" in pushed[0] and "กองคลัง" in pushed[0]
    assert len(outbox(rt, "p_staff3")) == 1  # the simulator personas get theirs too
    # The same tap again (LINE redelivers, fingers double-tap): nothing more is sent.
    assert "ใช้ไม่ได้แล้ว" in secretary.tap(go)
    assert len(fake_line.pushes()) == 2 and len(outbox(rt, "p_staff3")) == 1


def test_people_on_leave_are_not_chased(rt: Runtime) -> None:
    rt.policies.set_absence("demo", "p_staff3", TODAY + timedelta(days=3))
    secretary = Talker(rt.core, "p_secretary")
    ask = secretary.tap("chase:ask")
    assert f"จะส่งแจ้งเตือนให้ {STAFF - 1} คน" in ask and "เจ้าหน้าที่กองช่าง" not in ask


def test_the_cost_says_when_the_quota_will_not_cover_it(rt: Runtime) -> None:
    for person in rt.store.people("demo"):
        person.chat_ids["line"] = "U" + person.id.encode().hex().ljust(32, "0")[:32]
        rt.store.save_person(person)
    rt.store.r.hset(k.LINE_QUOTA, mapping={"limit": 300, "used": 298, "checked_at": "x"})
    secretary = Talker(rt.core, "p_secretary")
    assert "เหลือ 2 ข้อความ" in secretary.tap("chase:ask")
    rt.store.r.set(k.LINE_QUOTA_EXHAUSTED, "1")
    assert "หมดแล้ว" in secretary.tap("chase:ask")
    assert "ยกเลิกแล้ว" in secretary.tap("chase:no")


def test_the_cost_is_counted_on_the_organisation_s_own_line_channel(rt: Runtime) -> None:
    own = new_channel("demo", Platform.LINE, "secret-demo", "token-demo", name="อบต.ตัวอย่าง")
    channel_store(rt.config, rt.store).save(own)
    for person in rt.store.people("demo"):  # everyone joined on the organisation's own OA
        person.chat_ids[f"line@{own.id}"] = "U" + person.id.encode().hex().ljust(32, "0")[:32]
        rt.store.save_person(person)
    rt.store.quota.save_line_quota("", 300, 298, "x")  # the deployment's: not demo's
    rt.store.quota.mark_line_exhausted("", 60)
    rt.store.quota.save_line_quota(own.id, 1000, 10, "x")
    secretary = Talker(rt.core, "p_secretary")
    answer = secretary.tap("chase:ask")
    assert "ใช้ไปแล้ว 10 จาก 1000" in answer and "หมดแล้ว" not in answer
    rt.store.quota.mark_line_exhausted(own.id, 60, "demo")
    assert "หมดแล้ว" in secretary.tap("chase:ask")


def test_the_chief_sees_who_is_late_without_the_button(rt: Runtime) -> None:
    chief = Talker(rt.core, "p_chief")
    chief.send("ใครยังไม่รายงาน")
    assert all(not o.data.startswith("chase") for o in chief.options())
    assert "ไม่ได้เปิดให้" in chief.tap("chase:ask")


def _day_with_items(rt: Runtime, person_id: str) -> date:
    """The first weekday of the month when the planner has a reminder for the person."""
    start = date(2026, 11, 2)
    planned = plan_org(rt.store, "demo", start, date(2026, 11, 27), rt.policies)
    return min(m.at.date() for m in planned if m.person_id == person_id)


def test_snooze_holds_today_and_brings_the_items_back_next_working_day(rt: Runtime) -> None:
    day = _day_with_items(rt, "p_staff2")
    rt.core.clock = lambda: datetime.combine(day, time(9), tzinfo=BANGKOK)
    today = [m for m in plan_org(rt.store, "demo", day, day, rt.policies)]
    mine = next(m for m in today if m.person_id == "p_staff2")
    rt.schedule.plan([message_to_json("demo", mine)])
    staff = Talker(rt.core, "p_staff2")
    answer = staff.tap(f"snz:{day.isoformat()}")
    snooze = rt.store.policies.snooze("demo", "p_staff2")
    assert snooze is not None and snooze.quiet_through == day and snooze.day > day
    assert rt.policies.calendar("demo").is_working_day(snooze.day)
    assert "เลื่อนแล้ว" in answer and str(mine.items[0].number) in answer
    # Today's message (not sent yet) is held back.
    assert rt.deliverer.deliver(message_id("demo", "p_staff2", day.isoformat())).status == (
        "not_needed"
    )
    # The next working day has one message with the snoozed measures, days left recounted.
    later = rt.deliverer.deliver(message_id("demo", "p_staff2", snooze.day.isoformat()))
    assert later.status == "sent"
    text = outbox(rt, "p_staff2")[-1].decode()
    assert all(f"{item.number}" in text for item in mine.items)
    assert rt.store.policies.snooze("demo", "p_staff2") is None


def test_a_snooze_joins_the_message_already_planned_for_that_day(rt: Runtime) -> None:
    from bot.reminders.planner import PlannedMessage, ReminderItem
    from bot.reminders.snooze import Snooze

    day, later = date(2026, 11, 24), date(2026, 11, 25)
    first = rt.store.measure_by_number("demo", 2)
    other = rt.store.measure_by_number("demo", 14)
    item = ReminderItem(first.id, 2, first.title, "due", 3, first.end, tuple(first.divisions))
    regular = ReminderItem(other.id, 14, other.title, "nudge", None, None, ())
    at = datetime.combine(later, time(8, 30), tzinfo=BANGKOK)
    rt.schedule.plan([message_to_json("demo", PlannedMessage(at, "p_staff2", (regular,)))])
    rt.store.policies.save_snooze("demo", "p_staff2", Snooze(day, later, (item,)))
    assert rt.deliverer.deliver(message_id("demo", "p_staff2", later.isoformat())).status == "sent"
    text = outbox(rt, "p_staff2")[-1].decode()
    assert "14 " in text and "2 " in text and len(outbox(rt, "p_staff2")) == 1
    assert rt.store.policies.snooze("demo", "p_staff2") is None


def test_nothing_to_snooze_and_a_bad_payload(rt: Runtime) -> None:
    chief = Talker(rt.core, "p_chief")
    assert "ไม่ได้เปิดให้" in chief.tap("snz:2026-11-24")
    staff = Talker(rt.core, "p_staff2", "simulator")
    assert "ใช้ไม่ได้แล้ว" in staff.tap("snz:not-a-day")
    rt.core.clock = lambda: datetime(2026, 11, 28, 3, tzinfo=UTC) + timedelta(days=400)
    assert "ไม่มีมาตรการค้าง" in staff.tap("snz:2027-12-30")
