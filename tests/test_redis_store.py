"""The store against a real server: plans, indexes, reports, people."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
import redis

from bot.domain.model import Channel, Measure, Organisation, Person, Report, Role, Status
from bot.store import keys as k
from bot.store.redis_store import OrgExistsError, RedisStore, new_id

pytestmark = pytest.mark.store


def plan(n: int = 3) -> list[Measure]:
    return [
        Measure(
            id="",
            number=0,
            title=f"มาตรการที่ {i}",
            divisions=["สำนักปลัด"] if i % 2 else ["กองคลัง", "กองช่าง"],
            start=date(2022, 10, 1),
            end=date(2023, 1 + i % 9, 28),
        )
        for i in range(1, n + 1)
    ]


def test_create_org_twice_is_refused(store: RedisStore, org: Organisation) -> None:
    with pytest.raises(OrgExistsError):
        store.create_org(org)
    assert [o.id for o in store.list_orgs()] == ["demo"]
    assert store.get_org("demo") == org


def test_save_plan_numbers_measures_in_order(store: RedisStore, org: Organisation) -> None:
    saved = store.save_plan(org.id, plan(3))
    assert saved.created == 3
    assert [m.number for m in store.measures(org.id)] == [1, 2, 3]
    assert store.measure_by_number(org.id, 2).title == "มาตรการที่ 2"  # type: ignore[union-attr]
    assert store.measure_by_number(org.id, 9) is None


def test_reimport_updates_and_keeps_reports(store: RedisStore, org: Organisation) -> None:
    first = store.save_plan(org.id, plan(3)).measures
    report = Report(
        new_id("r"),
        first[0].id,
        Status.IN_PROGRESS,
        datetime.now(UTC),
        "p1",
        "line",
        percent=50,
        text="ทำแล้วครึ่งหนึ่ง",
    )
    store.add_report(org.id, report)
    changed = plan(3)
    changed[1] = replace(changed[1], method="วิธีใหม่")
    again = store.save_plan(org.id, changed)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 2)
    assert [m.id for m in again.measures] == [m.id for m in first]
    assert len(store.measures(org.id)) == 3
    assert store.reports(org.id, first[0].id) == [report]


def test_duplicate_titles_stay_separate(store: RedisStore, org: Organisation) -> None:
    same = [replace(m, title="แผนปฏิบัติการป้องกัน การทุจริต") for m in plan(3)]
    store.save_plan(org.id, same)
    store.save_plan(org.id, same)
    assert len(store.measures(org.id)) == 3


def test_statuses_become_reports_once(store: RedisStore, org: Organisation) -> None:
    statuses = [Status.DONE, None, Status.NOT_STARTED]
    first = store.save_plan(org.id, plan(3), statuses=statuses)
    assert first.reports == 2
    again = store.save_plan(org.id, plan(3), statuses=statuses)
    assert again.reports == 0
    latest = store.latest_reports(org.id)
    assert latest[first.measures[0].id].status is Status.DONE
    assert latest[first.measures[0].id].channel is Channel.IMPORT


def test_indexes_answer_by_end_and_division(store: RedisStore, org: Organisation) -> None:
    saved = store.save_plan(org.id, plan(6)).measures
    before = store.measures_ending_before(org.id, date(2023, 4, 1))
    assert [m.end for m in before] == sorted(m.end for m in saved if m.end < date(2023, 4, 1))
    assert {m.number for m in store.measures_of_division(org.id, "กองคลัง")} == {2, 4, 6}
    moved = replace(saved[1], divisions=["สำนักปลัด"], end=None)
    store.save_measure(org.id, moved)
    assert {m.number for m in store.measures_of_division(org.id, "กองคลัง")} == {4, 6}
    assert moved.id not in {m.id for m in store.measures_ending_before(org.id, date(2030, 1, 1))}


def test_index_reads_cost_what_they_return(store: RedisStore, org: Organisation) -> None:
    store.save_plan(org.id, plan(60))
    monitor_before = store.r.info("commandstats").get("cmdstat_hmget", {}).get("calls", 0)
    found = store.measures_of_division(org.id, "สำนักปลัด")
    after = store.r.info("commandstats")["cmdstat_hmget"]["calls"]
    assert after - monitor_before == 1
    assert len(found) == 30


def test_reports_are_append_only(store: RedisStore, org: Organisation) -> None:
    m = store.save_plan(org.id, plan(1)).measures[0]
    at = datetime(2023, 3, 1, 9, tzinfo=UTC)
    r1 = Report("r1", m.id, Status.IN_PROGRESS, at, "p1", "line")
    r2 = Report(
        "r2",
        m.id,
        Status.DONE,
        at.replace(hour=10),
        "p1",
        "line",
        evidence=["sha256:abc"],
        supersedes="r1",
    )
    store.add_report(org.id, r1)
    store.add_report(org.id, r2)
    assert store.reports(org.id, m.id) == [r1, r2]
    assert store.latest_report(org.id, m.id) == r2
    refs = store.report_refs_between(org.id, at, at.replace(hour=11))
    assert refs == [f"{m.id}/r1", f"{m.id}/r2"]


def test_people_and_identities(store: RedisStore, org: Organisation) -> None:
    p = Person("p1", org.id, "สมชาย", [Role.STAFF], division="กองคลัง",
               chat_ids={"line": "U" + "a" * 32})  # fmt: skip
    store.save_person(p)
    assert store.person_by_identity("line", "U" + "a" * 32) == p
    assert store.person_by_identity("telegram", 42) is None
    p.chat_ids["telegram"] = "42"
    store.save_person(p)
    assert store.person_by_identity("telegram", 42) == p


def test_concurrent_plan_saves_do_not_duplicate(
    new_client: Callable[..., redis.Redis], org: Organisation
) -> None:
    errors: list[Exception] = []

    def save() -> None:
        try:
            RedisStore(new_client()).save_plan(org.id, plan(20))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=save) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    store = RedisStore(new_client())
    measures = store.measures(org.id)
    assert len(measures) == 20
    assert sorted(m.number for m in measures) == list(range(1, 21))
    assert store.r.hlen(k.org_key(k.MEASURE_KEYS, org.id)) == 20


def test_measures_with_latest_in_one_trip(store: RedisStore, org: Organisation) -> None:
    saved = store.save_plan(org.id, plan(4)).measures
    report = Report("r1", saved[1].id, Status.DONE, datetime.now(UTC), "p1", "line")
    store.add_report(org.id, report)
    finance = store.measures_with_latest(org.id, "กองคลัง")
    assert [(m.number, r) for m, r in finance] == [(2, report), (4, None)]
    everything = store.measures_with_latest(org.id)
    assert [m.number for m, _ in everything] == [1, 2, 3, 4]
    assert store.measures_with_latest(org.id, "กองช่างไม่มี") == []


def test_people_stored_before_the_registry_still_load_and_move_on_save(
    store: RedisStore, org: Organisation
) -> None:
    from bot.store import keys as k
    from tests.test_codec import LEGACY_PERSON

    legacy = LEGACY_PERSON.replace('"org_id":"demo"', f'"org_id":"{org.id}"')
    # Written exactly as the code before stored a person: the hash and one key per identity.
    store.r.hset(k.org_key(k.PEOPLE, org.id), "p_staff1", legacy)
    for platform, user in [("line", "U0123456789abcdef0123456789abcdef"),
                           ("telegram", "777001"), ("simulator", "p_staff1")]:  # fmt: skip
        store.r.set(k.IDENTITY.format(platform=platform, user=user), legacy)
    person = store.get_person(org.id, "p_staff1")
    assert person is not None and person.chat_id("telegram") == "777001"
    assert store.person_by_identity("telegram", 777001) == person
    assert store.person_by_identity("line", "U0123456789abcdef0123456789abcdef") == person
    assert [p.id for p in store.people(org.id)] == ["p_staff1"]
    store.save_person(person)
    raw = store.r.hget(k.org_key(k.PEOPLE, org.id), "p_staff1")
    assert raw is not None and b'"chats":' in raw and b"telegram_user_id" not in raw
    assert store.person_by_identity("simulator", "p_staff1") == person
