"""Reminder policies, an organisation's own days off, absences and snoozes on Redis."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

import redis

from bot.reminders.calendar import WorkCalendar
from bot.reminders.policy import ReminderPolicy, apply_settings
from bot.reminders.snooze import Snooze, snooze_from_json, snooze_to_json
from bot.store import keys as k
from bot.store.codec import as_text
from bot.store.replan import mark_replan

Pipeline = redis.client.Pipeline


class PolicyStore:
    """Per-organisation reminder policy, extra holidays and absences, on Redis."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    # --- policy ---
    def get(self, org_id: str) -> ReminderPolicy:
        """Return the organisation's policy, or the defaults when none is stored."""
        raw = self.r.get(k.org_key(k.REMINDER_POLICY, org_id))
        return ReminderPolicy.from_json(json.loads(raw)) if raw else ReminderPolicy()

    def set(self, org_id: str, policy: ReminderPolicy, pipeline: Pipeline | None = None) -> None:
        """Store the organisation's policy."""
        raw = json.dumps(policy.to_json(), separators=(",", ":"))
        (pipeline or self.r).set(k.org_key(k.REMINDER_POLICY, org_id), raw)
        mark_replan(pipeline or self.r, org_id)

    def update(self, org_id: str, settings: Iterable[str]) -> ReminderPolicy:
        """Apply ``key=value`` settings to the stored policy, store and return it."""
        policy = apply_settings(self.get(org_id), settings)
        self.set(org_id, policy)
        return policy

    def reset(self, org_id: str) -> None:
        """Go back to the default policy."""
        self.r.delete(k.org_key(k.REMINDER_POLICY, org_id))
        mark_replan(self.r, org_id)

    # --- holidays ---
    def add_holiday(
        self, org_id: str, day: date, name: str = "", pipeline: Pipeline | None = None
    ) -> None:
        """Add (or rename) a day off of this organisation."""
        (pipeline or self.r).hset(k.org_key(k.HOLIDAYS, org_id), day.isoformat(), name)
        mark_replan(pipeline or self.r, org_id)

    def remove_holiday(self, org_id: str, day: date) -> bool:
        """Remove a day off the organisation added; return whether it was there."""
        mark_replan(self.r, org_id)
        return bool(self.r.hdel(k.org_key(k.HOLIDAYS, org_id), day.isoformat()))

    def holidays(self, org_id: str) -> dict[date, str]:
        """Return the days off the organisation added, by date."""
        raws = self.r.hgetall(k.org_key(k.HOLIDAYS, org_id))
        days = {date.fromisoformat(as_text(day)): as_text(name) for day, name in raws.items()}
        return dict(sorted(days.items()))

    def calendar(self, org_id: str) -> WorkCalendar:
        """Return the organisation's working calendar (Thai holidays plus its own)."""
        return WorkCalendar(self.holidays(org_id))

    # --- absences ---
    def set_absence(
        self, org_id: str, person_id: str, until: date, pipeline: Pipeline | None = None
    ) -> None:
        """Pause a person's reminders through ``until`` (inclusive)."""
        (pipeline or self.r).hset(k.org_key(k.ABSENCE, org_id), person_id, until.isoformat())
        mark_replan(pipeline or self.r, org_id)

    def clear_absence(self, org_id: str, person_id: str) -> bool:
        """Resume a person's reminders; return whether they were paused."""
        mark_replan(self.r, org_id)
        return bool(self.r.hdel(k.org_key(k.ABSENCE, org_id), person_id))

    def absence(self, org_id: str, person_id: str) -> date | None:
        """Return the last day of a person's absence, or None."""
        raw = self.r.hget(k.org_key(k.ABSENCE, org_id), person_id)
        return date.fromisoformat(as_text(raw)) if raw else None

    def absences(self, org_id: str) -> dict[str, date]:
        """Return every paused person with the last day of their absence."""
        raws = self.r.hgetall(k.org_key(k.ABSENCE, org_id))
        return {as_text(p): date.fromisoformat(as_text(until)) for p, until in raws.items()}

    # --- snoozes ---
    def save_snooze(
        self, org_id: str, person_id: str, snooze: Snooze, pipeline: Pipeline | None = None
    ) -> None:
        """Store a person's snooze (replacing an earlier one)."""
        (pipeline or self.r).hset(k.org_key(k.SNOOZE, org_id), person_id, snooze_to_json(snooze))

    def snooze(self, org_id: str, person_id: str) -> Snooze | None:
        """Return a person's snooze, if any."""
        raw = self.r.hget(k.org_key(k.SNOOZE, org_id), person_id)
        return snooze_from_json(as_text(raw)) if raw else None

    def clear_snooze(self, org_id: str, person_id: str, day: date) -> None:
        """Forget a snooze once its items went out on its day."""
        snooze = self.snooze(org_id, person_id)
        if snooze is not None and snooze.day == day:
            self.r.hdel(k.org_key(k.SNOOZE, org_id), person_id)
