"""The clock: APScheduler in Asia/Bangkok, ticking every minute under a Redis lease."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from bot.monthly import deliver_monthly
from bot.quota import check_quota
from bot.runtime import Runtime
from bot.store import keys as k
from scheduler.lease import Lease

log = logging.getLogger(__name__)

TIMEZONE = "Asia/Bangkok"


class Clock:
    """Runs the minute tick only while it holds the lease (one clock ticks at a time)."""

    def __init__(self, runtime: Runtime, scheduler: BaseScheduler | None = None) -> None:
        self.runtime = runtime
        self.lease = Lease(runtime.store.r, k.CLOCK_LEASE)
        self.scheduler = scheduler or BackgroundScheduler(timezone=TIMEZONE)
        self.scheduler.add_job(
            self.tick,
            "cron",
            second=0,
            id="tick",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=50,
        )
        self.scheduler.add_job(
            self.monthly_summary,
            "cron",
            day="1-10",
            hour="8-16",
            minute="*/15",
            id="monthly-summary",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=600,
        )
        self.scheduler.add_job(
            self.retry_evidence,
            "interval",
            minutes=5,
            id="evidence",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=120,
        )
        self.scheduler.add_job(
            self.check_quota,
            "cron",
            hour=8,
            minute=0,
            id="line-quota",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )

    def tick(self, now: datetime | None = None) -> None:
        """One tick: plan ahead, claim what is due, enqueue it (if we hold the lease)."""
        if not self.lease.acquire():
            log.debug("another clock holds the lease; not ticking")
            return
        try:
            result = self.runtime.tick(now or datetime.now(UTC))
            if result.claimed:
                log.info(
                    "tick: %d claimed, %d enqueued, %d skipped (too late)",
                    result.claimed,
                    result.enqueued,
                    result.skipped,
                )
        except Exception:
            log.exception("tick failed")

    def monthly_summary(self, now: datetime | None = None) -> None:
        """On the first working day, send last month's summary (if we hold the lease)."""
        if not self.lease.acquire():
            return
        try:
            sent = deliver_monthly(self.runtime, now or datetime.now(UTC))
            if sent:
                log.info("monthly summary sent to %d people", sent)
        except Exception:
            log.exception("monthly summary failed")

    def retry_evidence(self) -> None:
        """Fetch again evidence files a crash or a failed download left pending."""
        if not self.lease.acquire():
            return
        try:
            retried = self.runtime.core.evidence.retry_stale()
            if retried:
                log.info("retrying %d evidence downloads", retried)
        except Exception:
            log.exception("evidence retry failed")

    def check_quota(self) -> None:
        """Read the LINE quota once a day (when LINE is configured and we hold the lease)."""
        line = self.runtime.line
        if self.runtime.deliverer.line is None or line is None or not self.lease.acquire():
            return
        try:
            quota = check_quota(self.runtime.store, line, self.runtime.deliverer)
            log.info("LINE quota: %s of %s used", quota.used, quota.limit)
        except Exception:
            log.exception("reading the LINE quota failed")

    def start(self) -> None:
        """Start ticking in a background thread."""
        self.scheduler.start()

    def stop(self) -> None:
        """Stop ticking and give up the lease."""
        self.scheduler.shutdown(wait=False)
        self.lease.release()
