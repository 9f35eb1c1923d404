"""The clock: APScheduler in Asia/Bangkok, ticking every minute under a Redis lease."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from bot.app.runtime import Runtime
from bot.delivery.monthly_push import deliver_monthly
from bot.delivery.quota import check_every_channel
from bot.store.lease import LeaseLost

log = logging.getLogger(__name__)

TIMEZONE = "Asia/Bangkok"


class Clock:
    """Runs the minute tick only while it holds the lease (one clock ticks at a time)."""

    def __init__(self, runtime: Runtime, scheduler: BaseScheduler | None = None) -> None:
        self.runtime = runtime
        self.lease = runtime.store.clock_lease()
        self.scheduler = scheduler or BackgroundScheduler(timezone=TIMEZONE)
        jobs: list[tuple[Callable[[], object], dict[str, Any], int]] = [
            (self.tick, {"trigger": "cron", "second": 0}, 50),
            (
                self.monthly_summary,
                {"trigger": "cron", "day": "1-10", "hour": "8-16", "minute": "*/15"},
                600,
            ),
            (
                self.memo_duty,
                {"trigger": "cron", "day_of_week": "mon-fri", "hour": "8-16", "minute": "*/15"},
                600,
            ),
            (self.retry_evidence, {"trigger": "interval", "minutes": 5}, 120),
            (self.check_quota, {"trigger": "cron", "hour": 8, "minute": 0}, 3600),
        ]
        for job, trigger, grace in jobs:
            self.scheduler.add_job(
                job,
                id=job.__name__,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=grace,
                **trigger,
            )

    def _leased(self, name: str, work: Callable[[], str | None]) -> None:
        """Run work only while this clock holds the lease, renewing it meanwhile; log it."""
        if not self.lease.acquire():
            log.debug("another clock holds the lease; %s skipped", name)
            return
        try:
            with self.lease.renewed():
                done = work()
            if done:
                log.info("%s (fence %d): %s", name, self.lease.fence, done)
        except LeaseLost:
            log.warning("%s stopped: the lease passed to another clock", name)
        except Exception:
            log.exception("%s failed", name)

    def tick(self, now: datetime | None = None) -> None:
        """One tick: plan ahead, claim what is due, enqueue it."""

        def work() -> str | None:
            at = now or self.runtime.clock()
            self.runtime.store.health.beat(at)
            result = self.runtime.tick(at, self.lease.check)
            return (
                (
                    f"{result.claimed} claimed, {result.enqueued} enqueued, "
                    f"{result.skipped} skipped (too late)"
                )
                if result.claimed
                else None
            )

        self._leased("tick", work)

    def monthly_summary(self, now: datetime | None = None) -> None:
        """On the first working day, send last month's summary."""

        def work() -> str | None:
            sent = deliver_monthly(self.runtime, now or self.runtime.clock(), self.lease.check)
            return f"sent to {sent} people" if sent else None

        self._leased("monthly summary", work)

    def memo_duty(self, now: datetime | None = None) -> None:
        """Prepare the six-month and year-end memos on time; remind who must act on one."""
        from bot.memo.duty import memo_duty

        def work() -> str | None:
            sent = memo_duty(self.runtime, now or self.runtime.clock())
            return f"{sent} memo reminders" if sent else None

        self._leased("memo duty", work)

    def retry_evidence(self) -> None:
        """Fetch again evidence files a crash or a failed download left pending."""

        def work() -> str | None:
            retried = self.runtime.core.evidence.retry_stale()
            return f"{retried} downloads retried" if retried else None

        self._leased("evidence", work)

    def check_quota(self) -> None:
        """Read each LINE channel's quota once a day: the default one and every organisation's."""

        def work() -> str | None:
            found = check_every_channel(self.runtime.store, self.runtime.deliverer)
            said = [
                f"{q.line.channel or 'default'}: "
                + (f"{q.quota.used} of {q.quota.limit} used" if q.quota else q.error)
                for q in found
            ]
            return "; ".join(said) or None

        self._leased("LINE quota", work)

    def start(self) -> None:
        """Start ticking in a background thread."""
        self.scheduler.start()

    def stop(self) -> None:
        """Stop ticking and give up the lease."""
        self.scheduler.shutdown(wait=False)
        self.lease.release()
