"""Planned messages as the schedule stores them: id, retry key, send time, items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.reminders.planner import PlannedMessage, ReminderItem


def retry_key(message_id: str) -> str:
    """The push retry key of a planned message: its identity, never what it still holds."""
    return f"reminder|{message_id}"


def message_to_json(org_id: str, msg: PlannedMessage) -> dict[str, Any]:
    """Encode a planned message for the schedule (id, retry key and send time included)."""
    day = msg.at.date().isoformat()
    message_id = f"{org_id}|{msg.person_id}|{day}"
    return {
        "id": message_id,
        # Fixed when planned: a redelivery after a crash, however much of the message is
        # still due by then, repeats this key, and LINE answers 409 instead of pushing twice.
        "retry_key": retry_key(message_id),
        "org": org_id,
        "person": msg.person_id,
        "day": day,
        "at": msg.at.timestamp(),
        "at_iso": msg.at.isoformat(),
        "digest": msg.digest,
        "missing": list(msg.missing_divisions),
        "items": [
            {
                "measure_id": i.measure_id,
                "number": i.number,
                "title": i.title,
                "kind": i.kind,
                "days_left": i.days_left,
                "end": i.end.isoformat() if i.end else None,
                "divisions": list(i.divisions),
            }
            for i in msg.items
        ],
    }


def message_from_json(data: dict[str, Any]) -> PlannedMessage:
    """Decode a planned message from the schedule."""
    items = tuple(
        ReminderItem(
            i["measure_id"],
            i["number"],
            i["title"],
            i["kind"],
            i["days_left"],
            date.fromisoformat(i["end"]) if i["end"] else None,
            tuple(i["divisions"]),
        )
        for i in data["items"]
    )
    return PlannedMessage(
        datetime.fromisoformat(data["at_iso"]),
        data["person"],
        items,
        data["digest"],
        tuple(data["missing"]),
    )
