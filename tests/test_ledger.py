"""The delivery ledger: one hash per organisation per day, entries added once, with expiry."""

from __future__ import annotations

import threading

import pytest

from bot.store.ledger import LEDGER_TTL, ledger_entry
from bot.store.redis_store import RedisStore

pytestmark = pytest.mark.store


def test_a_message_records_all_its_entries_in_one_hash(store: RedisStore) -> None:
    names = [("-", "message"), ("m1", "due"), ("m2", "nudge")]
    entries = [ledger_entry("org1", "p1", "2026-11-30", m, kind) for m, kind in names]
    store.ledger.add_all(entries, "sent")
    assert store.r.keys("ita:*") == [entries[0].key.encode()]  # one key for the day
    unsent = ledger_entry("org1", "p2", "2026-11-30", "-", "message")
    assert store.ledger.read([*entries, unsent]) == ["sent", "sent", "sent", None]
    assert LEDGER_TTL - 5 <= store.r.ttl(entries[0].key) <= LEDGER_TTL


def test_an_entry_keeps_its_first_status(store: RedisStore) -> None:
    entry = ledger_entry("org1", "p1", "2026-11-30", "-", "message")
    store.ledger.add_all([entry], "deferred")
    store.ledger.add_all([entry], "sent")
    assert store.ledger.get(entry) == "deferred"
    missing = ledger_entry("org1", "p9", "2026-11-30", "-", "message")
    store.ledger.update(missing, "sent")  # only what is recorded changes
    assert not store.ledger.has(missing)


def test_one_of_many_racers_adds_an_entry(store: RedisStore) -> None:
    entry = ledger_entry("o", "p", "2026-11", "-", "summary")
    wins: list[bool] = []
    threads = [
        threading.Thread(target=lambda: wins.append(store.ledger.add(entry, "queued")))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wins.count(True) == 1


def test_days_and_organisations_have_their_own_hashes(store: RedisStore) -> None:
    entry = ledger_entry("org1", "p1", "2026-11-30", "-", "message")
    store.ledger.add(entry, "sent")
    assert not store.ledger.has(entry._replace(day="2026-12-01"))
    assert not store.ledger.has(entry._replace(org="org2"))
