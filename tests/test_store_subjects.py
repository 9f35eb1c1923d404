"""The subject stores RedisStore hands out, against a real server: what callers rely on."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.store import keys as k
from bot.store.ledger import LEDGER_TTL, ledger_entry
from bot.store.redis_store import RedisStore


def test_the_ledger_records_once_and_keeps_the_expiry_on_update(store: RedisStore) -> None:
    entry = ledger_entry("demo", "p1", "2026-12-01", "-", "summary")
    assert store.ledger.get(entry) is None and not store.ledger.has(entry)
    assert store.ledger.add(entry, "queued") and not store.ledger.add(entry, "sent")
    store.ledger.update(entry, "sent")
    other_day = entry._replace(day="2026-12-02")
    assert store.ledger.get(entry) == "sent"
    assert store.ledger.read([entry, other_day]) == ["sent", None]
    assert 0 < store.r.ttl(entry.key) <= LEDGER_TTL


def test_one_worker_holds_a_message_at_a_time(store: RedisStore) -> None:
    assert store.ledger.lock_sending("m1", "a") and not store.ledger.lock_sending("m1", "b")
    store.ledger.unlock_sending("m1", "b")  # not its lock: nothing happens
    assert not store.ledger.lock_sending("m1", "c")
    store.ledger.unlock_sending("m1", "a")
    assert store.ledger.lock_sending("m1", "c")


def test_a_conversation_lock_is_one_persons_at_a_time(store: RedisStore) -> None:
    first = store.conversations.lock("line", "U1", "t1", 10_000)
    assert first is not None and first.person is None and first.state is None
    assert store.conversations.lock("line", "U1", "t2", 10_000) is None
    store.conversations.push_missed("line", "U1", "เตือน")
    pipe = store.pipeline()
    store.conversations.save(
        pipe, "line", "U1", "t1", missed_taken=0, state=('{"name": "x"}', 60), was=None
    )
    pipe.execute()
    again = store.conversations.lock("line", "U1", "t2", 10_000)
    assert again is not None and again.state == b'{"name": "x"}' and again.missed == ["เตือน"]


def test_evidence_waits_in_the_queue_until_fetched(store: RedisStore) -> None:
    pipe = store.pipeline()
    store.evidence.add_pending(pipe, "demo", "ev1", {"state": "pending", "name": "a.pdf"}, 100.0)
    pipe.execute()
    assert store.evidence.queued_before(200.0) == [("demo", "ev1")]
    assert store.evidence.queued_before(50.0) == []
    store.evidence.reject("demo", "ev1", "evidence.bad_type", ("line", "U1", "ไม่รับไฟล์"))
    assert store.evidence.queued_before(200.0) == [] and store.evidence.rejected("demo") == {"ev1"}
    assert store.evidence.states("demo", ["ev1"]) == [("rejected", "evidence.bad_type")]


def test_quota_marks_and_telegram_slots(store: RedisStore) -> None:
    assert store.quota.saved_line_quota("") == {} and not store.quota.is_line_exhausted("")
    store.quota.save_line_quota("", None, 12, "2026-12-01T00:00:00+00:00")
    assert store.quota.saved_line_quota("")["limit"] == ""
    assert store.quota.warn_once("", "2026-12") and not store.quota.warn_once("", "2026-12")
    store.quota.mark_line_exhausted("", 60)
    assert store.quota.is_line_exhausted("")
    assert store.quota.take_chat_slot("1", "42") and not store.quota.take_chat_slot("1", "42")
    assert [store.quota.count_in_second("1", 7) for _ in range(3)] == [1, 2, 3]


def test_the_default_line_channel_keeps_its_keys_and_each_channel_has_its_own(
    store: RedisStore,
) -> None:
    store.quota.save_line_quota("", 500, 10, "2026-12-01T00:00:00+00:00")
    store.quota.mark_line_exhausted("", 60)
    # a deployment from before channels finds its quota and mark where they always were
    assert store.r.hget(k.LINE_QUOTA, "used") == b"10" and store.r.exists(k.LINE_QUOTA_EXHAUSTED)
    assert store.quota.saved_line_quota("chan00000001") == {}
    assert not store.quota.is_line_exhausted("chan00000001", "org-a")
    assert store.quota.warn_once("", "2026-12") and store.quota.warn_once("chan00000001", "2026-12")
    store.quota.mark_line_exhausted("chan00000002", 60, "org-b")
    assert store.quota.is_line_exhausted("chan00000002", "org-b")
    assert not store.quota.is_line_exhausted("chan00000009", "org-b")  # b's next channel
    assert store.quota.exhausted_line_channels("org-a") == {""}
    assert store.quota.exhausted_line_channels("org-b") == {"", "chan00000002"}
    with pytest.raises(ValueError):
        store.quota.mark_line_exhausted("chan00000002", 60)  # whose is it?


def test_telegram_slots_are_per_bot(store: RedisStore) -> None:
    assert store.quota.take_chat_slot("111", "42") and store.quota.take_chat_slot("222", "42")
    assert [store.quota.count_in_second("111", 7) for _ in range(2)] == [1, 2]
    assert store.quota.count_in_second("222", 7) == 1


def test_health_reads_back_its_probe_and_the_heartbeat(store: RedisStore) -> None:
    store.health.ping()
    assert store.health.write_and_read("host-a", "v1") and store.health.heartbeat() is None
    at = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)
    store.health.beat(at)
    assert store.health.heartbeat() == at
