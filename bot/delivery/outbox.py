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
from dramatiq.brokers.redis import RedisBroker

from bot.store.redis_store import RedisStore

log = logging.getLogger(__name__)

QUEUE = "reminders"
NAMESPACE = "{ita-outbox}"
SUMMARIES = "summaries"
BATCH = 20  # reminder ids per outbox message from a tick: the queue's cost is paid per batch


class Outbox:
    """Enqueues message ids; a worker hands each to the deliver function until it succeeds."""

    def __init__(
        self,
        store: RedisStore,
        deliver: Callable[[str], None],
        min_backoff_ms: int = 2_000,
        send_summary: Callable[[str, str, str], object] | None = None,
    ) -> None:
        # The broker's set-up is the one place outside bot.store given the Redis connection.
        # Its namespace is a hash tag: the broker's Lua script builds every key it touches
        # from it (queue, .msgs, delay queue, acks, heartbeats), so on a cluster they all
        # share one slot and the script stays legal; its one declared key is the namespace.
        self.broker = RedisBroker(client=store.r, namespace=NAMESPACE, heartbeat_timeout=30_000)
        self.deliver = deliver
        self.min_backoff_ms = min_backoff_ms
        options = {"max_retries": 12, "min_backoff": min_backoff_ms, "max_backoff": 300_000}
        self.actor: dramatiq.Actor = dramatiq.Actor(
            deliver,
            broker=self.broker,
            actor_name="deliver_reminder",
            queue_name=QUEUE,
            priority=0,
            options=options,
        )
        self.batch_actor: dramatiq.Actor = dramatiq.Actor(
            self._deliver_batch,
            broker=self.broker,
            actor_name="deliver_reminders",
            queue_name=QUEUE,
            priority=0,
            options=options,
        )
        self.summary_actor: dramatiq.Actor | None = None
        if send_summary is not None:
            self.summary_actor = dramatiq.Actor(
                send_summary,
                broker=self.broker,
                actor_name="deliver_summary",
                queue_name=SUMMARIES,
                priority=10,
                options=options,
            )
        self.worker: dramatiq.Worker | None = None

    def enqueue(self, message_id: str) -> None:
        """Put a delivery in the durable queue."""
        self.actor.send(message_id)

    def enqueue_many(self, message_ids: list[str]) -> None:
        """Put deliveries in the durable queue, BATCH ids to an outbox message."""
        for start in range(0, len(message_ids), BATCH):
            self.batch_actor.send(message_ids[start : start + BATCH])

    def _deliver_batch(self, message_ids: list[str]) -> None:
        """Deliver a batch; one that fails goes back alone, retried with backoff.

        Handed back before this batch is acknowledged: a crash in between redelivers the
        batch, and the ledger makes the second pass send nothing twice.
        """
        for message_id in message_ids:
            try:
                self.deliver(message_id)
            except Exception:  # noqa: BLE001 - one message's failure must not hold the others
                log.warning("reminder %s failed in its batch; retried alone", message_id)
                self.actor.send_with_options(args=(message_id,), delay=self.min_backoff_ms)

    def enqueue_summary(self, org_id: str, person_id: str, month: str) -> None:
        """Put one person's monthly summary in the durable queue."""
        if self.summary_actor is None:
            raise RuntimeError("this outbox was built without a summary sender")
        self.summary_actor.send(org_id, person_id, month)

    def backlog(self) -> int:
        """Return how many messages wait in the outbox or are being worked on."""
        with self.broker.client.pipeline(transaction=False) as pipe:
            for queue in (QUEUE, SUMMARIES, f"{QUEUE}.DQ", f"{SUMMARIES}.DQ"):  # delayed too
                pipe.hlen(f"{self.broker.namespace}:{queue}.msgs")
            return sum(int(n) for n in pipe.execute())

    def start_worker(self, threads: int = 2) -> dramatiq.Worker:
        """Run a worker in this process (``python -m scheduler.worker``, the embedded default)."""
        self.worker = dramatiq.Worker(
            self.broker, queues={QUEUE, SUMMARIES}, worker_threads=threads, worker_timeout=200
        )
        self.worker.start()
        return self.worker

    def join(self, timeout_ms: int = 10_000) -> None:
        """Wait until the queues are empty and the worker idle (tests, drills)."""
        self.broker.join(QUEUE, timeout=timeout_ms)
        if self.summary_actor is not None:
            self.broker.join(SUMMARIES, timeout=timeout_ms)
        if self.worker is not None:
            self.worker.join()

    def stop(self) -> None:
        """Stop the in-process worker."""
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
