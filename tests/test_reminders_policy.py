"""The reminder policy: defaults, ``--set key=value`` settings, storage per organisation."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.domain.model import Organisation
from bot.reminders.policy import (
    PolicyError,
    ReminderPolicy,
    apply_settings,
    parse_setting,
)
from bot.store import keys as k
from bot.store.policies import PolicyStore
from bot.store.redis_store import RedisStore


def test_defaults() -> None:
    policy = ReminderPolicy()
    assert policy.start_notice and policy.due_notice and policy.enabled
    assert policy.before_end_days == (14, 7, 3, 1)
    assert policy.overdue_every_days == 7
    assert (policy.escalate_secretary_after, policy.escalate_chief_after) == (3, 14)
    assert policy.nudge_day == 25 and policy.digest_weekday == 0
    assert policy.digest_horizon_days == 14
    assert policy.send_time == policy.office_start == time(8, 30)
    assert policy.office_end == time(16, 30)


@pytest.mark.parametrize(
    ("key", "value", "field", "expected"),
    [
        ("before_end_days", "7,3", "before_end_days", (7, 3)),
        ("before-end-days", "๑,๑๔ ๗", "before_end_days", (14, 7, 1)),  # Thai digits, sorted
        ("before_end_days", "-", "before_end_days", ()),
        ("overdue_every_days", "0", "overdue_every_days", 0),
        ("overdue_every_days", "14", "overdue_every_days", 14),
        ("escalate_secretary_after", "5", "escalate_secretary_after", 5),
        ("escalate_chief_after", "ปิด", "escalate_chief_after", None),
        ("nudge_day", "20", "nudge_day", 20),
        ("nudge_day", "off", "nudge_day", None),
        ("digest_weekday", "วันศุกร์", "digest_weekday", 4),
        ("digest_weekday", "Tuesday", "digest_weekday", 1),
        ("digest_weekday", "3", "digest_weekday", 3),
        ("digest_weekday", "none", "digest_weekday", None),
        ("send_time", "09.15", "send_time", time(9, 15)),
        ("send_time", "10:00 น.", "send_time", time(10, 0)),
        ("start_notice", "ปิด", "start_notice", False),
        ("enabled", "off", "enabled", False),
        ("due_notice", "on", "due_notice", True),
        ("digest_horizon_days", "7", "digest_horizon_days", 7),
    ],
)
def test_parse_setting(key: str, value: str, field: str, expected: object) -> None:
    policy = parse_setting(key, value)
    assert getattr(policy, field) == expected
    assert parse_setting(key, value, policy) == policy


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("reminder_days", "7", "ไม่รู้จักการตั้งค่า"),
        ("overdue_every_days", "สัปดาห์ละครั้ง", "overdue_every_days"),
        ("overdue_every_days", "-1", "overdue_every_days"),
        ("before_end_days", "7,0", "before_end_days"),
        ("nudge_day", "32", "วันที่ 1-31"),
        ("digest_weekday", "someday", "วันในสัปดาห์"),
        ("send_time", "8 โมง", "เวลา"),
        ("send_time", "07:00", "นอกเวลาราชการ"),
        ("send_time", "17:00", "นอกเวลาราชการ"),
        ("office_end", "08:00", "ต้องมาก่อน"),
        ("start_notice", "maybe", "เปิด หรือ ปิด"),
    ],
)
def test_bad_settings_say_why_in_thai(key: str, value: str, words: str) -> None:
    with pytest.raises(PolicyError, match=words):
        parse_setting(key, value)


def test_apply_settings_all_at_once() -> None:
    # send_time 07:30 alone is outside the default office hours; together it is fine.
    policy = apply_settings(ReminderPolicy(), ["send_time=07:30", "office_start=07:00"])
    assert (policy.office_start, policy.send_time) == (time(7, 0), time(7, 30))
    with pytest.raises(PolicyError, match="ชื่อ=ค่า"):
        apply_settings(ReminderPolicy(), ["overdue_every_days"])


def test_json_round_trip() -> None:
    policy = apply_settings(
        ReminderPolicy(),
        [
            "before_end_days=10,2",
            "escalate_chief_after=off",
            "digest_weekday=ศุกร์",
            "office_start=07:30",
            "send_time=07:45",
            "start_notice=off",
        ],
    )
    assert ReminderPolicy.from_json(policy.to_json()) == policy
    assert ReminderPolicy.from_json({"unknown": 1}) == ReminderPolicy()
    assert ReminderPolicy().to_json()["send_time"] == "08:30"


@pytest.mark.store
def test_policy_per_organisation(store: RedisStore, org: Organisation) -> None:
    policies = PolicyStore(store.r)
    assert policies.get(org.id) == ReminderPolicy()
    changed = policies.update(org.id, ["overdue_every_days=14", "nudge_day=20"])
    assert policies.get(org.id) == changed
    assert changed.overdue_every_days == 14 and changed.nudge_day == 20
    assert policies.get("other") == ReminderPolicy()
    assert store.r.exists(k.org_key(k.REMINDER_POLICY, org.id))
    assert k.org_key(k.REMINDER_POLICY, org.id) == "ita:{demo}:reminders:policy"
    with pytest.raises(PolicyError):
        policies.update(org.id, ["nudge_day=99"])
    assert policies.get(org.id) == changed  # a bad setting changes nothing
    policies.reset(org.id)
    assert policies.get(org.id) == ReminderPolicy()


@pytest.mark.store
def test_policy_set_in_a_pipeline(store: RedisStore, org: Organisation) -> None:
    policies = PolicyStore(store.r)
    with store.r.pipeline() as pipe:
        policies.set(org.id, ReminderPolicy(nudge_day=None), pipeline=pipe)
        assert policies.get(org.id) == ReminderPolicy()
        pipe.execute()
    assert policies.get(org.id).nudge_day is None


@pytest.mark.store
def test_extra_holidays(store: RedisStore, org: Organisation) -> None:
    policies = PolicyStore(store.r)
    policies.add_holiday(org.id, date(2023, 9, 29), "งานประจำปี")
    policies.add_holiday(org.id, date(2023, 1, 16))
    assert policies.holidays(org.id) == {date(2023, 1, 16): "", date(2023, 9, 29): "งานประจำปี"}
    assert not policies.calendar(org.id).is_working_day(date(2023, 9, 29))
    assert policies.remove_holiday(org.id, date(2023, 1, 16))
    assert not policies.remove_holiday(org.id, date(2023, 1, 16))
    assert list(policies.holidays(org.id)) == [date(2023, 9, 29)]
    assert store.r.type(k.org_key(k.HOLIDAYS, org.id)) == b"hash"


@pytest.mark.store
def test_absences(store: RedisStore, org: Organisation) -> None:
    policies = PolicyStore(store.r)
    assert policies.absence(org.id, "p1") is None
    policies.set_absence(org.id, "p1", date(2023, 3, 15))
    policies.set_absence(org.id, "p2", date(2023, 4, 1))
    assert policies.absence(org.id, "p1") == date(2023, 3, 15)
    assert policies.absences(org.id) == {"p1": date(2023, 3, 15), "p2": date(2023, 4, 1)}
    assert policies.clear_absence(org.id, "p1")
    assert not policies.clear_absence(org.id, "p1")
    assert policies.absences(org.id) == {"p2": date(2023, 4, 1)}


@pytest.mark.parametrize(
    ("key", "field"),
    [("วันเตือนรายงาน", "nudge_day"), ("เวลาส่ง", "send_time"), ("แจ้งก่อนครบ", "before_end_days")],
)
def test_thai_setting_names_are_accepted(key: str, field: str) -> None:
    value = {"nudge_day": "20", "send_time": "09:00", "before_end_days": "7,1"}[field]
    by_thai = parse_setting(key, value)
    assert by_thai == parse_setting(field, value)


def test_unknown_setting_lists_the_thai_names() -> None:
    with pytest.raises(PolicyError, match="วันเตือนรายงาน"):
        parse_setting("วันไหน", "1")
