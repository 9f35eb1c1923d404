"""Compiling a month's summary: hand-made plans whose answers are known, snapshots on Redis."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import redis

from bot.domain.model import (
    Assessment,
    Division,
    Measure,
    Organisation,
    Report,
    Status,
)
from bot.domain.thai import BANGKOK
from bot.store import keys as k
from bot.store.redis_store import RedisStore
from bot.summary import SnapshotStore, compile_summary, freeze_month, summary_for, summary_json
from bot.summary.compile import state_at

PALAT, KHLANG, CHANG = "สำนักปลัด", "กองคลัง", "กองช่าง"
ORG = Organisation(
    "huanong", "องค์การบริหารส่วนตำบลหัวหนอง", [Division(PALAT), Division(KHLANG), Division(CHANG)]
)


def at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2023) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BANGKOK)


def report(rid: str, mid: str, status: Status, when: datetime, **extra: object) -> Report:
    return Report(rid, mid, status, when, "p1", "line", **extra)  # type: ignore[arg-type]


def measure(number: int, **fields: object) -> Measure:
    return Measure(f"m{number}", number, f"มาตรการที่ {number}", **fields)  # type: ignore[arg-type]


IIT, EIT, OIT = Assessment.IIT, Assessment.EIT, Assessment.OIT
MEASURES = [
    # done late: end 28 Feb, done 10 Mar
    measure(1, divisions=[PALAT], assessment=IIT, indicator=1, end=date(2023, 2, 28)),
    # amended: "done" by mistake, amended to "in progress"; overdue since 31 Jan
    measure(2, divisions=[KHLANG], assessment=OIT, indicator=9, item="O12", end=date(2023, 1, 31)),
    # done 5 Mar, amended on 20 Mar with evidence: still done since 5 Mar, on time
    measure(3, divisions=[PALAT, KHLANG], assessment=EIT, indicator=6, end=date(2023, 3, 31)),
    # no timeframe and no report
    measure(4, divisions=[KHLANG], assessment=IIT, indicator=2),
    # in progress a minute before the month ended, done a minute after it
    measure(5, divisions=[PALAT], assessment=EIT, indicator=7, end=date(2023, 6, 30)),
    # not started, due the last day of March
    measure(6, divisions=[KHLANG], assessment=OIT, indicator=10, item="O40", end=date(2023, 3, 31)),
]
REPORTS = {
    "m1": [
        report("r1a", "m1", Status.IN_PROGRESS, at(2, 10)),
        report("r1b", "m1", Status.DONE, at(3, 10), evidence=["e3"]),
    ],
    "m2": [
        report("r2a", "m2", Status.DONE, at(1, 20), evidence=["e9"]),
        report("r2b", "m2", Status.IN_PROGRESS, at(1, 25), supersedes="r2a"),
    ],
    "m3": [
        report("r3a", "m3", Status.DONE, at(3, 5), evidence=["e0"]),
        report("r3b", "m3", Status.DONE, at(3, 20), evidence=["e1", "e2"], supersedes="r3a"),
    ],
    "m5": [
        report("r5a", "m5", Status.IN_PROGRESS, at(3, 31, 23, 59)),
        report("r5b", "m5", Status.DONE, at(4, 1, 0, 1)),
    ],
    "m6": [report("r6a", "m6", Status.NOT_STARTED, at(2, 1))],
}


def march(previous: dict | None = None) -> dict:
    return summary_json(compile_summary(ORG, MEASURES, REPORTS, 2023, 3, previous))


def february() -> dict:
    return summary_json(compile_summary(ORG, MEASURES, REPORTS, 2023, 2, None))


def counts(measures: int, done=0, in_progress=0, not_started=0, no_report=0, overdue=0) -> dict:
    pct = round(done * 100 / measures, 1) if measures else None
    return dict(measures=measures, done=done, in_progress=in_progress, not_started=not_started,
                no_report=no_report, overdue=overdue, percent_done=pct)  # fmt: skip


def test_march_totals_and_breakdowns() -> None:
    s = march()
    assert s["org"] == "huanong" and s["month"] == "2023-03" and s["as_of"] == "2023-03-31"
    assert s["partial"] is False
    assert s["totals"] == counts(6, done=2, in_progress=2, not_started=1, no_report=1, overdue=2)
    assert s["by_assessment"] == {
        "IIT": counts(2, done=1, no_report=1),
        "EIT": counts(2, done=1, in_progress=1),
        "OIT": counts(2, in_progress=1, not_started=1, overdue=2),
    }
    assert list(s["by_indicator"]) == [str(i) for i in range(1, 11)]
    assert s["by_indicator"]["9"] == counts(1, in_progress=1, overdue=1)
    assert s["by_indicator"]["3"] == counts(0)
    assert s["done_this_month"] == [1, 3]
    assert s["no_report"] == [4]
    assert s["statuses"] == {"1": "done", "2": "in_progress", "3": "done", "4": "no_report",
                             "5": "in_progress", "6": "not_started"}  # fmt: skip
    json.dumps(s)  # JSON-ready throughout


def test_every_division_appears_even_without_measures() -> None:
    rows = {row["division"]: row for row in march()["by_division"]}
    assert list(rows) == [PALAT, KHLANG, CHANG]
    assert rows[CHANG] == {"division": CHANG, **counts(0)}
    assert rows[PALAT] == {"division": PALAT, **counts(3, done=2, in_progress=1)}
    # measure 3 belongs to both divisions and counts in each
    khlang = counts(4, done=1, in_progress=1, not_started=1, no_report=1, overdue=2)
    assert rows[KHLANG] == {"division": KHLANG, **khlang}


def test_overdue_measures_with_days_and_o_codes() -> None:
    assert march()["overdue"] == [
        {"number": 2, "title": "มาตรการที่ 2", "divisions": [KHLANG], "end": "2023-01-31",
         "days_overdue": 59, "status": "in_progress", "assessment": "OIT", "item": "O12"},
        {"number": 6, "title": "มาตรการที่ 6", "divisions": [KHLANG], "end": "2023-03-31",
         "days_overdue": 0, "status": "not_started", "assessment": "OIT", "item": "O40"},
    ]  # fmt: skip


def test_done_late_is_done_but_not_on_time() -> None:
    s = march()
    assert s["statuses"]["1"] == "done" and 1 not in [o["number"] for o in s["overdue"]]
    # due by 31 Mar: measures 1, 2, 3 and 6; only 3 was done by its end date
    assert s["on_time"] == {"due": 4, "done_on_time": 1, "done_late": 1}
    assert s["on_time_rate"] == 25.0


def test_amendments_replace_what_they_amend() -> None:
    s = march()
    assert s["statuses"]["2"] == "in_progress"  # the mistaken "done" was amended away
    # e0 was on the amended report, e9 on the amended-away one: neither counts
    assert s["evidence_count"] == 3
    done_since = state_at(REPORTS["m3"], datetime(2023, 4, 1, tzinfo=BANGKOK)).done_since
    assert done_since == at(3, 5)  # an amendment that keeps "done" keeps the first date


def test_measure_without_timeframe_is_never_overdue_or_due() -> None:
    s = march()
    assert 4 not in [o["number"] for o in s["overdue"]]
    assert s["statuses"]["4"] == "no_report"


def test_reports_after_the_month_end_are_not_counted() -> None:
    s = march()
    assert s["statuses"]["5"] == "in_progress"  # done at 00:01 on 1 April does not count
    assert s["late_reports"] == [
        {"number": 5, "title": "มาตรการที่ 5", "item": None, "status": "done",
         "was": "in_progress", "at": at(4, 1, 0, 1).isoformat(), "days_late": 1},
    ]  # fmt: skip
    feb = february()
    assert feb["statuses"] == {"1": "in_progress", "2": "in_progress", "3": "no_report",
                               "4": "no_report", "5": "no_report", "6": "not_started"}  # fmt: skip
    assert feb["totals"] == counts(6, in_progress=2, not_started=1, no_report=3, overdue=2)
    # February's late reports are March's changes (r3a was amended by r3b: left out)
    assert [(x["number"], x["status"]) for x in feb["late_reports"]] == [
        (1, "done"), (3, "done"), (5, "in_progress")
    ]  # fmt: skip


def test_changes_since_last_month() -> None:
    s = march(previous=february())
    assert s["previous"] == {"month": "2023-02", **counts(6, in_progress=2, not_started=1,
                                                         no_report=3, overdue=2)}  # fmt: skip
    changes = s["changes"]
    assert (changes["done"], changes["no_report"], changes["overdue"]) == (2, -2, 0)
    assert changes["percent_done"] == 33.3
    assert changes["newly_done"] == [1, 3]
    assert changes["newly_overdue"] == [6]  # 2 was overdue in February already
    assert changes["reopened"] == []
    assert march()["changes"] is None and march()["previous"] is None


def test_current_month_is_compiled_as_of_now() -> None:
    now = at(3, 15, 12)
    s = summary_json(compile_summary(ORG, MEASURES, REPORTS, 2023, 3, None, now=now))
    assert s["partial"] is True and s["as_of"] == "2023-03-15"
    assert s["statuses"]["1"] == "done" and s["statuses"]["3"] == "done"  # 10 Mar, 5 Mar
    assert [o["number"] for o in s["overdue"]] == [2]  # 6 is due on 31 Mar, not yet
    assert s["late_reports"] == []


def test_empty_organisation() -> None:
    s = summary_json(compile_summary(ORG, [], {}, 2023, 3, None))
    assert s["totals"] == counts(0)
    assert s["totals"]["percent_done"] is None
    assert [row["division"] for row in s["by_division"]] == [PALAT, KHLANG, CHANG]
    assert s["overdue"] == [] and s["done_this_month"] == [] and s["late_reports"] == []
    assert s["on_time_rate"] is None and s["evidence_count"] == 0


def test_unknown_division_and_measure_without_division_get_rows() -> None:
    measures = [measure(1, divisions=["งานนิติการ"]), measure(2)]
    rows = compile_summary(ORG, measures, {}, 2023, 3, None).by_division
    assert [name for name, _ in rows] == [PALAT, KHLANG, CHANG, "งานนิติการ", None]


# --- snapshots on a real server ---


def _stored(store: RedisStore) -> None:
    store.save_org(ORG)
    for m in MEASURES:
        store.save_measure(ORG.id, m)
    for reports in REPORTS.values():
        for r in reports:
            if r.at < at(4, 1, 0, 0):
                store.add_report(ORG.id, r)


@pytest.mark.store
def test_snapshot_is_not_changed_by_a_late_report(redis_client: redis.Redis) -> None:
    store, snapshots = RedisStore(redis_client), SnapshotStore(redis_client)
    _stored(store)
    first = summary_for(store, snapshots, ORG.id, 2023, 3, now=at(4, 1, 0, 0))
    raw = redis_client.get(k.org_key(k.SUMMARY, ORG.id, month="2023-03"))
    assert raw is not None and first["late_reports"] == []
    assert first["previous"]["month"] == "2023-02"  # February was frozen on the way
    assert snapshots.get(ORG.id, 2023, 2) is not None

    store.add_report(ORG.id, REPORTS["m5"][1])  # made 00:01 on 1 April: late
    again = summary_for(store, snapshots, ORG.id, 2023, 3, now=at(4, 3))
    assert redis_client.get(k.org_key(k.SUMMARY, ORG.id, month="2023-03")) == raw
    assert again["totals"] == first["totals"] and again["statuses"]["5"] == "in_progress"
    assert [(x["number"], x["was"], x["status"]) for x in again["late_reports"]] == [
        (5, "in_progress", "done")
    ]
    april = summary_for(store, snapshots, ORG.id, 2023, 4, now=at(4, 3))
    assert april["partial"] is True and april["statuses"]["5"] == "done"
    assert april["previous"]["done"] == first["totals"]["done"]
    assert april["changes"]["newly_done"] == [5]


@pytest.mark.store
def test_freeze_never_overwrites_and_previous_comes_from_the_snapshot(
    redis_client: redis.Redis,
) -> None:
    store, snapshots = RedisStore(redis_client), SnapshotStore(redis_client)
    _stored(store)
    feb = february()
    feb["totals"] = {**feb["totals"], "done": 40}  # a figure only the snapshot has
    assert snapshots.freeze(ORG.id, 2023, 2, feb) is True
    assert snapshots.freeze(ORG.id, 2023, 2, february()) is False
    assert (snapshots.get(ORG.id, 2023, 2) or {})["totals"]["done"] == 40
    s = summary_for(store, snapshots, ORG.id, 2023, 3, now=at(4, 2))
    assert s["previous"]["done"] == 40 and s["changes"]["done"] == 2 - 40
    with pytest.raises(ValueError):
        snapshots.freeze(ORG.id, 2023, 4, summary_for(store, snapshots, ORG.id, 2023, 4, at(4, 2)))


@pytest.mark.store
def test_freeze_month_for_all_organisations(redis_client: redis.Redis) -> None:
    store, snapshots = RedisStore(redis_client), SnapshotStore(redis_client)
    _stored(store)
    store.save_org(Organisation("empty", "อบต.ว่าง", [Division(PALAT)]))
    with pytest.raises(ValueError):
        freeze_month(store, snapshots, 2023, 3, now=at(3, 31, 23))
    done = freeze_month(store, snapshots, 2023, 3, now=at(4, 1, 1), batch=1)
    assert (done.frozen, done.existing) == (2, 0)
    assert (snapshots.get(ORG.id, 2023, 3) or {})["totals"] == march()["totals"]
    again = freeze_month(store, snapshots, 2023, 3, now=at(4, 2))
    assert (again.frozen, again.existing) == (0, 2)
