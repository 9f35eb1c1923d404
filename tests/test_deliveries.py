"""A delivery's batched reads and writes: take, facts, finish, each one round trip."""

from __future__ import annotations

import json

import pytest

from bot.domain.model import Person, Role
from bot.store import keys as k
from bot.store.ledger import ledger_entry
from bot.store.redis_store import RedisStore

pytestmark = pytest.mark.store


def test_take_read_and_finish_a_message(store: RedisStore) -> None:
    store.save_person(Person("p1", "demo", "คน หนึ่ง", [Role.STAFF], "กองคลัง"))
    payload = {"id": "demo|p1|2026-11-30", "org": "demo", "person": "p1"}
    store.r.hset(k.PLANNED_DATA, payload["id"], json.dumps(payload))
    store.r.zadd(k.ENQUEUED, {payload["id"]: 1.0})
    records = store.deliveries
    taken, locked = records.take(payload["id"], "t1")
    assert taken == payload and locked
    assert records.take(payload["id"], "t2") == (payload, False)  # another worker waits
    entry = ledger_entry("demo", "p1", "2026-11-30", "-", "message")
    facts = records.facts("demo", "p1", ["m_none"], [entry])
    assert facts.person is not None and facts.person.name == "คน หนึ่ง"
    assert facts.snooze is None and facts.absent_until is None and facts.exhausted == set()
    assert facts.latest == [None] and facts.in_plan == [False] and facts.recorded == [None]
    records.finish(payload["id"], "t1", [entry], "sent")
    assert store.ledger.get(entry) == "sent"
    assert not store.r.hexists(k.PLANNED_DATA, payload["id"])
    assert store.r.zscore(k.ENQUEUED, payload["id"]) is None
    assert records.take(payload["id"], "t3") == (None, True)  # gone, and the lock was free
    records.release(payload["id"], "t3")


def test_finish_leaves_another_workers_lock_alone(store: RedisStore) -> None:
    records = store.deliveries
    records.take("demo|p1|2026-11-30", "mine")
    store.r.set(k.SENDING.format(message="demo|p1|2026-11-30"), "theirs")  # mine expired
    records.finish("demo|p1|2026-11-30", "mine", [], "not_needed")
    assert store.r.get(k.SENDING.format(message="demo|p1|2026-11-30")) == b"theirs"
