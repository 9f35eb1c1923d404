"""Reminders delivered exactly once through the fake platforms, whatever goes wrong."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import redis

from bot.app.runtime import Runtime, build_runtime
from bot.chat.messages import Identity, Incoming, Kind
from bot.delivery.outbox import Outbox
from bot.demo import ensure_demo
from bot.domain.model import Channel, Report, Status
from bot.domain.thai import BANGKOK
from bot.reminders.preview import plan_org
from bot.store import keys as k
from bot.store.redis_store import RedisStore, new_id
from bot.store.server import start_embedded
from tests.fakes import FakeLineServer, FakeTelegramServer
from tests.platform_helpers import platform_config

pytestmark = pytest.mark.store
TODAY = date(2026, 11, 2)


def line_id(person_id: str) -> str:
    return "U" + person_id.encode().hex().ljust(32, "0")[:32]


def link_everyone_to_line(store: RedisStore) -> None:
    for person in store.people("demo"):
        person.chat_ids["line"] = line_id(person.id)
        store.save_person(person)


def at(day: date, hh: int = 9, mm: int = 30) -> datetime:
    """A time on day, by default once every send time of its morning has come (the spread)."""
    return datetime.combine(day, time(hh, mm), tzinfo=BANGKOK)


@pytest.fixture()
def runtime(
    store: RedisStore, fake_line: FakeLineServer, fake_telegram: FakeTelegramServer, tmp_path: Path
) -> Iterator[Runtime]:
    ensure_demo(store, today=TODAY)
    link_everyone_to_line(store)
    config = platform_config(fake_line, fake_telegram).with_overrides(data_dir=tmp_path)
    rt = build_runtime(config, store)
    rt.outbox = Outbox(store, rt.deliverer, min_backoff_ms=50)
    rt.outbox.broker.flush_all()
    rt.outbox.start_worker(threads=2)
    yield rt
    rt.outbox.stop()


def planned_messages(rt: Runtime, first: date, last: date) -> int:
    return len(plan_org(rt.store, "demo", first, last, rt.policies))


def drill(rt: Runtime, first: date, last: date, ticks_per_day: int = 2) -> None:
    day = first
    while day <= last:
        for _ in range(ticks_per_day):
            rt.tick(at(day))
        rt.outbox.join()
        day += timedelta(days=1)


def test_a_month_of_ticks_delivers_each_message_once(
    runtime: Runtime, fake_line: FakeLineServer
) -> None:
    first, last = TODAY, date(2026, 11, 30)
    expected = planned_messages(runtime, first, last)
    assert expected > 10
    drill(runtime, first, last)
    pushes = fake_line.pushes()
    assert len(pushes) == expected
    keys = Counter(p.headers.get("X-Line-Retry-Key") for p in pushes)
    assert all(n == 1 for n in keys.values())
    assert runtime.store.r.zcard(k.PLANNED) <= expected  # only today's re-plan is left
    texts = fake_line.texts_to(line_id("p_staff1"))
    assert texts and all("มาตรการ" in text for text in texts)


def test_killed_after_send_before_ledger_is_a_409_not_a_double(
    runtime: Runtime, fake_line: FakeLineServer
) -> None:
    real_push = runtime.adapters["line"].platform.push  # type: ignore[attr-defined]
    crashed: list[str] = []

    def push_then_die(user_id, replies, retry_key=None):  # type: ignore[no-untyped-def]
        result = real_push(user_id, replies, retry_key=retry_key)
        if not crashed:
            crashed.append(user_id)
            raise SystemError("worker died after the send, before the ledger write")
        return result

    runtime.adapters["line"].platform.push = push_then_die  # type: ignore[attr-defined]
    day = date(2026, 11, 30)
    expected = planned_messages(runtime, day, day)
    runtime.tick(at(day))
    runtime.outbox.join()
    assert crashed
    assert len(fake_line.pushes()) == expected
    assert any(status == 409 for status, _ in fake_line.rejected)


def test_dropped_connection_after_delivery_is_retried_with_the_same_key(
    runtime: Runtime, fake_line: FakeLineServer
) -> None:
    fake_line.drop_next(1)
    day = date(2026, 11, 30)
    expected = planned_messages(runtime, day, day)
    runtime.tick(at(day))
    runtime.outbox.join()
    assert len(fake_line.pushes()) == expected


def test_two_clocks_ticking_at_once_send_once(
    runtime: Runtime,
    fake_line: FakeLineServer,
    new_client: Callable[..., redis.Redis],
    store: RedisStore,
) -> None:
    other = build_runtime(runtime.config, RedisStore(new_client()))
    other.outbox = runtime.outbox  # same durable queue, as two clock processes would share
    day = date(2026, 11, 30)
    expected = planned_messages(runtime, day, day)
    barrier = threading.Barrier(2)

    def tick(rt: Runtime) -> None:
        barrier.wait()
        rt.tick(at(day))

    threads = [threading.Thread(target=tick, args=(rt,)) for rt in (runtime, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    runtime.outbox.join()
    assert len(fake_line.pushes()) == expected


def test_late_within_grace_goes_out_once_older_is_skipped(
    runtime: Runtime, fake_line: FakeLineServer
) -> None:
    day = date(2026, 11, 30)
    expected = planned_messages(runtime, day, day)
    runtime.plan_ahead(at(day), days=0)
    result = runtime.schedule.tick(at(day) + timedelta(hours=20), runtime.outbox.enqueue)
    runtime.outbox.join()
    assert result.enqueued == expected and len(fake_line.pushes()) == expected
    old = date(2026, 11, 27)
    runtime.plan_ahead(at(old), days=0)
    result = runtime.schedule.tick(at(old) + timedelta(hours=30), runtime.outbox.enqueue)
    runtime.outbox.join()
    assert result.skipped > 0 and result.enqueued == 0
    assert len(fake_line.pushes()) == expected


def test_done_measure_is_not_reminded(runtime: Runtime, fake_line: FakeLineServer) -> None:
    from bot.domain.model import Report, Status
    from bot.store.redis_store import new_id

    day = date(2026, 11, 30)
    runtime.plan_ahead(at(day), days=0)
    for m in runtime.store.measures("demo"):
        runtime.store.add_report(
            "demo", Report(new_id("r"), m.id, Status.DONE, at(day), "p_secretary", Channel.WEB)
        )
    runtime.schedule.tick(at(day), runtime.outbox.enqueue)
    runtime.outbox.join()
    assert all("เลยกำหนด" not in t for p in fake_line.pushes() for t in p.texts)


def test_measure_archived_after_planning_is_not_reminded(
    runtime: Runtime, fake_line: FakeLineServer
) -> None:
    day = date(2026, 11, 30)
    runtime.plan_ahead(at(day), days=0)
    assert any(m.items for m in plan_org(runtime.store, "demo", day, day, runtime.policies))
    for m in runtime.store.measures("demo"):
        runtime.store.archive_measure("demo", m.id)
    runtime.schedule.tick(at(day), runtime.outbox.enqueue)
    runtime.outbox.join()
    assert all("เลยกำหนด" not in t for p in fake_line.pushes() for t in p.texts)


def test_quota_exhausted_falls_back_to_telegram_then_to_the_next_reply(
    runtime: Runtime, fake_line: FakeLineServer, fake_telegram: FakeTelegramServer
) -> None:
    store = runtime.store
    day = date(2026, 11, 30)
    due = [m.person_id for m in plan_org(store, "demo", day, day, runtime.policies)]
    assert len(due) >= 2
    on_telegram, line_only = due[0], due[1]
    person = store.get_person("demo", on_telegram)
    assert person is not None
    person.chat_ids["telegram"] = "777001"
    store.save_person(person)
    fake_line.fail_next(100, status=429)
    runtime.tick(at(day))
    runtime.outbox.join()
    assert fake_line.pushes() == []
    assert runtime.deliverer.quota_exhausted()
    assert fake_telegram.texts_to(777001)
    missed_key = k.MISSED.format(platform="line", user=line_id(line_only))
    assert store.r.llen(missed_key) == 1
    replies = runtime.core.handle(
        Incoming(Identity("line", line_id(line_only)), Kind.TEXT, text="ช่วยเหลือ")
    )
    assert "วัน" in replies[0].text  # type: ignore[union-attr]
    assert store.r.llen(missed_key) == 0
    assert fake_telegram.rate_violations(min_interval=1.0) == []


def test_redis_restart_keeps_the_ledger(tmp_path: Path, fake_line: FakeLineServer) -> None:
    server, url = start_embedded(tmp_path / "redis", persist=True)
    try:
        store = RedisStore(redis.Redis.from_url(url))
        ensure_demo(store, today=TODAY)
        link_everyone_to_line(store)
        rt = build_runtime(platform_config(fake_line).with_overrides(data_dir=tmp_path), store)
        rt.outbox = Outbox(store, rt.deliverer, min_backoff_ms=50)
        rt.outbox.start_worker(threads=1)
        day = date(2026, 11, 30)
        expected = planned_messages(rt, day, day)
        rt.tick(at(day))
        rt.outbox.join()
        rt.outbox.stop()
        store.r.execute_command("BGREWRITEAOF")
        server.stop()
        server.start()
        store = RedisStore(redis.Redis.from_url(server.connection_url))
        rt = build_runtime(rt.config, store)
        rt.outbox = Outbox(store, rt.deliverer, min_backoff_ms=50)
        rt.outbox.start_worker(threads=1)
        rt.tick(at(day, 9, 0))
        rt.outbox.join()
        rt.outbox.stop()
        assert len(fake_line.pushes()) == expected
    finally:
        server.stop()


def test_quota_read_warns_the_secretary_once_at_80_percent_and_stops_at_100(
    runtime: Runtime, fake_line: FakeLineServer
) -> None:
    from bot.delivery.quota import check_quota, saved_quota

    fake_line.quota = 300
    fake_line.usage_offset = 239
    quota = check_quota(runtime.store, runtime.adapters["line"], runtime.deliverer)
    assert (quota.limit, quota.used) == (300, 239) and fake_line.pushes() == []
    fake_line.usage_offset = 240
    check_quota(runtime.store, runtime.adapters["line"], runtime.deliverer)
    check_quota(runtime.store, runtime.adapters["line"], runtime.deliverer)
    warnings = fake_line.texts_to(line_id("p_secretary"))
    assert len(warnings) == 1 and "โควตา" in warnings[0]
    assert not runtime.deliverer.quota_exhausted()
    fake_line.usage_offset = 300
    check_quota(runtime.store, runtime.adapters["line"], runtime.deliverer)
    assert runtime.deliverer.quota_exhausted()
    assert saved_quota(runtime.store).used >= 300  # type: ignore[union-attr]


# ---- issue 9 defect 3: one push per planned message, whatever the crash; none orphaned -----
DAY = date(2026, 11, 30)


def pushes_per_person(fake_line: FakeLineServer) -> Counter[str]:
    return Counter(str(p.json["to"]) for p in fake_line.pushes())


def test_a_redelivered_send_after_a_report_is_not_a_second_push(
    runtime: Runtime, fake_line: FakeLineServer
) -> None:
    """LINE took the push, the worker died before the ledger, the person then reported one
    item: the retry carries fewer items, yet the same retry key, so LINE refuses it (409)."""
    messages = plan_org(runtime.store, "demo", DAY, DAY, runtime.policies)
    target = next(m for m in messages if len(m.items) >= 2)
    real_push = runtime.adapters["line"].platform.push  # type: ignore[attr-defined]
    crashed: list[str] = []

    def push_then_die(user_id, replies, retry_key=None):  # type: ignore[no-untyped-def]
        result = real_push(user_id, replies, retry_key=retry_key)
        person = runtime.store.get_person("demo", target.person_id)
        if not crashed and person is not None and user_id == person.chat_id("line"):
            crashed.append(user_id)
            done = Report(
                new_id("r"), target.items[0].measure_id, Status.DONE, at(DAY), person.id,
                "line",
            )  # fmt: skip
            runtime.store.add_report("demo", done)
            raise SystemError("worker died after the send, before the ledger write")
        return result

    runtime.adapters["line"].platform.push = push_then_die  # type: ignore[attr-defined]
    runtime.tick(at(DAY))
    runtime.outbox.join()
    assert crashed
    assert all(n == 1 for n in pushes_per_person(fake_line).values())
    assert len(fake_line.pushes()) == len(messages)
    assert any(status == 409 for status, _ in fake_line.rejected)


def test_a_message_the_outbox_lost_is_handed_again_and_sent_once(
    runtime: Runtime, fake_line: FakeLineServer
) -> None:
    """Redis went away while a worker held the message: the outbox lost it for good."""
    expected = len(plan_org(runtime.store, "demo", DAY, DAY, runtime.policies))
    runtime.plan_ahead(at(DAY), days=0)
    lost: list[str] = []
    result = runtime.schedule.tick(at(DAY), lost.append)  # handed over, then lost
    assert result.enqueued == expected and fake_line.pushes() == []
    assert runtime.store.r.zcard(k.ENQUEUED) == expected
    runtime.schedule.tick(at(DAY) + timedelta(minutes=5), runtime.outbox.enqueue)
    runtime.outbox.join()
    assert fake_line.pushes() == []  # too soon to call it lost
    again = runtime.schedule.tick(at(DAY) + timedelta(minutes=20), runtime.outbox.enqueue)
    runtime.outbox.join()
    assert again.requeued == expected
    assert len(fake_line.pushes()) == expected
    assert runtime.store.r.zcard(k.ENQUEUED) == 0
    assert runtime.store.r.hlen(k.PLANNED_DATA) <= expected  # only what is planned ahead
    # Handed again by a late sweep while already delivered: still nothing twice.
    for mid in lost:
        runtime.outbox.enqueue(mid)
    runtime.outbox.join()
    assert len(fake_line.pushes()) == expected


def test_two_workers_delivering_one_message_push_once(
    runtime: Runtime, fake_line: FakeLineServer
) -> None:
    import threading

    runtime.plan_ahead(at(DAY), days=0)
    ids: list[str] = []
    runtime.schedule.tick(at(DAY), ids.append)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def deliver(mid: str) -> None:
        barrier.wait()
        try:
            outcomes.append(runtime.deliverer.deliver(mid).status)
        except Exception as exc:  # noqa: BLE001 - the busy one is retried by the outbox
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=deliver, args=(ids[0],)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(fake_line.pushes()) == 1
    assert sorted(outcomes)[-1] in ("sent", "not_needed", "gone", "DeliveryBusy")


# ---- issue 13 defect 7: never outside office hours --------------------------------------------
def test_a_server_started_at_night_waits_for_office_hours(
    runtime: Runtime, fake_line: FakeLineServer
) -> None:
    night, morning = DAY, DAY + timedelta(days=1)  # Mon 30 Nov 2026, then Tue 1 Dec
    today = {m.person_id for m in plan_org(runtime.store, "demo", night, night, runtime.policies)}
    tomorrow = {
        m.person_id for m in plan_org(runtime.store, "demo", morning, morning, runtime.policies)
    }
    assert today
    result = runtime.tick(at(night, 23, 10))
    runtime.outbox.join()
    assert fake_line.pushes() == [] and result.waiting == len(today)
    runtime.tick(at(morning, 6, 0))  # still before the offices open
    runtime.outbox.join()
    assert fake_line.pushes() == []
    runtime.tick(at(morning))  # the late ones at the opening, tomorrow's in their spread
    runtime.outbox.join()
    per_person = pushes_per_person(fake_line)
    assert set(per_person) == {line_id(p) for p in today | tomorrow}
    assert all(n == 1 for n in per_person.values())  # the fresher message replaced the late one
