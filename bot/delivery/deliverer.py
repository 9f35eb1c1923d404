"""Delivering one planned reminder message: once, to the right platform, within the quota."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.chat.messages import Reply, Text
from bot.domain.clock import Now, utc_now
from bot.domain.model import Person, Role, Status
from bot.platforms.base import Adapter
from bot.reminders.planner import PlannedMessage, ReminderItem
from bot.reminders.render import reminder_text
from bot.reminders.snooze import Snooze, is_quiet, with_snoozed
from bot.store.ledger import ledger_key
from bot.store.policies import PolicyStore
from bot.store.redis_store import RedisStore
from bot.store.schedule import Schedule

log = logging.getLogger(__name__)


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


def ledger_keys(org_id: str, person_id: str, day: str, msg: PlannedMessage) -> list[str]:
    """One ledger key per (measure, person, kind, day) in the message (and the digest)."""
    found = [ledger_key(org_id, person_id, day, i.measure_id, i.kind) for i in msg.items]
    if msg.digest:
        found.append(ledger_key(org_id, person_id, day, "-", "digest"))
    return found


class DeliveryBusy(Exception):
    """Another worker is delivering this message now; the outbox retries it later."""


@dataclass
class Outcome:
    """What happened to one message."""

    status: str  # sent | deferred | not_needed | gone
    platform: str = ""


class Deliverer:
    """The outbox worker's job: re-check, send once, record it in the ledger."""

    def __init__(
        self,
        store: RedisStore,
        schedule: Schedule,
        policies: PolicyStore,
        adapters: Mapping[str, Adapter] | None = None,
        clock: Now = utc_now,
    ) -> None:
        self.store = store
        self.clock = clock
        self.ledger = store.ledger
        self.quota = store.quota
        self.schedule = schedule
        self.policies = policies
        self.adapters: Mapping[str, Adapter] = adapters or {}

    def __call__(self, message_id: str) -> None:
        """Deliver a message id (the Dramatiq actor); raising makes the outbox retry."""
        self.deliver(message_id)

    def deliver(self, message_id: str) -> Outcome:
        """Send what is still needed of a planned message: one push per message, ever."""
        payload = self.schedule.payloads([message_id])[0]
        if payload is None:
            return Outcome("gone")
        token = secrets.token_hex(8)
        if not self.ledger.lock_sending(message_id, token):
            raise DeliveryBusy(message_id)  # a swept copy of one being sent: retried later
        try:
            return self._deliver(message_id, payload)
        finally:
            self.ledger.unlock_sending(message_id, token)

    def _deliver(self, message_id: str, payload: dict[str, Any]) -> Outcome:
        org_id, person_id, day = payload["org"], payload["person"], payload["day"]
        person = self.store.get_person(org_id, person_id)
        # A reminder snoozed to this day rides on this message; none goes out on a quiet day.
        snooze = self.policies.snooze(org_id, person_id)
        planned = with_snoozed(message_from_json(payload), snooze, date.fromisoformat(day))
        msg = self._still_needed(org_id, person, planned, day, snooze)
        if person is None or msg is None:
            self.schedule.delivered(message_id)
            if not is_quiet(snooze, date.fromisoformat(day)):
                self.policies.clear_snooze(org_id, person_id, date.fromisoformat(day))
            return Outcome("not_needed")
        sent_key = ledger_key(org_id, person_id, day, "-", "message")
        keys = ledger_keys(org_id, person_id, day, msg)
        values = self.ledger.read([sent_key, *keys])
        done = {key for key, value in zip(keys, values[1:], strict=True) if value}
        msg = None if values[0] else self._without(msg, done, org_id, person_id, day)
        if msg is None:
            self.schedule.delivered(message_id)
            return Outcome("not_needed")
        keys = ledger_keys(org_id, person_id, day, msg)
        can_report = person.has_role(Role.STAFF, Role.SECRETARY, Role.ADMIN)
        reply = reminder_text(msg, person.language, can_report=can_report)
        outcome = self.send_to(person, reply, payload.get("retry_key") or retry_key(message_id))
        self.ledger.add_all([sent_key, *keys], outcome.status)
        self.policies.clear_snooze(org_id, person_id, date.fromisoformat(day))
        self.schedule.delivered(message_id)
        return outcome

    def _still_needed(
        self,
        org_id: str,
        person: Person | None,
        msg: PlannedMessage,
        day: str,
        snooze: Snooze | None = None,
    ) -> PlannedMessage | None:
        if person is None or is_quiet(snooze, date.fromisoformat(day)):
            return None
        until = self.policies.absence(org_id, person.id)
        if until is not None and date.fromisoformat(day) <= until:
            return None
        ids = [i.measure_id for i in msg.items]
        latest, in_plan = self.store.latest_and_planned(org_id, ids)
        done = {
            mid
            for mid, report, planned in zip(ids, latest, in_plan, strict=True)
            if (report and report.status is Status.DONE) or not planned
        }
        items = tuple(i for i in msg.items if i.measure_id not in done)
        if not items and not msg.digest:
            return None
        return PlannedMessage(msg.at, msg.person_id, items, msg.digest, msg.missing_divisions)

    def _without(
        self, msg: PlannedMessage, done: set[str], org_id: str, person_id: str, day: str
    ) -> PlannedMessage | None:
        items = tuple(
            i
            for i in msg.items
            if ledger_key(org_id, person_id, day, i.measure_id, i.kind) not in done
        )
        digest = msg.digest and ledger_key(org_id, person_id, day, "-", "digest") not in done
        if not items and not digest:
            return None
        return PlannedMessage(msg.at, msg.person_id, items, digest, msg.missing_divisions)

    def sent(self, org_id: str, messages: list[tuple[str, str]]) -> list[str | None]:
        """Return how each (person, ISO day) reminder went ("sent", "deferred") or None."""
        if not messages:
            return []
        keys = [ledger_key(org_id, person, day, "-", "message") for person, day in messages]
        return self.ledger.read(keys)

    def send_to(self, person: Person, reply: Text, retry_key: str) -> Outcome:
        """Send one text to a person on their best platform."""
        return self.send_replies(person, [reply], retry_key)

    def send_replies(self, person: Person, replies: list[Reply], retry_key: str) -> Outcome:
        """Send replies to a person on the first platform that takes them, in registry order.

        A metered platform (LINE) is skipped once the month's quota is spent; then the
        texts wait for the person's next free reply there, unless a real chat took them.
        The simulator comes last.
        """
        reachable = [
            (name, adapter, user)
            for name, adapter in self.adapters.items()
            if (user := person.chat_id(name)) and adapter.is_configured()
        ]
        real = [entry for entry in reachable if not entry[1].is_simulated]
        simulated = [entry for entry in reachable if entry[1].is_simulated]
        for name, adapter, user in real:
            if adapter.is_metered and self.quota_exhausted():
                continue
            if adapter.push_replies(user, replies, retry_key):
                return Outcome("sent", name)
            self.mark_quota_exhausted()  # the metered platform's pushes are spent
        for name, adapter, user in real:
            if adapter.is_metered:
                # Out of pushes: keep it for this person's next reply, which is free.
                texts = [r.text for r in replies if isinstance(r, Text)]
                self.store.conversations.push_missed(name, user, "\n\n".join(texts) or "-")
                return Outcome("deferred", name)
        for name, adapter, user in simulated:
            adapter.push_replies(user, replies, retry_key)
            return Outcome("sent", name)
        return Outcome("not_needed")

    def quota_exhausted(self) -> bool:
        """Whether metered (LINE) pushes are stopped for the rest of the month."""
        return self.quota.is_line_exhausted()

    def mark_quota_exhausted(self, now: datetime | None = None) -> None:
        """Stop LINE pushes until the first of next month (Bangkok)."""
        from bot.domain.thai import BANGKOK

        local = (now or self.clock()).astimezone(BANGKOK)
        year, month = local.year + local.month // 12, local.month % 12 + 1
        next_month = datetime(year, month, 1, tzinfo=BANGKOK)
        # Relative: Redis's clock may differ from the one we were given.
        seconds = max(1, int((next_month - local).total_seconds()))
        self.quota.mark_line_exhausted(seconds)
