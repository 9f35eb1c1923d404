"""What a chaos run counts, and which counts make it fail."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.thai import BANGKOK
from bot.texts import t
from tests.chaos.load import Conversation, Event
from tests.fakes import FakeLineServer


@dataclass
class Tally:
    """The figures of one run."""

    conversations: int = 0  # reports people made (one event, or four for "done")
    events: int = 0  # events sent (each once, then redelivered until 2xx)
    deliveries: int = 0  # POSTs, redeliveries included
    answered: int = 0  # conversations whose every event got a 2xx
    unanswered: int = 0  # events that never got a 2xx within their resend window
    acknowledged: int = 0  # answered, and the last reply said "saved" with this report's text
    stored: int = 0  # conversations with a report in Redis
    lost: int = 0  # acknowledged, not stored
    dropped: int = 0  # every event answered 2xx, no report stored (LINE redelivers none)
    doubled_reports: int = 0  # conversations stored more than once
    reminders_planned: int = 0
    reminders_pushed: int = 0  # users who got at least one push
    orphaned: int = 0  # planned reminders not pushed and nowhere to be sent from
    pending: int = 0  # not pushed yet, still planned, claimed or queued (recovered later)
    pushes: int = 0  # pushes LINE accepted
    push_requests: int = 0  # push requests, 409s (retry key already accepted) included
    max_per_retry_key: int = 0  # accepted pushes with one X-Line-Retry-Key (1 is right)
    doubled_pushes: int = 0  # (user, Bangkok day) pairs that got more than one push
    line_errors: int = 0  # requests the fake LINE refused as invalid
    faults: dict[str, int] = field(default_factory=dict)
    restarts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    p95_answer_ms: float = 0.0
    examples: dict[str, list[str]] = field(default_factory=dict)  # a few markers per failure

    def failures(self) -> list[str]:
        """Return why the run failed (empty: it passed)."""
        checks = [
            (self.lost, "acknowledged reports lost"),
            (self.dropped, "reports whose events were answered 2xx but not handled (dropped)"),
            (self.doubled_reports, "reports stored twice"),
            (self.doubled_pushes, "reminders pushed twice to one person on one day"),
            (max(0, self.max_per_retry_key - 1), "pushes accepted twice with one retry key"),
            (self.orphaned, "planned reminders never delivered (orphaned)"),
            (self.unanswered, "events never answered 2xx while everything was back up"),
        ]
        return [f"{n} {what}" for n, what in checks if n]

    def lines(self) -> list[str]:
        """Return the figures, one per line."""
        return [
            f"reports {self.conversations} in {self.events} events (deliveries "
            f"{self.deliveries}), all answered 2xx {self.answered}, events never answered "
            f"{self.unanswered}, p95 answer {self.p95_answer_ms:.0f} ms",
            f"acknowledged {self.acknowledged} / stored {self.stored} / lost {self.lost}",
            f"answered 2xx but not handled (dropped) {self.dropped}; stored twice "
            f"{self.doubled_reports}",
            f"reminders planned {self.reminders_planned}, pushed to {self.reminders_pushed} "
            f"people, orphaned {self.orphaned}, still pending {self.pending}",
            f"pushes accepted {self.pushes} (requests {self.push_requests}), max per retry key "
            f"{self.max_per_retry_key}, doubled per (person, day) {self.doubled_pushes}",
            *(f"{what}: {' '.join(markers)}" for what, markers in self.examples.items() if markers),
            f"faults {dict(sorted(self.faults.items()))}, restarts "
            f"{dict(sorted(self.restarts.items()))}, invalid LINE requests {self.line_errors}, "
            f"{self.seconds:.0f} s",
        ]


def count(
    *,
    conversations: list[Conversation],
    events: list[Event],
    stored: dict[str, int],
    line: FakeLineServer,
    users: set[str],
    planned: int,
    orphaned: int,
    pending: int,
    faults: Counter[str],
    restarts: Counter[str],
    seconds: float,
) -> Tally:
    """Count a finished run from the events sent, Redis and what the fake LINE got."""
    saved_text = t("report.saved")
    replied = {c.json["replyToken"]: "\n".join(c.texts) for c in line.replies()}

    def said_saved(talk: Conversation) -> bool:
        # The summary names the report's text (its marker): a "saved" that a dropped step
        # turned into the save of an older report does not count for this one.
        text = replied.get(talk.last_token or "", "")
        return saved_text in text and talk.marker in text

    answered = [c for c in conversations if c.answered]
    acknowledged = [c for c in answered if said_saved(c)]
    latencies = sorted(
        (e.answered_at - e.first_sent) * 1000 for e in events if e.answered_at is not None
    )
    lost = [c.marker for c in acknowledged if not stored.get(c.marker)]
    dropped = [c.marker for c in answered if not stored.get(c.marker)]
    doubled = [c.marker for c in conversations if stored.get(c.marker, 0) > 1]
    pushes = [c for c in line.pushes() if c.to in users]
    per_key = Counter(c.retry_key for c in pushes)
    per_day = Counter((c.to, _bangkok_day(c)) for c in pushes)
    requests = len(pushes) + sum(
        1 for status, c in line.rejected if c.path.endswith("/push") and c.to in users
    )
    return Tally(
        conversations=len(conversations),
        events=len(events),
        deliveries=sum(len(e.statuses) for e in events),
        answered=len(answered),
        unanswered=sum(1 for e in events if not e.answered),
        acknowledged=len(acknowledged),
        stored=sum(1 for c in conversations if stored.get(c.marker)),
        lost=len(lost),
        dropped=len(dropped),
        doubled_reports=len(doubled),
        reminders_planned=planned,
        reminders_pushed=len({c.to for c in pushes}),
        orphaned=orphaned,
        pending=pending,
        pushes=len(pushes),
        push_requests=requests,
        max_per_retry_key=max(per_key.values(), default=0),
        doubled_pushes=sum(1 for n in per_day.values() if n > 1),
        line_errors=len(line.errors),
        faults=dict(faults),
        restarts=dict(restarts),
        seconds=seconds,
        p95_answer_ms=latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0,
        examples={
            "lost": lost[:10],
            "dropped": dropped[:10],
            "stored twice": doubled[:10],
            "pushed twice (user, day: retry keys)": [
                f"{to}@{day}:" + ",".join(str(c.retry_key) for c in pushes if c.to == to)
                for (to, day), n in per_day.items()
                if n > 1
            ][:5],
        },
    )


def record(conversations: list[Conversation]) -> list[dict[str, object]]:
    """Return every conversation with what each delivery of each event got (for the logs)."""
    return [
        {
            "marker": c.marker,
            "user": c.user.line_user_id,
            "events": [
                {
                    "id": e.event_id,
                    "token": e.token,
                    "text": e.text,
                    "postback": e.postback,
                    "statuses": e.statuses,
                }  # fmt: skip
                for e in c.events
            ],
        }
        for c in conversations
    ]


def _bangkok_day(call: object) -> str:
    stamp = float(getattr(call, "headers", {}).get("X-Chaos-Received", "0"))
    return datetime.fromtimestamp(stamp, BANGKOK).date().isoformat()
