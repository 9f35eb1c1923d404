"""The delivery ledger: one hash per organisation per day, entries added once, with expiry."""

from __future__ import annotations

import threading

import pytest
import redis

from bot.store.ledger import LEDGER_TTL, Ledger, entry, ledger_key

pytestmark = pytest.mark.store


def test_a_message_records_all_its_entries_in_one_hash(redis_client: redis.Redis) -> None:
    ledger = Ledger(redis_client)
    names = [entry("p1", "-", "message"), entry("p1", "m1", "due"), entry("p1", "m2", "nudge")]
    ledger.record("org1", "2026-11-30", names, "sent")
    assert redis_client.keys("ita:*") == [ledger_key("org1", "2026-11-30").encode()]
    assert ledger.read("org1", "2026-11-30", [*names, entry("p2", "-", "message")]) == [
        "sent", "sent", "sent", None,
    ]  # fmt: skip
    ttl = redis_client.ttl(ledger_key("org1", "2026-11-30"))
    assert LEDGER_TTL - 5 <= ttl <= LEDGER_TTL


def test_an_entry_keeps_its_first_outcome(redis_client: redis.Redis) -> None:
    ledger = Ledger(redis_client)
    ledger.record("org1", "2026-11-30", [entry("p1", "-", "message")], "deferred")
    ledger.record("org1", "2026-11-30", [entry("p1", "-", "message")], "sent")
    assert ledger.read("org1", "2026-11-30", [entry("p1", "-", "message")]) == ["deferred"]


def test_add_once_lets_exactly_one_of_many_racers_win(redis_client: redis.Redis) -> None:
    ledger = Ledger(redis_client)
    wins: list[bool] = []
    threads = [
        threading.Thread(
            target=lambda: wins.append(ledger.add_once("o", "2026-11", "p|-|summary", "queued"))
        )
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wins.count(True) == 1


def test_days_and_organisations_have_their_own_hashes(redis_client: redis.Redis) -> None:
    ledger = Ledger(redis_client)
    ledger.record("org1", "2026-11-30", [entry("p1", "-", "message")], "sent")
    assert ledger.read("org1", "2026-12-01", [entry("p1", "-", "message")]) == [None]
    assert ledger.read("org2", "2026-11-30", [entry("p1", "-", "message")]) == [None]
    ledger.update("org1", "2026-11-30", entry("p1", "-", "message"), "deferred")
    assert ledger.read("org1", "2026-11-30", [entry("p1", "-", "message")]) == ["deferred"]
