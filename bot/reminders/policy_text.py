"""The reminder policy in words for people: Thai names they can type and readable values."""

from __future__ import annotations

import calendar
import dataclasses
from datetime import time

from bot.reminders.policy import WEEKDAYS_TH, ReminderPolicy, _hm, thai_name
from bot.texts import t


def describe(policy: ReminderPolicy, lang: str = "th") -> list[str]:
    """Return one readable line per setting: its typed name and its value in words."""
    return [
        t(
            "setting.line",
            lang,
            name=thai_name(f.name, lang),
            value=_value_words(f.name, policy, lang),
        )
        for f in dataclasses.fields(policy)
    ]


def _value_words(name: str, policy: ReminderPolicy, lang: str) -> str:
    value = getattr(policy, name)
    off = t("setting.off", lang)
    if isinstance(value, bool):
        return t("setting.on" if value else "setting.off", lang)
    if isinstance(value, time):
        return t("setting.time", lang, time=_hm(value))
    if value is None or (name in ("before_end_days", "overdue_every_days") and not value):
        return off
    if name == "before_end_days":
        return t("setting.days", lang, days=", ".join(map(str, value)))
    if name == "overdue_every_days":
        return t("setting.every_days", lang, days=value)
    if name.startswith("escalate_"):
        return t("setting.after_days", lang, days=value)
    if name == "nudge_day":
        return t("setting.day_of_month", lang, day=value)
    if name == "digest_weekday":
        return WEEKDAYS_TH[value] if lang == "th" else calendar.day_name[value]
    return t("setting.days", lang, days=value)
