"""The clock's memo duty: drafts prepared on time, one reminder per person and working day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.app.runtime import build_runtime
from bot.demo import ensure_demo
from bot.memo.chain import resolve_chain, send
from bot.memo.duty import due_period, memo_duty
from bot.store import keys as k
from bot.store.memos import MemoStore
from bot.store.redis_store import RedisStore
from bot.web import create_app

pytestmark = pytest.mark.store


def at(day: date, hour: int = 9) -> datetime:
    """The moment of hour o'clock in Bangkok on day."""
    return datetime(day.year, day.month, day.day, hour - 7, 0, tzinfo=UTC)


@pytest.fixture()
def runtime(store: RedisStore, tmp_path: Path):  # type: ignore[no-untyped-def]
    ensure_demo(store, today=date(2027, 3, 20))
    app = create_app(build_runtime(Config(data_dir=tmp_path, demo=False, with_clock=False), store))
    return app.extensions["ita"].runtime


def pushed(store: RedisStore, persona: str) -> int:
    return int(store.r.llen(k.SIM_OUTBOX.format(user=persona)))


def test_due_periods() -> None:
    april, october = date(2027, 4, 1), date(2027, 10, 1)
    assert due_period(april, april, october) == ("six_month", 2570)
    assert due_period(october, april, october) == ("year_end", 2570)
    assert due_period(date(2027, 4, 2), april, october) is None


def test_six_month_memo_prepared_and_reminders_once_a_working_day(
    runtime, store: RedisStore
) -> None:  # type: ignore[no-untyped-def]
    memos = MemoStore(store.r)
    assert memo_duty(runtime, at(date(2027, 3, 31))) == 0 and memos.recent("demo") == []
    assert memo_duty(runtime, at(date(2027, 4, 1), hour=7)) == 0  # before the send time
    assert memo_duty(runtime, at(date(2027, 4, 1))) == 1  # Thu 1 Apr: prepared, secretary told
    assert [m.id for m in memos.recent("demo")] == ["six_month-2570"]
    assert memo_duty(runtime, at(date(2027, 4, 1), hour=14)) == 0  # once a day
    assert pushed(store, "p_secretary") == 1
    assert memo_duty(runtime, at(date(2027, 4, 3))) == 0  # Saturday
    assert memo_duty(runtime, at(date(2027, 4, 2))) == 1  # still a draft: reminded again

    memo = memos.recent("demo")[0]
    chain = resolve_chain(memos.chain("demo"), store.people("demo"))
    now = at(date(2027, 4, 2), hour=10)
    memos.change("demo", memo.id, lambda m: send(m, chain, "p_secretary", now) and None,
                 "p_secretary", "memo_send", now, number_for=2570)  # fmt: skip
    assert memo_duty(runtime, at(date(2027, 4, 5))) == 2  # Monday: the first step, the secretary
    assert pushed(store, "p_head") == 1
    assert memo_duty(runtime, at(date(2027, 4, 6))) == 0  # Chakri Day, a public holiday
    assert memo_duty(runtime, at(date(2027, 4, 7))) == 1  # Wednesday: the pending step only
    assert memo_duty(runtime, at(date(2027, 4, 7), hour=15)) == 0
    assert pushed(store, "p_head") == 2 and pushed(store, "p_deputy") == 0


def test_year_end_prepared_in_october(runtime, store: RedisStore) -> None:  # type: ignore[no-untyped-def]
    memo_duty(runtime, at(date(2027, 10, 1)))
    assert [m.id for m in MemoStore(store.r).recent("demo")] == ["year_end-2570"]
