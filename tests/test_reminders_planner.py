"""The pure reminder planner: who hears about which measure on which day."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.model import Division, Measure, Organisation, Person, Report, Role, Status
from bot.domain.thai import BANGKOK
from bot.reminders.calendar import WorkCalendar
from bot.reminders.planner import (
    SEND_SPREAD,
    PlannedMessage,
    divisions_reported,
    plan_reminders,
    send_at,
)
from bot.reminders.policy import ReminderPolicy

OFFICE, FINANCE, WORKS = "สำนักปลัด", "กองคลัง", "กองช่าง"
ORG = Organisation("t", "อบต.ทดสอบ", [Division(OFFICE), Division(FINANCE), Division(WORKS)])
SECRETARY = Person("sec", "t", "เลขา", [Role.SECRETARY])
CHIEF = Person("chief", "t", "ปลัด", [Role.CHIEF])
A1 = Person("a1", "t", "เจ้าหน้าที่ ก", [Role.STAFF], division=OFFICE)
A2 = Person("a2", "t", "เจ้าหน้าที่ ข", [Role.STAFF], division=OFFICE)
B1 = Person("b1", "t", "เจ้าหน้าที่ ค", [Role.STAFF], division=FINANCE)
PEOPLE = [SECRETARY, CHIEF, A1, A2, B1]


def measure(
    number: int, start: date | None, end: date | None, divisions: Sequence[str] = (OFFICE,)
) -> Measure:
    return Measure(
        f"m{number}", number, f"มาตรการที่ {number}", divisions=list(divisions), start=start, end=end
    )


def plan(
    measures: Sequence[Measure],
    start: date,
    end: date,
    *,
    latest: Mapping[str, Report] | None = None,
    reported: Mapping[str, set[str]] | None = None,
    absences: Mapping[str, date] | None = None,
    policy: ReminderPolicy | None = None,
    people: Sequence[Person] = PEOPLE,
    calendar: WorkCalendar | None = None,
) -> list[PlannedMessage]:
    return plan_reminders(
        ORG,
        measures,
        latest or {},
        reported or {},
        people,
        policy or ReminderPolicy(),
        calendar or WorkCalendar(),
        absences or {},
        start,
        end,
    )


def sends(messages: list[PlannedMessage], person: str, kind: str | None = None) -> list[date]:
    """The days a person gets an item (of one kind)."""
    return [
        msg.at.date()
        for msg in messages
        if msg.person_id == person and any(kind in (None, i.kind) for i in msg.items)
    ]


def kinds_on(messages: list[PlannedMessage], person: str, day: date) -> dict[int, str]:
    msg = next(m for m in messages if m.person_id == person and m.at.date() == day)
    return {item.number: item.kind for item in msg.items}


def done(measure_id: str, at: datetime = datetime(2023, 1, 5, tzinfo=UTC)) -> Report:
    return Report("r1", measure_id, Status.DONE, at, "a1", "line")


FY = (date(2022, 10, 1), date(2023, 9, 30))


def test_due_on_saturday_fiscal_year_end_goes_friday() -> None:
    messages = plan([measure(1, date(2022, 10, 1), date(2023, 9, 30))], *FY)
    assert sends(messages, "a1", "due") == [date(2023, 9, 29)]
    item = next(i for m in messages if m.at.date() == date(2023, 9, 29) for i in m.items)
    assert (item.kind, item.days_left) == ("due", 1)  # before_end 1 merged into it


def test_due_reminders_move_to_the_previous_working_day() -> None:
    table = {
        date(2023, 9, 30): date(2023, 9, 29),  # Saturday
        date(2023, 4, 14): date(2023, 4, 12),  # Songkran (Friday) -> Wednesday
        date(2023, 12, 5): date(2023, 12, 4),  # King Bhumibol's birthday
        date(2022, 12, 31): date(2022, 12, 29),  # Q1 end: Saturday, bridge holiday Friday
        date(2023, 3, 31): date(2023, 3, 31),  # Q2 end, a Friday: stays
        date(2023, 6, 30): date(2023, 6, 30),  # Q3 end, a Friday
    }
    measures = [measure(n, date(2022, 10, 1), end) for n, end in enumerate(table, 1)]
    messages = plan(measures, date(2022, 10, 1), date(2023, 12, 31))
    for n, expected in enumerate(table.values(), 1):
        days = [
            m.at.date()
            for m in messages
            if m.person_id == "a1"
            for i in m.items
            if i.number == n and i.kind == "due"
        ]
        assert days == [expected], n


def test_before_end_days_and_start_notice() -> None:
    messages = plan([measure(1, date(2023, 2, 1), date(2023, 3, 31))], *FY)
    assert sends(messages, "a1", "start") == [date(2023, 2, 1)]
    assert sends(messages, "a1", "before_end") == [
        date(2023, 3, 17),
        date(2023, 3, 24),
        date(2023, 3, 28),
        date(2023, 3, 30),
    ]
    left = [
        i.days_left
        for m in messages
        if m.person_id == "a1"
        for i in m.items
        if i.kind in ("before_end", "due")
    ]
    assert left == [14, 7, 3, 1, 0]


def test_short_timeframe_skips_reminders_before_its_start() -> None:
    messages = plan([measure(1, date(2023, 3, 27), date(2023, 3, 31))], *FY)
    assert sends(messages, "a1", "before_end") == [date(2023, 3, 28), date(2023, 3, 30)]


def test_overdue_every_seven_days_and_escalations() -> None:
    window = (date(2023, 3, 1), date(2023, 5, 31))
    messages = plan([measure(1, date(2023, 1, 1), date(2023, 3, 31))], *window)
    assert sends(messages, "a1", "overdue") == [
        date(2023, 4, 7),
        date(2023, 4, 12),  # +14 is Songkran Friday: Wednesday before
        date(2023, 4, 21),
        date(2023, 4, 28),
        date(2023, 5, 3),  # +35: 4-5 May closed
        date(2023, 5, 12),
        date(2023, 5, 19),
        date(2023, 5, 26),
    ]
    assert sends(messages, "sec", "escalation") == [date(2023, 4, 3)]  # +3, a Monday
    assert sends(messages, "chief", "escalation") == [date(2023, 4, 12)]  # +14, adjusted
    assert "escalation" not in {i.kind for m in messages if m.person_id == "a1" for i in m.items}


def test_escalation_never_goes_out_before_the_measure_is_overdue() -> None:
    # End Wed 12 Apr; +3 is Sat 15 Apr and the previous working day is the end date
    # itself, so the escalation waits for the next working day, Tue 18 Apr.
    messages = plan([measure(1, date(2023, 1, 1), date(2023, 4, 12))], *FY)
    assert sends(messages, "sec", "escalation") == [date(2023, 4, 18)]
    assert sends(messages, "chief", "escalation") == [date(2023, 4, 26)]
    escalation = next(
        i for m in messages if m.person_id == "sec" for i in m.items if i.kind == "escalation"
    )
    assert escalation.days_left == -6 and escalation.divisions == (OFFICE,)


def test_measure_without_timeframe_only_gets_the_monthly_nudge() -> None:
    messages = plan([measure(1, None, None)], date(2023, 1, 1), date(2023, 6, 30))
    mine = [m for m in messages if m.person_id == "a1"]
    assert {i.kind for m in mine for i in m.items} == {"nudge"}
    assert [m.at.date() for m in mine] == [
        date(2023, 1, 25),
        date(2023, 2, 24),
        date(2023, 3, 24),  # 25 Feb, 25 Mar: weekends
        date(2023, 4, 25),
        date(2023, 5, 25),
        date(2023, 6, 23),
    ]
    assert all(i.days_left is None and i.end is None for m in mine for i in m.items)


def test_person_on_leave_is_skipped_but_colleague_still_hears() -> None:
    m1 = measure(1, date(2023, 2, 1), date(2023, 3, 31))
    messages = plan([m1], *FY, absences={"a1": date(2023, 3, 28)})
    assert sends(messages, "a2", "before_end") == [
        date(2023, 3, 17),
        date(2023, 3, 24),
        date(2023, 3, 28),
        date(2023, 3, 30),
    ]
    assert all(day > date(2023, 3, 28) for day in sends(messages, "a1"))
    assert sends(messages, "a1", "before_end") == [date(2023, 3, 30)]


def test_done_measure_gets_nothing() -> None:
    finished, open_one = measure(1, None, date(2023, 3, 31)), measure(2, None, date(2023, 3, 31))
    messages = plan([finished, open_one], *FY, latest={"m1": done("m1")})
    numbers = {i.number for m in messages for i in m.items}
    assert numbers == {2}


def test_division_that_reported_this_month_gets_no_nudge() -> None:
    measures = [measure(1, None, None, [OFFICE]), measure(2, None, None, [FINANCE])]
    reported = {"2023-03": {OFFICE}}
    messages = plan(measures, date(2023, 3, 1), date(2023, 4, 30), reported=reported)
    assert sends(messages, "a1", "nudge") == [date(2023, 4, 25)]
    assert sends(messages, "b1", "nudge") == [date(2023, 3, 24), date(2023, 4, 25)]
    march = [m for m in messages if m.digest and m.at.month == 3]
    assert march and all(m.missing_divisions == (FINANCE,) for m in march)


def test_nudge_lists_only_measures_in_their_active_window() -> None:
    measures = [
        measure(1, date(2023, 1, 1), date(2023, 3, 31)),
        measure(2, date(2023, 4, 1), date(2023, 6, 30)),
    ]
    messages = plan(measures, *FY)
    # On 24 March measure 1 is also 7 days from its end: the more urgent kind wins.
    assert kinds_on(messages, "a1", date(2023, 3, 24)) == {1: "before_end"}
    assert kinds_on(messages, "a1", date(2023, 4, 25)) == {2: "nudge"}
    assert kinds_on(messages, "a1", date(2023, 2, 24)) == {1: "nudge"}


def test_digest_on_mondays_at_half_past_eight() -> None:
    overdue, soon = measure(1, None, date(2023, 6, 23)), measure(2, None, date(2023, 7, 14))
    messages = plan([overdue, soon], date(2023, 7, 1), date(2023, 8, 31))
    digests = [m for m in messages if m.digest]
    assert {m.person_id for m in digests} == {"sec"}
    assert [m.at.date() for m in digests] == [
        date(2023, 7, 3),
        date(2023, 7, 10),
        date(2023, 7, 17),
        date(2023, 7, 24),
        date(2023, 7, 27),  # Mon 31 Jul and Fri 28 Jul are holidays
        date(2023, 8, 7),
        date(2023, 8, 11),  # Mon 14 Aug: Mother's Day in lieu
        date(2023, 8, 21),
        date(2023, 8, 28),
    ]
    assert all(
        time(8, 30) <= m.at.time() < time(9, 30) and m.at.utcoffset() == timedelta(hours=7)
        for m in digests
    )
    first = digests[0]
    assert {i.number: (i.kind, i.days_left) for i in first.items} == {
        1: ("overdue", -10),
        2: ("before_end", 11),
    }
    assert first.missing_divisions == (OFFICE,)  # measure 2 is in its window, no report yet
    assert first.kinds == ["overdue", "before_end"]


def test_digest_names_divisions_without_a_report_in_org_order() -> None:
    measures = [measure(1, None, None, [WORKS, OFFICE]), measure(2, None, None, [FINANCE])]
    messages = plan(measures, date(2023, 7, 3), date(2023, 7, 3), reported={"2023-07": {WORKS}})
    (digest,) = [m for m in messages if m.digest]
    assert digest.missing_divisions == (OFFICE, FINANCE)
    assert digest.items == ()


def test_one_message_per_person_per_day_merging_kinds() -> None:
    due_today, due_in_two_weeks = (
        measure(1, None, date(2023, 3, 31)),
        measure(2, None, date(2023, 4, 14)),
    )
    messages = plan([due_today, due_in_two_weeks], *FY)
    keys = [(m.at, m.person_id) for m in messages]
    assert len(keys) == len(set(keys)) and keys == sorted(keys)
    assert kinds_on(messages, "a1", date(2023, 3, 31)) == {1: "due", 2: "before_end"}
    assert kinds_on(messages, "a2", date(2023, 3, 31)) == {1: "due", 2: "before_end"}


def test_disabled_policy_plans_nothing() -> None:
    assert (
        plan([measure(1, None, date(2023, 3, 31))], *FY, policy=ReminderPolicy(enabled=False)) == []
    )


def test_policy_changes_the_plan() -> None:
    policy = ReminderPolicy(
        before_end_days=(5,),
        overdue_every_days=0,
        nudge_day=None,
        digest_weekday=None,
        escalate_chief_after=None,
        start_notice=False,
        send_time=time(9, 0),
    )
    messages = plan([measure(1, date(2023, 1, 1), date(2023, 3, 31))], *FY, policy=policy)
    assert [
        (m.at.date(), m.person_id, m.kinds) for m in messages if m.person_id in ("a1", "sec")
    ] == [
        (date(2023, 3, 24), "a1", ["before_end"]),
        (date(2023, 3, 31), "a1", ["due"]),
        (date(2023, 4, 3), "sec", ["escalation"]),
    ]
    assert all(time(9, 0) <= m.at.time() < time(10, 0) for m in messages)


def test_organisation_holidays_move_reminders() -> None:
    cal = WorkCalendar({date(2023, 3, 31): "งานประจำปี"})
    messages = plan([measure(1, None, date(2023, 3, 31))], *FY, calendar=cal)
    assert sends(messages, "a1", "due") == [date(2023, 3, 30)]


def test_divisions_reported_credits_the_reporters_division() -> None:
    shared = measure(1, None, None, [OFFICE, FINANCE])
    reports = [
        Report(
            "r1",
            "m1",
            Status.IN_PROGRESS,
            datetime(2023, 3, 31, 18, tzinfo=UTC),
            "b1",
            "line",
        ),  # 1 April in Bangkok
        Report(
            "r2", "m1", Status.IN_PROGRESS, datetime(2023, 3, 2, tzinfo=UTC), "sec", "line"
        ),  # the secretary reports for every owner
    ]
    assert divisions_reported(reports, [shared], PEOPLE) == {
        "2023-04": {FINANCE},
        "2023-03": {OFFICE, FINANCE},
    }


def test_planning_a_big_organisation_for_a_year_gives_one_message_a_day_each() -> None:
    """Its speed is measured in bench/bench_reminders.py: tests do not time things."""
    divisions = [f"กอง{i}" for i in range(10)]
    people = [
        Person(f"p{i}", "t", f"คน{i}", [Role.STAFF], division=divisions[i % 10]) for i in range(120)
    ] + [SECRETARY, CHIEF]
    measures = [
        measure(
            n,
            date(2022, 10, 1) + timedelta(days=n % 90),
            date(2022, 12, 31) + timedelta(days=n * 3 % 270),
            [divisions[n % 10]],
        )
        for n in range(1, 301)
    ]
    messages = plan(measures, *FY, people=people)
    assert messages
    per_day = Counter((m.person_id, m.at.date()) for m in messages)
    assert max(per_day.values()) == 1
    assert {m.person_id for m in messages} <= {p.id for p in people}


# --- the office-hours rule, over random plans ---
_days = st.dates(min_value=date(2022, 9, 1), max_value=date(2024, 3, 31))


@st.composite
def random_measures(draw: st.DrawFn) -> list[Measure]:
    found = []
    for n in range(1, draw(st.integers(1, 8)) + 1):
        start, end = draw(st.one_of(st.none(), _days)), draw(st.one_of(st.none(), _days))
        if start and end and end < start:
            start, end = end, start
        owners = draw(
            st.lists(st.sampled_from([OFFICE, FINANCE, WORKS]), min_size=1, max_size=3, unique=True)
        )
        found.append(measure(n, start, end, owners))
    return found


@st.composite
def random_policies(draw: st.DrawFn) -> ReminderPolicy:
    office_start = time(draw(st.integers(7, 9)), draw(st.sampled_from([0, 30])))
    office_end = time(draw(st.integers(15, 17)), draw(st.sampled_from([0, 30])))
    send = time(draw(st.integers(office_start.hour, office_end.hour - 1)), office_start.minute)
    return ReminderPolicy(
        before_end_days=tuple(draw(st.lists(st.integers(1, 30), max_size=4))),
        overdue_every_days=draw(st.integers(0, 10)),
        escalate_secretary_after=draw(st.one_of(st.none(), st.integers(1, 10))),
        escalate_chief_after=draw(st.one_of(st.none(), st.integers(1, 30))),
        nudge_day=draw(st.one_of(st.none(), st.integers(1, 31))),
        digest_weekday=draw(st.one_of(st.none(), st.integers(0, 6))),
        send_time=send,
        office_start=office_start,
        office_end=office_end,
    )


@settings(max_examples=150, deadline=None)
@given(
    measures=random_measures(),
    policy=random_policies(),
    window_start=st.dates(min_value=date(2022, 10, 1), max_value=date(2023, 9, 30)),
    length=st.integers(0, 120),
    extra=st.lists(_days, max_size=10),
    leave=st.one_of(st.none(), _days),
    done_first=st.booleans(),
)
def test_sends_only_in_office_hours_on_working_days(
    measures: list[Measure],
    policy: ReminderPolicy,
    window_start: date,
    length: int,
    extra: list[date],
    leave: date | None,
    done_first: bool,
) -> None:
    cal = WorkCalendar(extra)
    window_end = window_start + timedelta(days=length)
    latest = {"m1": done("m1")} if done_first else {}
    messages = plan(
        measures,
        window_start,
        window_end,
        latest=latest,
        policy=policy,
        calendar=cal,
        absences={"a2": leave} if leave else {},
    )
    seen = set()
    for msg in messages:
        day = msg.at.date()
        assert msg.at.utcoffset() == timedelta(hours=7)
        assert policy.office_start <= msg.at.time() <= policy.office_end
        assert day.weekday() < 5 and cal.is_working_day(day)
        assert window_start <= day <= window_end
        assert (day, msg.person_id) not in seen
        seen.add((day, msg.person_id))
        assert msg.items or msg.missing_divisions
        assert not (done_first and any(i.measure_id == "m1" for i in msg.items))
        assert not (leave and msg.person_id == "a2" and day <= leave)
        assert len({i.measure_id for i in msg.items}) == len(msg.items)
    assert [(m.at, m.person_id) for m in messages] == sorted((m.at, m.person_id) for m in messages)


# ---- the send-time spread ---------------------------------------------------------------------
def test_send_times_are_spread_stable_and_within_the_window() -> None:
    policy = ReminderPolicy()
    day = date(2026, 11, 30)
    times = [send_at("org1", f"p{i}", day, policy) for i in range(400)]
    assert times == [send_at("org1", f"p{i}", day, policy) for i in range(400)]  # re-planned
    start = datetime.combine(day, policy.send_time, tzinfo=BANGKOK)
    assert all(start <= at < start + SEND_SPREAD for at in times)
    minutes = Counter(int((at - start).total_seconds() // 60) for at in times)
    assert len(minutes) >= 50 and max(minutes.values()) <= 20  # no wall at 08:30
    assert send_at("org2", "p0", day, policy) != send_at("org1", "p0", day, policy) or (
        send_at("org2", "p1", day, policy) != send_at("org1", "p1", day, policy)
    )


def test_the_spread_ends_when_offices_close() -> None:
    late = ReminderPolicy(send_time=time(16, 10), office_end=time(16, 30))
    day = date(2026, 11, 30)
    closes = datetime.combine(day, late.office_end, tzinfo=BANGKOK)
    assert all(send_at("o", f"p{i}", day, late) < closes for i in range(200))
    at_closing = ReminderPolicy(send_time=time(16, 30), office_end=time(16, 30))
    assert send_at("o", "p1", day, at_closing) == closes


def test_planning_twice_gives_the_same_send_times() -> None:
    measures = [measure(1, date(2023, 1, 1), date(2023, 3, 31))]
    first = [(m.person_id, m.at) for m in plan(measures, *FY)]
    assert first == [(m.person_id, m.at) for m in plan(measures, *FY)]
    assert len({at.time() for _, at in first}) > 1
