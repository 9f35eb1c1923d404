"""The durable outbox: reminder deliveries as Dramatiq messages on the Redis broker.

Why Dramatiq: its Redis broker keeps each message until a worker acknowledges
it, requeues the messages of a worker that died (heartbeats), retries with
exponential backoff, and runs in-process (``Worker``) or as its own process.
RQ would work too, but forks a process per job by default and its retries
are opt-in; Dramatiq's at-least-once delivery is what the ledger expects.
Actors are built here around an explicit broker, so nothing connects at import.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker

log = logging.getLogger(__name__)

QUEUE = "reminders"


class Outbox:
    """Enqueues message ids; a worker hands each to the deliver function until it succeeds."""

    def __init__(
        self, client: redis.Redis, deliver: Callable[[str], None], min_backoff_ms: int = 2_000
    ) -> None:
        self.broker = RedisBroker(client=client, namespace="ita-outbox", heartbeat_timeout=30_000)
        self.actor: dramatiq.Actor = dramatiq.Actor(
            deliver,
            broker=self.broker,
            actor_name="deliver_reminder",
            queue_name=QUEUE,
            priority=0,
            options={"max_retries": 12, "min_backoff": min_backoff_ms, "max_backoff": 300_000},
        )
        self.worker: dramatiq.Worker | None = None

    def enqueue(self, message_id: str) -> None:
        """Put a delivery in the durable queue."""
        self.actor.send(message_id)

    def start_worker(self, threads: int = 2) -> dramatiq.Worker:
        """Run a worker in this process (the embedded default and tests)."""
        self.worker = dramatiq.Worker(
            self.broker, queues={QUEUE}, worker_threads=threads, worker_timeout=200
        )
        self.worker.start()
        return self.worker

    def join(self, timeout_ms: int = 10_000) -> None:
        """Wait until the queue is empty and the worker idle (tests, drills)."""
        self.broker.join(QUEUE, timeout=timeout_ms)
        if self.worker is not None:
            self.worker.join()

    def stop(self) -> None:
        """Stop the in-process worker."""
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
