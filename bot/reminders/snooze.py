"""Snoozing a reminder to the next working day: quiet for the rest of today, then its
measures come back in that day's one message (planned if there was none)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from bot.reminders.planner import PlannedMessage, ReminderItem


@dataclass(frozen=True)
class Snooze:
    """A person's snoozed reminder."""

    quiet_through: date  # no reminder on this day or before
    day: date  # the working day the items come back
    items: tuple[ReminderItem, ...]


def item_to_json(item: ReminderItem) -> dict[str, Any]:
    """Encode one reminder item."""
    return {
        "measure_id": item.measure_id,
        "number": item.number,
        "title": item.title,
        "kind": item.kind,
        "days_left": item.days_left,
        "end": item.end.isoformat() if item.end else None,
        "divisions": list(item.divisions),
    }


def item_from_json(data: dict[str, Any]) -> ReminderItem:
    """Decode one reminder item."""
    end = date.fromisoformat(data["end"]) if data.get("end") else None
    return ReminderItem(
        data["measure_id"],
        int(data["number"]),
        data["title"],
        data["kind"],
        data.get("days_left"),
        end,
        tuple(data.get("divisions") or ()),
    )


def moved_to(items: tuple[ReminderItem, ...], day: date) -> tuple[ReminderItem, ...]:
    """Return the items with their days left counted from another day."""
    return tuple(
        replace(item, days_left=(item.end - day).days if item.end else None) for item in items
    )


def snooze_to_json(snooze: Snooze) -> str:
    """Encode a snooze as stored."""
    return json.dumps(
        {
            "quiet_through": snooze.quiet_through.isoformat(),
            "day": snooze.day.isoformat(),
            "items": [item_to_json(i) for i in snooze.items],
        },
        ensure_ascii=False,
    )


def snooze_from_json(raw: str | bytes) -> Snooze:
    """Decode a stored snooze."""
    data = json.loads(raw)
    return Snooze(
        date.fromisoformat(data["quiet_through"]),
        date.fromisoformat(data["day"]),
        tuple(item_from_json(i) for i in data["items"]),
    )


def with_snoozed(msg: PlannedMessage, snooze: Snooze | None, day: date) -> PlannedMessage:
    """Add a snooze's items to that day's message (those it does not already carry)."""
    if snooze is None or snooze.day != day:
        return msg
    present = {i.measure_id for i in msg.items}
    extra = tuple(i for i in moved_to(snooze.items, day) if i.measure_id not in present)
    return replace(msg, items=msg.items + extra)


def is_quiet(snooze: Snooze | None, day: date) -> bool:
    """Whether reminders on day are held back by a snooze."""
    return snooze is not None and day <= snooze.quiet_through


def snooze_message(person_id: str, snooze: Snooze, at: datetime) -> PlannedMessage:
    """Return the message that brings a snooze's items back (when that day had none)."""
    return PlannedMessage(at, person_id, moved_to(snooze.items, snooze.day))
