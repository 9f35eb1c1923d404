"""What a chaos run counts, and which counts make it fail."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from bot.texts import t
from bot.thai import BANGKOK
from tests.chaos.load import Event
from tests.fakes import FakeLineServer


@dataclass
class Tally:
    """The figures of one run."""

    events: int = 0  # report events sent (each once, then redelivered until 2xx)
    deliveries: int = 0  # POSTs, redeliveries included
    answered: int = 0  # events that got a 2xx
    unanswered: int = 0  # events that never got a 2xx within their resend window
    acknowledged: int = 0  # 2xx and the reply through LINE said "saved"
    stored: int = 0  # events with a report in Redis
    lost: int = 0  # acknowledged, not stored
    dropped: int = 0  # answered 2xx, not stored (LINE never redelivers them)
    doubled_reports: int = 0  # events stored more than once
    reminders_planned: int = 0
    reminders_pushed: int = 0  # users who got at least one push
    orphaned: int = 0  # planned reminders never delivered
    left_planned: int = 0  # planned reminders still in the schedule's data at the end
    pushes: int = 0  # pushes LINE accepted
    push_requests: int = 0  # push requests, 409s (retry key already accepted) included
    max_per_retry_key: int = 0  # accepted pushes with one X-Line-Retry-Key (1 is right)
    doubled_pushes: int = 0  # (user, Bangkok day) pairs that got more than one push
    line_errors: int = 0  # requests the fake LINE refused as invalid
    faults: dict[str, int] = field(default_factory=dict)
    restarts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    p95_answer_ms: float = 0.0

    def failures(self) -> list[str]:
        """Return why the run failed (empty: it passed)."""
        checks = [
            (self.lost, "acknowledged reports lost"),
            (self.dropped, "events answered 2xx but not handled (dropped)"),
            (self.doubled_reports, "events stored twice"),
            (self.doubled_pushes, "reminders pushed twice to one person on one day"),
            (max(0, self.max_per_retry_key - 1), "pushes accepted twice with one retry key"),
            (self.orphaned, "planned reminders never delivered (orphaned)"),
            (self.unanswered, "events never answered 2xx while everything was back up"),
        ]
        return [f"{n} {what}" for n, what in checks if n]

    def lines(self) -> list[str]:
        """Return the figures, one per line."""
        return [
            f"events sent {self.events} (deliveries {self.deliveries}), answered 2xx "
            f"{self.answered}, never answered {self.unanswered}, "
            f"p95 answer {self.p95_answer_ms:.0f} ms",
            f"acknowledged {self.acknowledged} / stored {self.stored} / lost {self.lost}",
            f"answered 2xx but not handled (dropped) {self.dropped}; stored twice "
            f"{self.doubled_reports}",
            f"reminders planned {self.reminders_planned}, pushed to {self.reminders_pushed} "
            f"people, orphaned {self.orphaned} (left in the schedule {self.left_planned})",
            f"pushes accepted {self.pushes} (requests {self.push_requests}), max per retry key "
            f"{self.max_per_retry_key}, doubled per (person, day) {self.doubled_pushes}",
            f"faults {dict(sorted(self.faults.items()))}, restarts "
            f"{dict(sorted(self.restarts.items()))}, invalid LINE requests {self.line_errors}, "
            f"{self.seconds:.0f} s",
        ]


def count(
    *,
    events: list[Event],
    stored: dict[str, int],
    line: FakeLineServer,
    users: set[str],
    planned: int,
    orphans: int,
    faults: Counter[str],
    restarts: Counter[str],
    seconds: float,
) -> Tally:
    """Count a finished run from the events sent, Redis and what the fake LINE got."""
    saved_text = t("report.saved")
    saved_tokens = {
        c.json["replyToken"] for c in line.replies() if any(saved_text in x for x in c.texts)
    }
    answered = [e for e in events if e.answered]
    acknowledged = [e for e in answered if e.token in saved_tokens]
    latencies = sorted(
        (e.answered_at - e.first_sent) * 1000 for e in answered if e.answered_at is not None
    )
    pushes = [c for c in line.pushes() if c.to in users]
    per_key = Counter(c.retry_key for c in pushes)
    per_day = Counter((c.to, _bangkok_day(c)) for c in pushes)
    requests = len(pushes) + sum(
        1 for status, c in line.rejected if c.path.endswith("/push") and c.to in users
    )
    return Tally(
        events=len(events),
        deliveries=sum(len(e.statuses) for e in events),
        answered=len(answered),
        unanswered=len(events) - len(answered),
        acknowledged=len(acknowledged),
        stored=sum(1 for e in events if stored.get(e.marker)),
        lost=sum(1 for e in acknowledged if not stored.get(e.marker)),
        dropped=sum(1 for e in answered if not stored.get(e.marker)),
        doubled_reports=sum(1 for e in events if stored.get(e.marker, 0) > 1),
        reminders_planned=planned,
        reminders_pushed=len({c.to for c in pushes}),
        orphaned=max(0, planned - len({c.to for c in pushes})),
        left_planned=orphans,
        pushes=len(pushes),
        push_requests=requests,
        max_per_retry_key=max(per_key.values(), default=0),
        doubled_pushes=sum(1 for n in per_day.values() if n > 1),
        line_errors=len(line.errors),
        faults=dict(faults),
        restarts=dict(restarts),
        seconds=seconds,
        p95_answer_ms=latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0,
    )


def _bangkok_day(call: object) -> str:
    stamp = float(getattr(call, "headers", {}).get("X-Chaos-Received", "0"))
    return datetime.fromtimestamp(stamp, BANGKOK).date().isoformat()
