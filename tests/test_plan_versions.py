"""Replacing a plan archives (never deletes), each save keeps a version, undo and archive."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.domain.model import Measure, Organisation, Report, Status
from bot.store import keys as k
from bot.store.redis_store import ClaimGone, RedisStore, new_id

pytestmark = pytest.mark.store
AT = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


def _m(title: str, division: str = "กองคลัง", end: date | None = date(2027, 3, 31)) -> Measure:
    return Measure("", 0, title, divisions=[division], start=date(2026, 10, 1), end=end)


def _report(store: RedisStore, measure_id: str) -> Report:
    report = Report(new_id("r"), measure_id, Status.DONE, AT, "p1", "simulator", text="ทำแล้ว")
    store.add_report("demo", report)
    return report


def test_replace_archives_what_the_file_leaves_out_and_keeps_reports(
    store: RedisStore, org: Organisation
) -> None:
    first = store.save_plan("demo", [_m("ก"), _m("ข", "กองช่าง"), _m("ค")]).measures
    report = _report(store, first[1].id)
    saved = store.save_plan("demo", [_m("ก"), _m("ง")], replace_all=True, actor="p1")
    assert (saved.created, saved.unchanged, saved.archived, saved.kept) == (1, 1, 2, 0)
    assert [m.title for m in store.measures("demo")] == ["ก", "ง"]
    assert [m.title for m in store.archived_measures("demo")] == ["ข", "ค"]
    assert store.measure_by_number("demo", first[1].number) is None
    assert store.measures_of_division("demo", "กองช่าง") == []
    ending = store.measures_ending_before("demo", date(2028, 1, 1))
    assert sorted(m.title for m in ending) == ["ก", "ง"]
    assert store.reports("demo", first[1].id) == [report]  # nothing deleted with its reports
    # Named again later, the archived measure comes back with its number and reports.
    again = store.save_plan("demo", [_m("ข", "กองช่าง")])
    assert again.restored == 1 and again.measures[0].id == first[1].id
    assert again.measures[0].number == first[1].number
    assert store.latest_report("demo", first[1].id) == report


def test_add_keeps_what_the_file_leaves_out(store: RedisStore, org: Organisation) -> None:
    store.save_plan("demo", [_m("ก"), _m("ข")])
    saved = store.save_plan("demo", [_m("ค")])
    assert (saved.created, saved.kept, saved.archived) == (1, 2, 0)
    assert len(store.measures("demo")) == 3


def test_each_save_keeps_the_previous_version_and_undo_restores_it(
    store: RedisStore, org: Organisation
) -> None:
    first = store.save_plan("demo", [_m("ก"), _m("ข")], actor="p1", at=AT).measures
    report = _report(store, first[0].id)
    store.save_plan("demo", [_m("ก", "กองช่าง"), _m("ค")], replace_all=True, actor="p2")
    assert [len(v.ids) for v in store.plan_versions("demo")] == [2, 0]
    restored = store.restore_previous_plan("demo", actor="p1")
    assert restored is not None and (restored.restored, restored.archived) == (2, 1)
    assert [(m.title, m.divisions) for m in store.measures("demo")] == [
        ("ก", ["กองคลัง"]),
        ("ข", ["กองคลัง"]),
    ]
    assert [m.title for m in store.archived_measures("demo")] == ["ค"]
    assert store.measures_of_division("demo", "กองช่าง") == []
    assert store.reports("demo", first[0].id) == [report]
    assert len(store.plan_versions("demo")) == 1
    # The first version is the empty plan: going back archives everything, deletes nothing.
    store.restore_previous_plan("demo")
    assert store.measures("demo") == [] and len(store.archived_measures("demo")) == 3
    assert store.restore_previous_plan("demo") is None
    assert store.reports("demo", first[0].id) == [report]


def test_versions_are_capped(store: RedisStore, org: Organisation) -> None:
    for i in range(8):
        store.save_plan("demo", [_m(f"มาตรการ {i}")])
    assert len(store.plan_versions("demo")) == 5


def test_archive_and_restore_one_measure(store: RedisStore, org: Organisation) -> None:
    m = store.save_plan("demo", [_m("ก"), _m("ข")]).measures[0]
    report = _report(store, m.id)
    logged: list[str] = []
    away = store.archive_measure("demo", m.id, after=lambda pipe, x: logged.append(x.id))
    assert away == m and logged == [m.id]
    assert [x.title for x in store.measures("demo")] == ["ข"]
    assert store.archived_by_number("demo", m.number) == m
    assert store.archive_measure("demo", m.id) is None  # a second time changes nothing
    assert store.restore_measure("demo", "m_missing") is None
    back = store.restore_measure("demo", m.id)
    assert back == m and store.measure_by_number("demo", m.number) == m
    assert store.measures_with_latest("demo", "กองคลัง")[0] == (m, report)
    assert store.restore_measure("demo", m.id) is None
    assert store.r.hlen(k.org_key(k.MEASURES_ARCHIVED, "demo")) == 0


def test_a_claimed_save_happens_once(store: RedisStore, org: Organisation) -> None:
    claim = "ita:{demo}:plan:preview:abc"
    store.r.set(claim, "{}")
    store.save_plan("demo", [_m("ก")], claim=claim)
    with pytest.raises(ClaimGone):
        store.save_plan("demo", [_m("ข")], claim=claim)
    assert [m.title for m in store.measures("demo")] == ["ก"]


def test_undo_reverts_what_the_save_changed_and_keeps_later_edits(
    store: RedisStore, org: Organisation
) -> None:
    a, b = store.save_plan("demo", [_m("ก"), _m("ข")]).measures
    saved = store.save_plan("demo", [_m("ก", "กองช่าง"), _m("ข"), _m("ค")])
    assert (saved.updated, saved.unchanged, saved.created) == (1, 1, 1)
    version = store.plan_versions("demo")[0]
    assert version.ids == [a.id, b.id] and [m.id for m in version.changed] == [a.id]
    edited = replace(store.get_measure("demo", b.id), timeframe_text="แก้ภายหลัง")  # type: ignore[type-var]
    store.save_measure("demo", edited)
    store.restore_previous_plan("demo")
    assert store.get_measure("demo", a.id) == a  # the save's change is undone
    assert store.get_measure("demo", b.id) == edited  # an edit made after the save stays
    assert [m.title for m in store.archived_measures("demo")] == ["ค"]
