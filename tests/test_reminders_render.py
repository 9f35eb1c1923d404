"""Rendering a planned reminder: Thai text with BE dates, days left, and choices."""

from __future__ import annotations

from datetime import date, datetime

from bot.chat.messages import Option, Text
from bot.domain.thai import BANGKOK
from bot.reminders.planner import PlannedMessage, ReminderItem, ReminderKind
from bot.reminders.render import MAX_OPTIONS, reminder_text, render_reminder

AT = datetime(2023, 9, 29, 8, 30, tzinfo=BANGKOK)


def item(
    number: int,
    kind: ReminderKind,
    days_left: int | None,
    end: date | None = date(2023, 9, 30),
    divisions: tuple[str, ...] = ("กองคลัง",),
) -> ReminderItem:
    return ReminderItem(
        f"m{number}",
        number,
        f"มาตรการที่ {number}",
        kind,
        days_left,
        end,
        divisions,
    )


def test_thai_reminder_with_days_left_and_overdue() -> None:
    msg = PlannedMessage(
        AT,
        "a1",
        (
            item(3, "overdue", -5, date(2023, 9, 24)),
            item(1, "due", 1),
            item(2, "before_end", 14, date(2023, 10, 13)),
        ),
    )
    text, options = render_reminder(msg)
    assert "29 ก.ย. 2566" in text  # Buddhist Era
    assert "เลยกำหนด 5 วัน (ครบ 24 ก.ย. 2566)" in text
    assert "เหลือ 1 วัน (ครบ 30 ก.ย. 2566)" in text
    assert "เหลือ 14 วัน" in text
    assert text.index("มาตรการที่ 3") < text.index("มาตรการที่ 1")  # overdue first
    assert "กองคลัง" not in text  # staff know their own division
    day = msg.at.date().isoformat()
    assert [o.data for o in options] == ["rm:3", "rm:1", "rm:2", "menu:my", f"snz:{day}"]
    assert options[-2] == Option("งานของฉัน", "menu:my")
    assert options[-1] == Option("เลื่อนวันทำการถัดไป", f"snz:{day}")


def test_due_today_and_no_deadline() -> None:
    msg = PlannedMessage(AT, "a1", (item(1, "due", 0), item(2, "nudge", None, None)))
    text, _ = render_reminder(msg)
    assert "ครบกำหนดวันนี้ (30 ก.ย. 2566)" in text
    assert "ไม่มีกำหนดเวลา" in text and "ยังไม่ได้รายงานความก้าวหน้า" in text


def test_options_are_capped_and_long_plans_are_cut() -> None:
    msg = PlannedMessage(AT, "sec", tuple(item(n, "overdue", -n) for n in range(1, 31)))
    text, options = render_reminder(msg)
    assert len(options) == MAX_OPTIONS + 2  # and "my measures", "snooze"
    assert "และอีก 10 รายการ" in text
    assert len(text) < 4096


def test_digest_names_late_divisions_and_owners() -> None:
    msg = PlannedMessage(
        AT,
        "sec",
        (item(4, "escalation", -3),),
        digest=True,
        missing_divisions=("สำนักปลัด", "กองช่าง"),
    )
    text, _ = render_reminder(msg)
    assert text.startswith("📋 สรุปประจำสัปดาห์")
    assert "ยังไม่รายงานความก้าวหน้าเดือน ก.ย. 2566: สำนักปลัด, กองช่าง" in text
    assert "เลยกำหนด 3 วัน" in text and "กองคลัง" in text


def test_chief_gets_no_report_choices_and_english_works() -> None:
    msg = PlannedMessage(AT, "chief", (item(4, "escalation", -14),))
    text, options = render_reminder(msg, "en", can_report=False)
    assert "14 days overdue (due 30 Sep 2023)" in text
    assert [o.data for o in options] == ["menu:my"]
    assert reminder_text(msg, "en", can_report=False) == Text(text, tuple(options))
