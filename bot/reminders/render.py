"""Turn a planned reminder into the text and choices one person receives."""

from __future__ import annotations

from datetime import date

from bot.chat.messages import Option, Text
from bot.domain.thai import (
    BANGKOK,
    format_date_en,
    format_date_th,
    format_month_en,
    format_month_th,
)
from bot.reminders.planner import PlannedMessage, ReminderItem
from bot.texts import t

MAX_LINES = 20  # keeps the text well under Telegram's 4,096 characters
MAX_OPTIONS = 8  # measure choices; with "งานของฉัน" well within LINE's 13 quick replies
TITLE_CHARS = 70
# Sections in the order they are shown; "due" also holds the "before_end" items.
_SECTIONS = (
    ("escalation", ("escalation",)),
    ("overdue", ("overdue",)),
    ("due", ("due", "before_end")),
    ("start", ("start",)),
    ("nudge", ("nudge",)),
)


def _date(d: date, lang: str) -> str:
    return format_date_en(d) if lang == "en" else format_date_th(d)


def _month(d: date, lang: str) -> str:
    return format_month_en(d.year, d.month) if lang == "en" else format_month_th(d.year, d.month)


def _title(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"


def when_text(item: ReminderItem, lang: str = "th") -> str:
    """Return "เหลือ 3 วัน (ครบ …)", "ครบกำหนดวันนี้", "เลยกำหนด 5 วัน" or "ไม่มีกำหนดเวลา"."""
    if item.end is None or item.days_left is None:
        return t("reminders.no_deadline", lang)
    end = _date(item.end, lang)
    if item.days_left < 0:
        return t("reminders.overdue", lang, days=-item.days_left, end=end)
    if item.days_left == 0:
        return t("reminders.due_today", lang, end=end)
    return t("reminders.days_left", lang, days=item.days_left, end=end)


def _line(item: ReminderItem, lang: str, with_divisions: bool) -> str:
    values = {"number": item.number, "title": _title(item.title), "when": when_text(item, lang)}
    if with_divisions and item.divisions:
        return t("reminders.line_divisions", lang, divisions=", ".join(item.divisions), **values)
    return t("reminders.line", lang, **values)


def render_reminder(
    msg: PlannedMessage, lang: str = "th", can_report: bool = True
) -> tuple[str, list[Option]]:
    """Return the text and its choices: "rm:{number}" per measure, "menu:my", "snz:{day}"."""
    day = msg.at.astimezone(BANGKOK).date()
    head = "reminders.head_digest" if msg.digest else "reminders.head"
    blocks = [t(head, lang, date=_date(day, lang))]
    if msg.missing_divisions:
        blocks.append(
            t(
                "reminders.missing",
                lang,
                month=_month(day, lang),
                divisions=", ".join(msg.missing_divisions),
            )
        )
    # The secretary and the chief follow several divisions: say whose measure it is.
    with_divisions = msg.digest or any(i.kind == "escalation" for i in msg.items)
    shown = 0
    for section, kinds in _SECTIONS:
        items = [i for i in msg.items if i.kind in kinds]
        room = MAX_LINES - shown
        if not items or room <= 0:
            continue
        lines = [t(f"reminders.section.{section}", lang, month=_month(day, lang))]
        lines += [_line(item, lang, with_divisions) for item in items[:room]]
        shown += min(len(items), room)
        blocks.append("\n".join(lines))
    if len(msg.items) > shown:
        blocks.append(t("reminders.more", lang, count=len(msg.items) - shown))
    options: list[Option] = []
    if can_report and msg.items:
        blocks.append(t("reminders.tip", lang))
        options = [
            Option(f"{item.number} {_title(item.title)}", f"rm:{item.number}")
            for item in msg.items[:MAX_OPTIONS]
        ]
    options.append(Option(t("menu.my_measures", lang), "menu:my"))
    if can_report and msg.items:  # not today: bring these back on the next working day
        options.append(Option(t("chase.snooze_button", lang), f"snz:{day.isoformat()}"))
    return "\n\n".join(blocks), options


def reminder_text(msg: PlannedMessage, lang: str = "th", can_report: bool = True) -> Text:
    """Return the reminder as a plain ``Text`` reply for the platforms."""
    text, options = render_reminder(msg, lang, can_report)
    return Text(text, tuple(options))
