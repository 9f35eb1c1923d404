"""The load: LINE users reporting through signed webhooks, every event resent LINE-style.

A conversation is a one-line "in progress" report, or (a quarter of them) "done" in four
steps: the shortcut, the "no evidence" choice, a reason, "ยืนยัน". Every event has its own
``webhookEventId`` and reply token; the first carries a marker (``chaos-u3-c7``) that the
stored report keeps, so each conversation can be traced to its report.
An event is resent, with the same id and ``isRedelivery: true``, until it gets a 2xx or its
resend window closes -- as LINE redelivers what was not answered 2xx.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import redis

from bot.delivery.planned import message_to_json
from bot.demo import ensure_demo
from bot.domain.model import Person, Role, Status
from bot.domain.thai import BANGKOK
from bot.reminders.planner import PlannedMessage, ReminderItem
from bot.store.redis_store import RedisStore
from bot.store.schedule import Schedule
from tests.fakes import LINE_CHANNEL_SECRET
from tests.fakes import webhooks as wh


@dataclass
class User:
    """A staff member on LINE, the measures their division owns and those reminded of."""

    person_id: str
    line_user_id: str
    numbers: list[int]
    reminded: list[int]  # open measures in their reminder (one or two)

    @property
    def may_finish(self) -> int | None:
        """The measure this user may report done: never the reminder's last open item."""
        return self.reminded[0] if len(self.reminded) > 1 else None


@dataclass
class Sent:
    """One delivery of an event: when it left, how long its answer took, what it got."""

    at: float  # time.monotonic() when the POST started
    took: float  # seconds until the answer (or the failure)
    status: int  # -1: no answer (refused, reset, timeout)
    port: int
    timing: str = ""  # the answer's Server-Timing header (the web process's own split)


@dataclass
class Event:
    """One thing a user sent (a text or a tapped choice), and what each delivery got."""

    user: User
    event_id: str
    token: str
    text: str = ""
    postback: str | None = None
    statuses: list[int] = field(default_factory=list)  # -1: no answer (refused, reset, timeout)
    first_sent: float = 0.0
    answered_at: float | None = None
    sent: list[Sent] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        """Whether some delivery got a 2xx (LINE stops redelivering then)."""
        return self.answered_at is not None


@dataclass
class Conversation:
    """One report: a one-line "in progress", or "done" with no evidence, a reason, a confirm."""

    user: User
    marker: str
    steps: list[str | tuple[str, str]]  # texts, or ("postback", data)
    events: list[Event] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        """Whether every step was sent and answered 2xx."""
        return len(self.events) == len(self.steps) and all(e.answered for e in self.events)

    @property
    def last_token(self) -> str | None:
        """The reply token of the last step (its reply says "saved")."""
        return self.events[-1].token if len(self.events) == len(self.steps) else None


def load_org(client: redis.Redis, users: int, seed: int) -> tuple[str, list[User]]:
    """Load the demo organisation (once) and `users` LINE staff spread over its divisions."""
    store = RedisStore(client)
    org_id = ensure_demo(store) or "demo"
    org = store.require_org(org_id)
    latest = store.latest_reports(org_id)
    owned = {
        d.name: sorted(m.number for m in store.measures_of_division(org_id, d.name))
        for d in org.divisions
    }
    still_open = {
        d.name: sorted(
            m.number
            for m in store.measures_of_division(org_id, d.name)
            if m.id not in latest or latest[m.id].status is not Status.DONE
        )
        for d in org.divisions
    }
    divisions = [name for name, numbers in still_open.items() if numbers]
    rng = random.Random(seed)
    found = []
    start = len(store.people(org_id))  # a second call adds people after the first ones
    for i in range(start, start + users):
        division = divisions[i % len(divisions)]
        line_id = "U" + rng.getrandbits(128).to_bytes(16, "big").hex()
        person = Person(
            f"p_chaos{i}", org_id, f"ผู้ทดสอบ {i}", [Role.STAFF], division=division,
            chat_ids={"line": line_id},
        )  # fmt: skip
        store.save_person(person)
        found.append(User(person.id, line_id, owned[division], still_open[division][:2]))
    return org_id, found


def plan_reminders(
    client: redis.Redis, org_id: str, users: list[User], start: datetime, spread: float, seed: int
) -> list[str]:
    """Plan one reminder per user for today, due between start and start + spread seconds."""
    store = RedisStore(client)
    rng = random.Random(seed)
    today = start.astimezone(BANGKOK).date()
    planned = []
    for user in users:
        items = []
        for number in user.reminded:
            measure = store.measure_by_number(org_id, number)
            assert measure is not None
            days_left = (measure.end - today).days if measure.end else None
            items.append(
                ReminderItem(measure.id, measure.number, measure.title, "nudge", days_left,
                             measure.end, tuple(measure.divisions))
            )  # fmt: skip
        at = (start + timedelta(seconds=rng.uniform(0, spread))).astimezone(BANGKOK)
        message = PlannedMessage(at, user.person_id, tuple(items))
        planned.append(message_to_json(org_id, message))
    Schedule(client).plan(planned)
    return [m["id"] for m in planned]


class LineSender:
    """Posts signed webhook bodies to the bot and resends them until a 2xx."""

    def __init__(self, port: int, resend_window: float, timeout: float = 10.0) -> None:
        self.port = port
        self.resend_window = resend_window
        self.timeout = timeout

    def post(self, body: bytes, headers: dict[str, str]) -> int:
        """POST once; the HTTP status, or -1 when no answer came."""
        return self.send(body, headers).status

    def send(self, body: bytes, headers: dict[str, str]) -> Sent:
        """POST once; what it got and how long it took (status -1 when no answer came)."""
        started = time.monotonic()
        status, timing = -1, ""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            conn.request("POST", "/webhooks/line", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            status, timing = response.status, response.getheader("Server-Timing") or ""
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
        return Sent(started, time.monotonic() - started, status, self.port, timing)

    def deliver(self, event: Event) -> None:
        """Send the event, then resend it (backing off) until a 2xx or the window closes."""
        source = wh.line_source(event.user.line_user_id)
        if event.postback is not None:
            raw = wh.postback_event(event.postback, source=source, webhookEventId=event.event_id)
            raw["replyToken"] = event.token
        else:
            raw = wh.text_message_event(
                event.text, source=source, token=event.token, webhookEventId=event.event_id
            )
        event.first_sent = time.monotonic()
        deadline = event.first_sent + self.resend_window
        pause = 0.25
        while True:
            body, headers = wh.line_webhook_request(raw, secret=LINE_CHANNEL_SECRET)
            sent = self.send(body, headers)
            status = sent.status
            event.sent.append(sent)
            event.statuses.append(status)
            if 200 <= status < 300:
                event.answered_at = time.monotonic()
                return
            if time.monotonic() + pause > deadline:
                return
            time.sleep(pause)
            pause = min(pause * 2, 4.0)
            raw["deliveryContext"] = {"isRedelivery": True}


@dataclass
class Load:
    """Users reporting in parallel for `seconds`, each one conversation at a time."""

    users: list[User]
    sender: LineSender
    seconds: float
    per_user: int
    seed: int
    done_share: float = 0.25  # conversations that report a measure done (four steps)
    conversations: list[Conversation] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def events(self) -> list[Event]:
        """Return every event sent."""
        with self._lock:
            return [e for c in self.conversations for e in c.events]

    def _conversation(self, rng: random.Random, user: User, marker: str) -> Conversation:
        finish = user.may_finish
        if finish is not None and rng.random() < self.done_share:
            steps: list[str | tuple[str, str]] = [
                f"รายงาน {finish} เสร็จ {marker}", ("postback", "re:none"),
                f"ไม่มีรูปถ่าย {marker}", "ยืนยัน",
            ]  # fmt: skip
        else:
            number = rng.choice(user.numbers)
            steps = [f"รายงาน {number} กำลังทำ {rng.randint(1, 99)}% {marker}"]
        return Conversation(user, marker, steps)

    def _run_user(self, index: int, user: User, stop_at: float) -> None:
        rng = random.Random(self.seed * 1000 + index)
        for n in range(self.per_user):
            if time.monotonic() >= stop_at:
                return
            talk = self._conversation(rng, user, f"chaos-u{index}-c{n}")
            with self._lock:
                self.conversations.append(talk)
            for step in talk.steps:
                event = Event(user, wh._ulid(), wh.reply_token())
                if isinstance(step, tuple):
                    event.postback = step[1]
                else:
                    event.text = step
                with self._lock:
                    talk.events.append(event)
                self.sender.deliver(event)
                if not event.answered:
                    break  # LINE gave up on it; the person would start again
                time.sleep(rng.uniform(0.05, 0.3))
            time.sleep(rng.uniform(0.1, 0.6))

    def start(self) -> list[threading.Thread]:
        """Start one thread per user; they start no new conversation after `seconds`."""
        stop_at = time.monotonic() + self.seconds
        threads = [
            threading.Thread(target=self._run_user, args=(i, u, stop_at), daemon=True)
            for i, u in enumerate(self.users)
        ]
        for thread in threads:
            thread.start()
        return threads


def stored_markers(client: redis.Redis, org_id: str) -> dict[str, int]:
    """Count the stored reports carrying each event marker."""
    store = RedisStore(client)
    counts: dict[str, int] = {}
    for measure in store.measures(org_id):
        for report in store.reports(org_id, measure.id):
            for word in (report.text or "").split():
                if word.startswith("chaos-"):
                    counts[word] = counts.get(word, 0) + 1
    return counts


def dumps(data: object) -> str:
    """JSON for the run's record file."""
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)
