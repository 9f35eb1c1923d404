"""Delivering one planned reminder message: once, to the right platform, within the quota."""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

import redis

from bot.chat.messages import Reply, Text
from bot.delivery.planned import message_entries, message_from_json, retry_key
from bot.domain.clock import Now, utc_now
from bot.domain.model import Person, Role, Status
from bot.reminders.planner import PlannedMessage, ReminderItem
from bot.reminders.policy import PolicyStore
from bot.reminders.render import reminder_text
from bot.reminders.snooze import Snooze, decode_snooze, is_quiet, with_snoozed
from bot.store import keys as k
from bot.store.codec import as_text, load_person, load_report
from bot.store.ledger import Ledger, decode, entry
from bot.store.redis_store import RedisStore
from bot.store.schedule import Schedule

log = logging.getLogger(__name__)

TG_PER_SECOND = 30


class LinePush(Protocol):
    """What delivery needs of the LINE adapter."""

    def push(self, user_id: str, replies: list[Reply], retry_key: str | None = None) -> Any:
        """Push replies; the result has is_sent and quota_exceeded."""


class ChatSend(Protocol):
    """What delivery needs of the Telegram adapter and the simulator."""

    def send(self, chat_id: str, replies: list[Reply]) -> None:
        """Send replies to a chat."""


class DeliveryBusy(Exception):
    """Another worker is delivering this message now; the outbox retries it later."""


_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
SENDING_MS = 120_000


@dataclass
class Outcome:
    """What happened to one message."""

    status: str  # sent | deferred | not_needed | gone
    platform: str = ""


@dataclass
class _Facts:
    """What one delivery reads before sending, in one round trip."""

    person: Person | None
    snooze: Snooze | None
    absent_until: date | None
    quota_exhausted: bool
    done: set[str]  # measure ids done since planning, or archived
    recorded: set[str]  # ledger entries already there


class Deliverer:
    """The outbox worker's job: re-check, send once, record it in the ledger."""

    def __init__(
        self,
        store: RedisStore,
        schedule: Schedule,
        policies: PolicyStore,
        line: LinePush | None = None,
        telegram: ChatSend | None = None,
        simulator: Callable[[str, list[Reply]], None] | None = None,
        clock: Now = utc_now,
    ) -> None:
        self.store = store
        self.clock = clock
        self.r: redis.Redis = store.r
        self.schedule = schedule
        self.policies = policies
        self.ledger = Ledger(store.r)
        self.line = line
        self.telegram = telegram
        self.simulator = simulator

    def __call__(self, message_id: str) -> None:
        """Deliver a message id (the Dramatiq actor); raising makes the outbox retry."""
        self.deliver(message_id)

    def deliver(self, message_id: str) -> Outcome:
        """Send what is still needed of a planned message: one push per message, ever.

        Three round trips to Redis besides the push: take the message and its sending
        lock; read everything the checks need; record the ledger, forget the message and
        release the lock.
        """
        lock, token = k.SENDING.format(message=message_id), secrets.token_hex(8)
        with self.r.pipeline(transaction=False) as pipe:
            pipe.hget(k.PLANNED_DATA, message_id)
            pipe.set(lock, token, nx=True, px=SENDING_MS)
            raw, locked = pipe.execute()
        if raw is None:
            if locked:
                self.r.eval(_RELEASE, 1, lock, token)
            return Outcome("gone")
        if not locked:
            raise DeliveryBusy(message_id)  # a swept copy of one being sent: retried later
        try:
            return self._deliver(message_id, json.loads(raw), (lock, token))
        except BaseException:
            self.r.eval(_RELEASE, 1, lock, token)
            raise

    def _read(
        self, org_id: str, person_id: str, day: str, items: tuple[ReminderItem, ...], whole: bool
    ) -> _Facts:
        """Read the person, snooze, absence, quota flag, the items' reports and the ledger."""
        ids = [i.measure_id for i in items]
        entries = [entry(person_id, i.measure_id, i.kind) for i in items]
        entries += [entry(person_id, "-", "message"), entry(person_id, "-", "digest")]
        with self.r.pipeline(transaction=False) as pipe:
            pipe.hget(k.org_key(k.PEOPLE, org_id), person_id)
            pipe.hget(k.org_key(k.SNOOZE, org_id), person_id)
            pipe.hget(k.org_key(k.ABSENCE, org_id), person_id)
            pipe.exists(k.LINE_QUOTA_EXHAUSTED)
            pipe.hmget(k.org_key(k.LATEST_REPORT, org_id), ids or ["-"])
            pipe.hmget(k.org_key(k.MEASURES, org_id), ids or ["-"])  # archived since planned?
            self.ledger.read(org_id, day, entries, pipeline=pipe)
            person, snooze, absent, exhausted, raws, in_plan, recorded = pipe.execute()
        done = {
            mid
            for mid, report, measure in zip(ids, raws, in_plan, strict=False)
            if (report and load_report(report).status is Status.DONE) or not measure
        }
        return _Facts(
            load_person(person) if person and whole else None,
            decode_snooze(snooze) if whole else None,
            date.fromisoformat(as_text(absent)) if absent else None,
            bool(exhausted),
            done,
            {name for name, value in zip(entries, recorded, strict=True) if value},
        )

    def _deliver(self, message_id: str, payload: dict[str, Any], held: tuple[str, str]) -> Outcome:
        org_id, person_id, day = payload["org"], payload["person"], payload["day"]
        on = date.fromisoformat(day)
        planned = message_from_json(payload)
        facts = self._read(org_id, person_id, day, planned.items, whole=True)
        person, snooze = facts.person, facts.snooze
        # A reminder snoozed to this day rides on this message; none goes out on a quiet day.
        msg = with_snoozed(planned, snooze, on)
        extra = msg.items[len(planned.items) :]
        if extra:  # the snoozed measures' reports and ledger entries: one more round trip
            more = self._read(org_id, person_id, day, extra, whole=False)
            facts.done |= more.done
            facts.recorded |= more.recorded
        clears_snooze = snooze is not None and snooze.day == on
        quiet = is_quiet(snooze, on)
        absent = facts.absent_until is not None and on <= facts.absent_until
        items = tuple(i for i in msg.items if i.measure_id not in facts.done)
        if person is None or quiet or absent or not (items or msg.digest):
            return self._finish(payload, held, clears_snooze and not quiet, "not_needed")
        items = tuple(
            i for i in items if entry(person_id, i.measure_id, i.kind) not in facts.recorded
        )
        digest = msg.digest and entry(person_id, "-", "digest") not in facts.recorded
        if entry(person_id, "-", "message") in facts.recorded or not (items or digest):
            return self._finish(payload, held, False, "not_needed")
        msg = PlannedMessage(msg.at, person_id, items, digest, msg.missing_divisions)
        can_report = person.has_role(Role.STAFF, Role.SECRETARY, Role.ADMIN)
        reply = reminder_text(msg, person.language, can_report=can_report)
        key = payload.get("retry_key") or retry_key(message_id)
        outcome = self._send(person, [reply], key, facts.quota_exhausted)
        entries = [entry(person_id, "-", "message"), *message_entries(person_id, msg)]
        return self._finish(payload, held, clears_snooze, outcome.status, outcome, entries)

    def _finish(
        self,
        payload: dict[str, Any],
        held: tuple[str, str],
        clears_snooze: bool,
        status: str,
        outcome: Outcome | None = None,
        entries: list[str] | None = None,
    ) -> Outcome:
        """Record the ledger first, then forget the message and release its lock: one trip."""
        org_id, person_id, day = payload["org"], payload["person"], payload["day"]
        with self.r.pipeline(transaction=False) as pipe:
            if entries:
                self.ledger.record(org_id, day, entries, status, pipeline=pipe)
            if clears_snooze:
                pipe.hdel(k.org_key(k.SNOOZE, org_id), person_id)
            self.schedule.delivered(payload["id"], pipe)
            pipe.eval(_RELEASE, 1, *held)
            pipe.execute()
        return outcome or Outcome(status)

    def sent(self, org_id: str, messages: list[tuple[str, str]]) -> list[str | None]:
        """Return how each (person, ISO day) reminder went ("sent", "deferred") or None."""
        if not messages:
            return []
        with self.r.pipeline(transaction=False) as pipe:
            for person, day in messages:
                self.ledger.read(org_id, day, [entry(person, "-", "message")], pipeline=pipe)
            found = pipe.execute()
        return [decode(values)[0] for values in found]

    def send_to(self, person: Person, reply: Text, retry_key: str) -> Outcome:
        """Send one text to a person on their best platform (LINE, Telegram, simulator)."""
        return self.send_replies(person, [reply], retry_key)

    def send_replies(self, person: Person, replies: list[Reply], retry_key: str) -> Outcome:
        """Send replies to a person: LINE (retry-keyed), else Telegram, else the simulator."""
        exhausted = bool(person.line_user_id and self.line) and self.quota_exhausted()
        return self._send(person, replies, retry_key, exhausted)

    def _send(
        self, person: Person, replies: list[Reply], retry_key: str, exhausted: bool
    ) -> Outcome:
        texts = [r.text for r in replies if isinstance(r, Text)]
        if person.line_user_id and self.line is not None and not exhausted:
            result = self.line.push(person.line_user_id, replies, retry_key=retry_key)
            if result.is_sent:
                return Outcome("sent", "line")
            if not result.quota_exceeded:
                raise RuntimeError(f"LINE push failed: {result.status} {result.message}")
            self.mark_quota_exhausted()
        if person.telegram_user_id is not None and self.telegram is not None:
            self.wait_telegram_slot(str(person.telegram_user_id))
            self.telegram.send(str(person.telegram_user_id), replies)
            return Outcome("sent", "telegram")
        if person.line_user_id:
            # Out of pushes: keep it for this person's next reply, which is free.
            missed = k.MISSED.format(platform="line", user=person.line_user_id)
            self.r.rpush(missed, "\n\n".join(texts) or "-")
            return Outcome("deferred", "line")
        if person.simulator_id and self.simulator is not None:
            self.simulator(person.simulator_id, replies)
            return Outcome("sent", "simulator")
        return Outcome("not_needed")

    def quota_exhausted(self) -> bool:
        """Whether LINE pushes are stopped for the rest of the month."""
        return bool(self.r.exists(k.LINE_QUOTA_EXHAUSTED))

    def mark_quota_exhausted(self, now: datetime | None = None) -> None:
        """Stop LINE pushes until the first of next month (Bangkok)."""
        from bot.domain.thai import BANGKOK

        local = (now or self.clock()).astimezone(BANGKOK)
        year, month = local.year + local.month // 12, local.month % 12 + 1
        next_month = datetime(year, month, 1, tzinfo=BANGKOK)
        # Relative: Redis's clock may differ from the one we were given.
        seconds = max(1, int((next_month - local).total_seconds()))
        self.r.set(k.LINE_QUOTA_EXHAUSTED, "1", ex=seconds)

    def wait_telegram_slot(self, chat_id: str, timeout: float = 10.0) -> None:
        """Wait for Telegram's limits: 1 message/s per chat and 30/s overall."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.r.set(k.TG_CHAT_SLOT.format(chat=chat_id), "1", nx=True, px=1000):
                second = int(time.time())
                key = k.TG_GLOBAL_SLOT.format(second=second)
                with self.r.pipeline() as pipe:
                    pipe.incr(key)
                    pipe.expire(key, 2)
                    count, _ = pipe.execute()
                if count <= TG_PER_SECOND:
                    return
                time.sleep(max(0.0, second + 1 - time.time()))
                continue
            time.sleep(0.05)
        raise TimeoutError("Telegram rate slot")
