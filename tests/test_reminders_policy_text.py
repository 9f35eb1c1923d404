"""The reminder policy in words: typed Thai names and readable values, never raw Python."""

from __future__ import annotations

from bot.reminders.policy import ReminderPolicy, parse_setting
from bot.reminders.policy_text import describe


def test_defaults_read_as_thai() -> None:
    lines = describe(ReminderPolicy())
    assert len(lines) == 13
    assert "• แจ้งเริ่ม: เปิด" in lines and "• เวลาส่ง: 08:30 น." in lines
    assert "• แจ้งเลขานุการ: เมื่อเลยกำหนด 3 วัน" in lines
    assert not any(raw in line for line in lines for raw in ("True", "None", "[", "_"))


def test_switched_off_settings_say_off() -> None:
    policy = parse_setting("แจ้งก่อนครบ", "ปิด", parse_setting("วันสรุปสัปดาห์", "ปิด"))
    lines = describe(policy)
    assert "• แจ้งก่อนครบ: ปิด" in lines and "• วันสรุปสัปดาห์: ปิด" in lines


def test_english_names_are_the_keys() -> None:
    assert "• digest_weekday: Monday" in describe(ReminderPolicy(), "en")
