"""Memos in Redis: changes under WATCH with their audit entry; concurrent taps stored once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from bot.domain.model import Person
from bot.memo.chain import acknowledge, send
from bot.memo.model import ChainStep, Memo, MemoError, MemoSettings
from bot.store import audit
from bot.store.memos import MemoStore
from bot.store.redis_store import RedisStore

pytestmark = pytest.mark.store
NOW = datetime(2027, 4, 1, 2, 0, tzinfo=UTC)
HEAD = Person("head", "o1", "หัวหน้า", [])
DEPUTY = Person("deputy", "o1", "รองปลัด", [])
CHAIN = [ChainStep("หัวหน้าสำนักปลัด", "head"), ChainStep("รองปลัด", "deputy")]


def stored(memos: MemoStore, period: str = "six_month") -> Memo:
    memo = Memo("o1", period, 2570, created_at=NOW.isoformat())  # type: ignore[arg-type]
    assert memos.create(memo)
    assert not memos.create(memo)  # one memo per period
    memos.change("o1", memo.id, lambda m: send(m, CHAIN, "sec", NOW) and None, "sec",
                  "memo_send", NOW, number_for=2570)  # fmt: skip
    return memo


def test_running_numbers_and_index(store: RedisStore) -> None:
    memos = MemoStore(store.r)
    stored(memos, "six_month")
    stored(memos, "year_end")
    numbers = {m.id: m.number for m in memos.recent("o1")}
    assert numbers == {"six_month-2570": 1, "year_end-2570": 2}


def test_concurrent_taps_are_stored_once_and_in_order(store: RedisStore) -> None:
    memos = MemoStore(store.r)
    memo = stored(memos)
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(12)

    def tap(person: Person, step: int) -> None:
        start.wait()
        try:
            memos.change("o1", memo.id,
                         lambda m: vars(acknowledge(m, step, 1, person, "ทราบ", "line", NOW)),
                         person.id, "memo_ack", NOW)  # fmt: skip
            result = f"{person.id}:ok"
        except MemoError as error:
            result = f"{person.id}:{error.key}"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=tap, args=(HEAD, 0)) for _ in range(6)]
    threads += [threading.Thread(target=tap, args=(DEPUTY, 1)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = memos.get("o1", memo.id)
    assert final is not None
    assert outcomes.count("head:ok") == 1
    assert outcomes.count("deputy:ok") <= 1
    assert [a.person for a in final.acks] == ["head", "deputy"][: len(final.acks)]
    assert len({a.person for a in final.acks}) == len(final.acks)
    acks = [e for e in audit.entries(store.r, "o1") if e.action == "memo_ack"]
    assert len(acks) == len(final.acks)
    refused = {o.split(":", 1)[1] for o in outcomes if not o.endswith(":ok")}
    assert refused <= {"memo.already_acked", "memo.not_your_step", "memo.already_complete"}


def test_refused_change_writes_nothing(store: RedisStore) -> None:
    memos = MemoStore(store.r)
    memo = stored(memos)
    before = store.r.get(f"ita:{{o1}}:memo:{memo.id}")
    entries = len(audit.entries(store.r, "o1"))
    with pytest.raises(MemoError):
        memos.change("o1", memo.id,
                     lambda m: acknowledge(m, 1, 1, DEPUTY, "ทราบ", "line", NOW),
                     "deputy", "memo_ack", NOW)  # fmt: skip
    assert store.r.get(f"ita:{{o1}}:memo:{memo.id}") == before
    assert len(audit.entries(store.r, "o1")) == entries
    with pytest.raises(MemoError):
        memos.change("o1", "year_end-2599", lambda m: None, "x", "memo_ack", NOW)


def test_chain_settings_and_signature_round_trip(store: RedisStore) -> None:
    memos = MemoStore(store.r)
    assert memos.chain("o1") == [] and memos.settings("o1") == MemoSettings()
    memos.set_chain("o1", CHAIN, "sec", NOW)
    memos.set_settings("o1", MemoSettings(prefix="ขก 88801.002/", province="ขอนแก่น"), "sec", NOW)
    memos.set_signature("o1", "head", b"\x89PNG\r\n\x1a\nxyz", "sec", NOW)
    assert memos.chain("o1") == CHAIN
    assert memos.settings("o1").prefix == "ขก 88801.002/"
    assert memos.signature("o1", "head") == b"\x89PNG\r\n\x1a\nxyz"
    memos.set_signature("o1", "head", None, "sec", NOW)
    assert memos.signature("o1", "head") is None
    actions = [e.action for e in audit.entries(store.r, "o1")]
    assert actions.count("signature") == 2 and "memo_chain" in actions
