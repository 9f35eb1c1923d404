"""Plan who hears about which measure on which day: pure, no Redis.

Each measure yields a handful of key dates (start, days before the end, the end,
overdue every N days, escalations); the monthly nudge and the weekly digest add
one date each per month or week. A date that is no working day moves to the
previous working day, except that overdue reminders and escalations never move
to or before the end date (they move to the next working day instead). Everything
one person is due on one day becomes one message.
"""

from __future__ import annotations

import hashlib
from calendar import monthrange
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from bot.domain.model import Measure, Organisation, Person, Report, Role, Status
from bot.domain.thai import BANGKOK
from bot.reminders.calendar import WorkCalendar
from bot.reminders.policy import ReminderPolicy

ReminderKind = Literal["start", "before_end", "due", "overdue", "escalation", "nudge"]
KINDS: tuple[ReminderKind, ...] = ("escalation", "overdue", "due", "before_end", "start", "nudge")
"""Every kind, most urgent first: one measure in one message keeps its most urgent kind."""
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
Audience = Literal["division", "secretary", "chief"]
_SLACK = timedelta(days=31)  # how far a key date can move to reach a working day
# Each person's send time falls somewhere in this window after the policy's send time (and
# before offices close), the same place every time: 08:30 is not a wall of pushes.
SEND_SPREAD = timedelta(minutes=60)


@dataclass(frozen=True)
class ReminderItem:
    """One measure in a reminder, with what is due about it."""

    measure_id: str
    number: int
    title: str
    kind: ReminderKind
    days_left: int | None  # days from the send day to the end; negative when overdue
    end: date | None
    divisions: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlannedMessage:
    """Everything due to one person on one day: one push."""

    at: datetime  # Asia/Bangkok, the policy's send time on a working day
    person_id: str
    items: tuple[ReminderItem, ...]
    digest: bool = False  # carries the secretary's weekly digest
    missing_divisions: tuple[str, ...] = ()  # digest: divisions without a report this month

    @property
    def kinds(self) -> list[str]:
        """Return the kinds in this message, most urgent first."""
        present = {item.kind for item in self.items}
        return [kind for kind in KINDS if kind in present]


@dataclass
class _Draft:
    items: dict[str, ReminderItem] = field(default_factory=dict)
    digest: bool = False
    missing: tuple[str, ...] = ()


class _Plan:
    """Collects items per (day, person), skipping people on leave and days outside the window."""

    def __init__(self, absences: Mapping[str, date], start: date, end: date) -> None:
        self.absences = absences
        self.start, self.end = start, end
        self.drafts: dict[tuple[date, str], _Draft] = {}

    def draft(self, day: date, person_id: str) -> _Draft | None:
        if not self.start <= day <= self.end:
            return None
        until = self.absences.get(person_id)
        if until is not None and day <= until:
            return None
        return self.drafts.setdefault((day, person_id), _Draft())

    def add(self, day: date, people: Iterable[Person], m: Measure, kind: ReminderKind) -> None:
        for person in people:
            draft = self.draft(day, person.id)
            if draft is None:
                continue
            old = draft.items.get(m.id)
            if old is None or _RANK[kind] < _RANK[old.kind]:
                draft.items[m.id] = _item(m, kind, day)

    def messages(self, org_id: str, policy: ReminderPolicy) -> list[PlannedMessage]:
        out = []
        for (day, person_id), draft in sorted(self.drafts.items()):
            if not draft.items and not draft.missing:
                continue
            items = sorted(draft.items.values(), key=_item_order)
            at = send_at(org_id, person_id, day, policy)
            out.append(PlannedMessage(at, person_id, tuple(items), draft.digest, draft.missing))
        return sorted(out, key=lambda m: (m.at, m.person_id))


def send_at(org_id: str, person_id: str, day: date, policy: ReminderPolicy) -> datetime:
    """Return when a person's message of a day goes out: the send time plus a stable offset.

    The offset comes from a hash of (organisation, person, day), so planning again gives
    the same time, and it stays within SEND_SPREAD and before offices close.
    """
    start = datetime.combine(day, policy.send_time, tzinfo=BANGKOK)
    closes = datetime.combine(day, policy.office_end, tzinfo=BANGKOK)
    window = int(min(SEND_SPREAD, max(closes - start, timedelta(0))).total_seconds())
    if window <= 0:
        return start
    digest = hashlib.blake2b(f"{org_id}|{person_id}|{day}".encode(), digest_size=8).digest()
    return start + timedelta(seconds=int.from_bytes(digest, "big") % window)


def _item(m: Measure, kind: ReminderKind, day: date) -> ReminderItem:
    days_left = (m.end - day).days if m.end else None
    return ReminderItem(m.id, m.number, m.title, kind, days_left, m.end, tuple(m.divisions))


def _item_order(item: ReminderItem) -> tuple[int, bool, int, int]:
    """Most urgent kind first, then the most overdue or soonest due, then by number."""
    return (_RANK[item.kind], item.days_left is None, item.days_left or 0, item.number)


def is_done(m: Measure, latest: Mapping[str, Report]) -> bool:
    """Whether the measure's latest report says it is done."""
    report = latest.get(m.id)
    return report is not None and report.status is Status.DONE


def is_active(m: Measure, day: date) -> bool:
    """Whether day falls in the measure's timeframe (a measure without one is always active)."""
    return (m.start is None or m.start <= day) and (m.end is None or day <= m.end)


def month_key(d: date | datetime) -> str:
    """Return "YYYY-MM" for a date (a datetime is read in Bangkok)."""
    if isinstance(d, datetime):
        d = d.astimezone(BANGKOK).date()
    return f"{d.year:04d}-{d.month:02d}"


def divisions_reported(
    reports: Iterable[Report], measures: Iterable[Measure], people: Iterable[Person]
) -> dict[str, set[str]]:
    """Return, per month "YYYY-MM", the divisions that reported on one of their measures.

    A report counts for the reporter's division when it owns the measure; a report by
    anyone else (the secretary, an import) counts for every division owning it.
    """
    owners = {m.id: m.divisions for m in measures}
    division_of = {p.id: p.division for p in people}
    found: dict[str, set[str]] = {}
    for report in reports:
        divisions = owners.get(report.measure_id, [])
        mine = division_of.get(report.person_id)
        credited = [mine] if mine in divisions else divisions
        found.setdefault(month_key(report.at), set()).update(d for d in credited if d)
    return found


def _measure_dates(
    m: Measure, policy: ReminderPolicy, cal: WorkCalendar, start: date, end: date
) -> Iterator[tuple[date, ReminderKind, Audience]]:
    """Yield (send day, kind, audience) for one measure's key dates."""
    before = cal.previous_working_day
    if m.start is not None and policy.start_notice:
        yield before(m.start), "start", "division"
    if m.end is None:
        return
    for days in policy.before_end_days:
        natural = m.end - timedelta(days=days)
        if m.start is None or natural >= m.start:
            yield before(natural), "before_end", "division"
    if policy.due_notice:
        yield before(m.end), "due", "division"

    end_day = m.end

    def after(days: int) -> date:
        # Overdue news must not go out on or before the end date: move it later instead.
        natural = end_day + timedelta(days=days)
        moved = before(natural)
        return moved if moved > end_day else cal.next_working_day(natural)

    every = policy.overdue_every_days
    if every:
        k = max(1, -(-((start - _SLACK) - m.end).days // every))  # skip long-past ones
        while m.end + timedelta(days=k * every) <= end + _SLACK:
            yield after(k * every), "overdue", "division"
            k += 1
    if policy.escalate_secretary_after:
        yield after(policy.escalate_secretary_after), "escalation", "secretary"
    if policy.escalate_chief_after:
        yield after(policy.escalate_chief_after), "escalation", "chief"


def _months(start: date, end: date) -> Iterator[tuple[int, int]]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _nudge_day(year: int, month: int, day: int) -> date:
    """Return the nudge day of a month; the 31st means the last day in shorter months."""
    return date(year, month, min(day, monthrange(year, month)[1]))


def plan_reminders(
    org: Organisation,
    measures: Sequence[Measure],
    latest: Mapping[str, Report],
    reported: Mapping[str, set[str]],
    people: Sequence[Person],
    policy: ReminderPolicy,
    calendar: WorkCalendar,
    absences: Mapping[str, date],
    start: date,
    end: date,
) -> list[PlannedMessage]:
    """Plan the reminders of [start, end]: one message per person per day, by time then person.

    ``reported`` maps "YYYY-MM" to the divisions that reported that month (see
    ``divisions_reported``); ``absences`` maps a person to the last day of their leave.
    """
    if not policy.enabled or end < start:
        return []
    open_measures = [m for m in measures if not is_done(m, latest)]
    by_division: dict[str, list[Person]] = {}
    for person in people:
        if person.division:
            by_division.setdefault(person.division, []).append(person)
    audiences: dict[Audience, list[Person]] = {
        "secretary": [p for p in people if p.has_role(Role.SECRETARY)],
        "chief": [p for p in people if p.has_role(Role.CHIEF)],
    }
    plan = _Plan(absences, start, end)
    for m in open_measures:
        division_people = [p for d in m.divisions for p in by_division.get(d, [])]
        for day, kind, audience in _measure_dates(m, policy, calendar, start, end):
            plan.add(day, audiences.get(audience, division_people), m, kind)
    if policy.nudge_day:
        _plan_nudges(plan, open_measures, reported, by_division, policy.nudge_day, calendar)
    if policy.digest_weekday is not None and audiences["secretary"]:
        order = {d.name: i for i, d in enumerate(org.divisions)}
        _plan_digests(
            plan, open_measures, reported, audiences["secretary"], policy, calendar, order
        )
    return plan.messages(org.id, policy)


def _plan_nudges(
    plan: _Plan,
    measures: Sequence[Measure],
    reported: Mapping[str, set[str]],
    by_division: Mapping[str, list[Person]],
    nudge_day: int,
    cal: WorkCalendar,
) -> None:
    for year, month in _months(plan.start, plan.end + _SLACK):
        day = cal.previous_working_day(_nudge_day(year, month, nudge_day))
        done = reported.get(f"{year:04d}-{month:02d}", set())
        for m in measures:
            if is_active(m, day):
                for division in m.divisions:
                    if division not in done:
                        plan.add(day, by_division.get(division, []), m, "nudge")


def _plan_digests(
    plan: _Plan,
    measures: Sequence[Measure],
    reported: Mapping[str, set[str]],
    secretaries: Sequence[Person],
    policy: ReminderPolicy,
    cal: WorkCalendar,
    order: Mapping[str, int],
) -> None:
    natural = plan.start + timedelta(days=(policy.digest_weekday or 0) - plan.start.weekday())
    horizon = timedelta(days=policy.digest_horizon_days)
    while natural <= plan.end + _SLACK:
        day = cal.previous_working_day(natural)
        natural += timedelta(days=7)
        if not plan.start <= day <= plan.end:
            continue
        done = reported.get(month_key(day), set())
        missing = {d for m in measures if is_active(m, day) for d in m.divisions} - done
        overdue = [m for m in measures if m.end is not None and m.end < day]
        soon = [m for m in measures if m.end is not None and day <= m.end <= day + horizon]
        if not (missing or overdue or soon):
            continue
        names = tuple(sorted(missing, key=lambda d: (order.get(d, len(order)), d)))
        for secretary in secretaries:
            draft = plan.draft(day, secretary.id)
            if draft is None:
                continue
            draft.digest, draft.missing = True, names
        for m in overdue:
            plan.add(day, secretaries, m, "overdue")
        for m in soon:
            plan.add(day, secretaries, m, "due" if m.end == day else "before_end")
