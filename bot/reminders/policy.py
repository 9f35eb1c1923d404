"""The reminder policy of an organisation: its settings, parsed from Thai or English names."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import time
from typing import Any

from bot.domain.thai import to_arabic_digits
from bot.texts import t

WEEKDAYS_TH = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
_WEEKDAYS_EN = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ON = {"1", "true", "yes", "on", "เปิด", "ใช่"}
_OFF = {"0", "false", "no", "off", "ปิด", "ไม่"}
_NONE = {"", "-", "none", "off", "ปิด", "ไม่มี"}


class PolicyError(ValueError):
    """A reminder setting that cannot be used; the message is for the user (Thai)."""


@dataclass(frozen=True)
class ReminderPolicy:
    """When reminders go out and to whom; one per organisation, defaults below.

    Overdue cadence: on the end date, then every ``overdue_every_days`` (7) days
    while the measure is not done (end+7, end+14, ...); 0 stops after the end date.
    """

    start_notice: bool = True  # the division hears when a timeframe starts
    before_end_days: tuple[int, ...] = (14, 7, 3, 1)
    due_notice: bool = True  # on the end date itself
    overdue_every_days: int = 7
    escalate_secretary_after: int | None = 3  # days overdue; None = never
    escalate_chief_after: int | None = 14
    nudge_day: int | None = 25  # day of month; clamped to the month's last day
    digest_weekday: int | None = 0  # Monday; None = no digest
    digest_horizon_days: int = 14  # the digest lists what is due within this many days
    send_time: time = time(8, 30)
    office_start: time = time(8, 30)
    office_end: time = time(16, 30)
    enabled: bool = True

    def __post_init__(self) -> None:
        hours = {"start": _hm(self.office_start), "end": _hm(self.office_end)}
        if not self.office_start < self.office_end:
            raise PolicyError(t("reminders.office_hours_order", **hours))
        if not self.office_start <= self.send_time <= self.office_end:
            raise PolicyError(t("reminders.send_outside_office", time=_hm(self.send_time), **hours))
        if any(day < 1 for day in self.before_end_days) or self.overdue_every_days < 0:
            raise PolicyError(t("reminders.bad_days"))
        object.__setattr__(
            self, "before_end_days", tuple(sorted(set(self.before_end_days), reverse=True))
        )

    def to_json(self) -> dict[str, Any]:
        """Return the policy as JSON-ready data (times as "08:30")."""
        data: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            data[f.name] = _hm(value) if isinstance(value, time) else value
        data["before_end_days"] = list(self.before_end_days)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReminderPolicy:
        """Build a policy from stored JSON; unknown keys are ignored, missing ones default."""
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key in _PARSERS:
                text = ",".join(map(str, value)) if isinstance(value, list) else value
                values[key] = _parse_value(key, "off" if text is None else str(text))
        return _replace(cls(), values)


def _hm(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def _bool(text: str) -> bool:
    if text in _ON:
        return True
    if text in _OFF:
        return False
    raise ValueError


def _int(text: str) -> int:
    return int(text)


def _optional_int(text: str) -> int | None:
    return None if text in _NONE else int(text)


def _days(text: str) -> tuple[int, ...]:
    if text in _NONE:
        return ()
    days = tuple(int(part) for part in re.split(r"[,\s]+", text) if part)
    if any(day < 1 for day in days):
        raise ValueError
    return days


def _time(text: str) -> time:
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?:\s*น\.?)?", text)
    if not m:
        raise ValueError
    return time(int(m[1]), int(m[2]))


def _weekday(text: str) -> int | None:
    if text in _NONE:
        return None
    if text.isdigit() and 0 <= int(text) <= 6:
        return int(text)
    name = text.removeprefix("วัน")
    for i, (th, en) in enumerate(zip(WEEKDAYS_TH, _WEEKDAYS_EN, strict=True)):
        if name == th or name.startswith(en):
            return i
    raise ValueError


def _day_of_month(text: str) -> int | None:
    value = _optional_int(text)
    if value is not None and not 1 <= value <= 31:
        raise ValueError
    return value


def _positive(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise ValueError
    return value


def _non_negative(text: str) -> int:
    value = _int(text)
    if value < 0:
        raise ValueError
    return value


def _optional_positive(text: str) -> int | None:
    return None if text in _NONE else _positive(text)


# Setting name -> (parser, key of the text describing the expected value).
_PARSERS: dict[str, tuple[Callable[[str], Any], str]] = {
    "start_notice": (_bool, "reminders.expect.bool"),
    "before_end_days": (_days, "reminders.expect.days"),
    "due_notice": (_bool, "reminders.expect.bool"),
    "overdue_every_days": (_non_negative, "reminders.expect.int"),
    "escalate_secretary_after": (_optional_positive, "reminders.expect.optional_int"),
    "escalate_chief_after": (_optional_positive, "reminders.expect.optional_int"),
    "nudge_day": (_day_of_month, "reminders.expect.day_of_month"),
    "digest_weekday": (_weekday, "reminders.expect.weekday"),
    "digest_horizon_days": (_positive, "reminders.expect.int"),
    "send_time": (_time, "reminders.expect.time"),
    "office_start": (_time, "reminders.expect.time"),
    "office_end": (_time, "reminders.expect.time"),
    "enabled": (_bool, "reminders.expect.bool"),
}
SETTING_NAMES = tuple(_PARSERS)


def thai_name(name: str, lang: str = "th") -> str:
    """Return the short name of a setting that people type in chat ("วันเตือนรายงาน")."""
    return t(f"setting.name.{name}", lang)


def _setting_name(key: str) -> str:
    name = key.strip().lower().replace("-", "_")
    if name in _PARSERS:
        return name
    compact = re.sub(r"\s+", "", key)
    for setting in _PARSERS:
        if compact in (thai_name(setting), re.sub(r"\s+", "", t(f"dashboard.setting.{setting}"))):
            return setting
    names = ", ".join(f"{thai_name(s)} ({s})" for s in SETTING_NAMES)
    raise PolicyError(t("reminders.bad_key", key=key, keys=names))


def _parse_value(name: str, value: str, shown: str | None = None) -> Any:
    parser, expected = _PARSERS[name]
    try:
        return parser(to_arabic_digits(value).strip().lower())
    except ValueError:
        # The setting is named as the person wrote it: Thai in chat, the key on the CLI.
        raise PolicyError(
            t("reminders.bad_value", key=shown or name, value=value, expected=t(expected))
        ) from None


def _replace(base: ReminderPolicy, values: dict[str, Any]) -> ReminderPolicy:
    # All at once: checking office hours after each change would reject valid pairs.
    return dataclasses.replace(base, **values)


def parse_setting(key: str, value: str, base: ReminderPolicy | None = None) -> ReminderPolicy:
    """Return base (or the defaults) with one setting changed; PolicyError in Thai if bad."""
    name = _setting_name(key)
    return _replace(base or ReminderPolicy(), {name: _parse_value(name, value, key.strip())})


def apply_settings(base: ReminderPolicy, settings: Iterable[str]) -> ReminderPolicy:
    """Apply ``key=value`` strings (from ``--set``) together; PolicyError in Thai if bad."""
    values: dict[str, Any] = {}
    for setting in settings:
        key, sep, value = setting.partition("=")
        if not sep or not key.strip():
            raise PolicyError(t("reminders.bad_setting_format", text=setting))
        name = _setting_name(key)
        values[name] = _parse_value(name, value, key.strip())
    return _replace(base, values)
