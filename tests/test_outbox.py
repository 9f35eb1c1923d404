"""The outbox: batches from a tick, and a failing message retried alone."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.delivery.outbox import BATCH, Outbox
from bot.store.redis_store import RedisStore

pytestmark = pytest.mark.store


def test_a_batch_delivers_each_id_and_retries_only_the_one_that_failed(
    store: RedisStore,
) -> None:
    calls: Counter[str] = Counter()

    def deliver(message_id: str) -> None:
        calls[message_id] += 1
        if message_id == "m3" and calls[message_id] == 1:
            raise RuntimeError("LINE answered 500")

    ids = [f"m{i}" for i in range(BATCH + 5)]
    outbox = Outbox(store, deliver, min_backoff_ms=10)
    outbox.broker.flush_all()
    outbox.enqueue_many(ids)
    assert outbox.backlog() == 2  # two outbox messages for BATCH + 5 ids
    outbox.start_worker(threads=2)
    try:
        outbox.join(timeout_ms=20_000)
    finally:
        outbox.stop()
    assert calls == Counter({**{mid: 1 for mid in ids}, "m3": 2})
    assert outbox.backlog() == 0
