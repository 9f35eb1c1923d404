"""Delivering one planned reminder message: once, to the right platform, within the quota."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.chat.messages import Reply, Text
from bot.delivery.planned import message_from_json, retry_key
from bot.domain.clock import Now, utc_now
from bot.domain.model import Person, Role, Status
from bot.platforms.base import Adapter
from bot.platforms.channel_adapters import ChannelAdapters
from bot.reminders.planner import PlannedMessage, ReminderItem
from bot.reminders.render import reminder_text
from bot.reminders.snooze import is_quiet, with_snoozed
from bot.store.deliveries import DeliveryFacts
from bot.store.ledger import LedgerEntry, ledger_entry
from bot.store.policies import PolicyStore
from bot.store.redis_store import RedisStore
from bot.store.schedule import Schedule

log = logging.getLogger(__name__)


def ledger_entries(org_id: str, person_id: str, day: str, msg: PlannedMessage) -> list[LedgerEntry]:
    """One ledger entry per (measure, person, kind, day) in the message (and the digest)."""
    found = [ledger_entry(org_id, person_id, day, i.measure_id, i.kind) for i in msg.items]
    if msg.digest:
        found.append(ledger_entry(org_id, person_id, day, "-", "digest"))
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
        channels: ChannelAdapters | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.ledger = store.ledger
        self.deliveries = store.deliveries
        self.quota = store.quota
        self.schedule = schedule
        self.policies = policies
        self.adapters: Mapping[str, Adapter] = adapters or {}
        self.channels = channels  # organisations' own channels: their messages go out there

    def reachable(self, person: Person) -> list[tuple[Adapter, str]]:
        """Return the configured adapters a person can be reached on, best first, with user ids.

        Each of the person's chat addresses names its channel: an organisation's own LINE OA
        or Telegram bot ("line@ch_x"), or the deployment's ("line"), whose user ids differ.
        """
        if self.channels is not None:
            found = self.channels.for_person(person)
        else:
            found = [(a, u) for name, a in self.adapters.items() if (u := person.chat_id(name))]
        return [(adapter, user) for adapter, user in found if adapter.is_configured()]

    def __call__(self, message_id: str) -> None:
        """Deliver a message id (the Dramatiq actor); raising makes the outbox retry."""
        self.deliver(message_id)

    def deliver(self, message_id: str) -> Outcome:
        """Send what is still needed of a planned message: one push per message, ever.

        Three round trips to Redis besides the push (``bot/store/deliveries.py``): take
        the message and its lock; read what the checks need; record the ledger, forget
        the message and release the lock.
        """
        token = secrets.token_hex(8)
        payload, locked = self.deliveries.take(message_id, token)
        if payload is None:
            if locked:
                self.deliveries.release(message_id, token)
            return Outcome("gone")
        if not locked:
            raise DeliveryBusy(message_id)  # a swept copy of one being sent: retried later
        try:
            return self._deliver(message_id, payload, token)
        except BaseException:
            self.deliveries.release(message_id, token)
            raise

    def _facts(
        self, org_id: str, person_id: str, day: str, items: tuple[ReminderItem, ...]
    ) -> tuple[DeliveryFacts, set[str], set[LedgerEntry]]:
        """Read the facts of items: the measures done (or archived) and the entries there."""
        whole = [ledger_entry(org_id, person_id, day, "-", k) for k in ("message", "digest")]
        entries = [ledger_entry(org_id, person_id, day, i.measure_id, i.kind) for i in items]
        ids = [i.measure_id for i in items]
        facts = self.deliveries.facts(org_id, person_id, ids, [*whole, *entries])
        done = {
            mid
            for mid, report, planned in zip(ids, facts.latest, facts.in_plan, strict=True)
            if (report and report.status is Status.DONE) or not planned
        }
        found = {e for e, v in zip([*whole, *entries], facts.recorded, strict=True) if v}
        return facts, done, found

    def _deliver(self, message_id: str, payload: dict[str, Any], token: str) -> Outcome:
        org_id, person_id, day = payload["org"], payload["person"], payload["day"]
        on = date.fromisoformat(day)
        planned = message_from_json(payload)
        facts, done, recorded = self._facts(org_id, person_id, day, planned.items)
        person, snooze = facts.person, facts.snooze
        # A reminder snoozed to this day rides on this message; none goes out on a quiet day.
        msg = with_snoozed(planned, snooze, on)
        extra = msg.items[len(planned.items) :]
        if extra:  # the snoozed measures' reports and entries: one more round trip
            _, more_done, more_recorded = self._facts(org_id, person_id, day, extra)
            done, recorded = done | more_done, recorded | more_recorded
        ends_snooze = (org_id, person_id) if snooze is not None and snooze.day == on else None
        quiet = is_quiet(snooze, on)
        absent = facts.absent_until is not None and on <= facts.absent_until
        items = tuple(i for i in msg.items if i.measure_id not in done)
        if person is None or quiet or absent or not (items or msg.digest):
            keep = None if quiet else ends_snooze
            self.deliveries.finish(message_id, token, [], "not_needed", keep)
            return Outcome("not_needed")
        sent_entry = ledger_entry(org_id, person_id, day, "-", "message")
        msg = PlannedMessage(msg.at, person_id, items, msg.digest, msg.missing_divisions)
        left = (
            None if sent_entry in recorded else self._without(msg, recorded, org_id, person_id, day)
        )
        if left is None:
            self.deliveries.finish(message_id, token, [], "not_needed")
            return Outcome("not_needed")
        can_report = person.has_role(Role.STAFF, Role.SECRETARY, Role.ADMIN)
        reply = reminder_text(left, person.language, can_report=can_report)
        key = payload.get("retry_key") or retry_key(message_id)
        outcome = self._send(person, [reply], key, facts.exhausted)
        entries = [sent_entry, *ledger_entries(org_id, person_id, day, left)]
        self.deliveries.finish(message_id, token, entries, outcome.status, ends_snooze)
        return outcome

    def _without(
        self, msg: PlannedMessage, done: set[LedgerEntry], org_id: str, person_id: str, day: str
    ) -> PlannedMessage | None:
        items = tuple(
            i
            for i in msg.items
            if ledger_entry(org_id, person_id, day, i.measure_id, i.kind) not in done
        )
        digest = msg.digest and ledger_entry(org_id, person_id, day, "-", "digest") not in done
        if not items and not digest:
            return None
        return PlannedMessage(msg.at, msg.person_id, items, digest, msg.missing_divisions)

    def sent(self, org_id: str, messages: list[tuple[str, str]]) -> list[str | None]:
        """Return how each (person, ISO day) reminder went ("sent", "deferred") or None."""
        if not messages:
            return []
        keys = [ledger_entry(org_id, person, day, "-", "message") for person, day in messages]
        return self.ledger.read(keys)

    def send_to(self, person: Person, reply: Text, retry_key: str) -> Outcome:
        """Send one text to a person on their best platform."""
        return self.send_replies(person, [reply], retry_key)

    def send_replies(self, person: Person, replies: list[Reply], retry_key: str) -> Outcome:
        """Send replies to a person on the first platform that takes them, in registry order."""
        return self._send(person, replies, retry_key, exhausted=None)

    def _send(
        self, person: Person, replies: list[Reply], retry_key: str, exhausted: set[str] | None
    ) -> Outcome:
        """Send on the first platform that takes the replies (exhausted: LINE channels, if read).

        A metered platform (LINE) is skipped once its channel's quota is spent this month;
        then the texts wait for the person's next free reply there, unless a real chat took
        them. The simulator comes last.
        """
        reachable = [(adapter.name, adapter, user) for adapter, user in self.reachable(person)]
        real = [entry for entry in reachable if not entry[1].is_simulated]
        simulated = [entry for entry in reachable if entry[1].is_simulated]
        for name, adapter, user in real:
            if adapter.is_metered:
                if exhausted is None:
                    exhausted = self.quota.exhausted_line_channels(person.org_id)
                if adapter.channel in exhausted:
                    continue
            if adapter.push_replies(user, replies, retry_key):
                return Outcome("sent", name)
            # this channel's pushes are spent
            self.mark_quota_exhausted(channel=adapter.channel, org_id=person.org_id)
            exhausted = {*(exhausted or ()), adapter.channel}
        for name, adapter, user in real:
            if adapter.is_metered:
                # Out of pushes: keep it for this person's next reply, which is free.
                texts = [r.text for r in replies if isinstance(r, Text)]
                self.store.conversations.push_missed(
                    adapter.address, user, "\n\n".join(texts) or "-"
                )
                return Outcome("deferred", name)
        for name, adapter, user in simulated:
            adapter.push_replies(user, replies, retry_key)
            return Outcome("sent", name)
        return Outcome("not_needed")

    def quota_exhausted(self, channel: str = "", org_id: str = "") -> bool:
        """Whether a LINE channel's pushes are stopped (an organisation's own: give its id)."""
        return self.quota.is_line_exhausted(channel, org_id)

    def mark_quota_exhausted(
        self, now: datetime | None = None, channel: str = "", org_id: str = ""
    ) -> None:
        """Stop a LINE channel's pushes until the first of next month (Bangkok)."""
        from bot.domain.thai import BANGKOK

        local = (now or self.clock()).astimezone(BANGKOK)
        year, month = local.year + local.month // 12, local.month % 12 + 1
        next_month = datetime(year, month, 1, tzinfo=BANGKOK)
        # Relative: Redis's clock may differ from the one we were given.
        seconds = max(1, int((next_month - local).total_seconds()))
        self.quota.mark_line_exhausted(channel, seconds, org_id)
