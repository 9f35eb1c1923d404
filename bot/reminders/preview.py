"""Plan an organisation's reminders from the store, preview them, and count the pushes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from bot.domain.model import Person, Report
from bot.domain.thai import BANGKOK, format_date_th, parse_thai_date, today_bangkok
from bot.platforms.registry import ADAPTERS
from bot.platforms.simulator.platform import PLATFORM as SIMULATOR
from bot.reminders.planner import PlannedMessage, divisions_reported, month_key, plan_reminders
from bot.store.redis_store import RedisStore
from bot.texts import t

if TYPE_CHECKING:  # bot.store.policies imports this package
    from bot.store.policies import PolicyStore


def reports_between(store: RedisStore, org_id: str, start: datetime, end: datetime) -> list[Report]:
    """Return the reports made in [start, end), loading each measure's history once."""
    wanted: dict[str, set[str]] = {}
    for ref in store.report_refs_between(org_id, start, end):
        measure_id, _, report_id = ref.partition("/")
        wanted.setdefault(measure_id, set()).add(report_id)
    return [
        report
        for measure_id, ids in wanted.items()
        for report in store.reports(org_id, measure_id)
        if report.id in ids
    ]


def plan_org(
    store: RedisStore, org_id: str, start: date, end: date, policy_store: PolicyStore
) -> list[PlannedMessage]:
    """Plan an organisation's reminders for [start, end] from what the store holds now."""
    org = store.require_org(org_id)
    measures = store.measures(org_id)
    people = store.people(org_id)
    first = datetime.combine(start.replace(day=1), time(), tzinfo=BANGKOK)
    last = datetime.combine(end + timedelta(days=1), time(), tzinfo=BANGKOK)
    reported = divisions_reported(reports_between(store, org_id, first, last), measures, people)
    return plan_reminders(
        org,
        measures,
        store.latest_reports(org_id),
        reported,
        people,
        policy_store.get(org_id),
        policy_store.calendar(org_id),
        policy_store.absences(org_id),
        start,
        end,
    )


def preferred_platform(person: Person | None) -> str:
    """Return where a person is reached: the first linked platform of the registry's order."""
    linked = (name for name in ADAPTERS if person is not None and person.is_on(name))
    return next(linked, SIMULATOR)


def preview(
    store: RedisStore, org_id: str, start: date, end: date, policy_store: PolicyStore
) -> list[dict[str, Any]]:
    """Return the planned pushes of [start, end] as JSON-ready dicts, by time then person."""
    people = {p.id: p for p in store.people(org_id)}
    return [
        {
            "at": msg.at.isoformat(),
            "person": msg.person_id,
            "platform": preferred_platform(people.get(msg.person_id)),
            "kinds": msg.kinds + (["digest"] if msg.digest else []),
            "measures": [item.number for item in msg.items],
            "digest": msg.digest,
        }
        for msg in plan_org(store, org_id, start, end, policy_store)
    ]


def preview_command(
    store: RedisStore, org_id: str, from_text: str, to_text: str, today: date | None = None
) -> list[dict[str, Any]]:
    """Run ``reminders preview``: read Thai or ISO dates, then preview (ValueError if bad)."""
    today = today or today_bangkok()
    start = parse_thai_date(from_text, today)
    end = parse_thai_date(to_text, start)
    if end < start:
        raise ValueError(
            t("reminders.bad_range", start=format_date_th(start), end=format_date_th(end))
        )
    return preview(store, org_id, start, end, store.policies)


def pushes_per_person_month(messages: Iterable[PlannedMessage]) -> dict[tuple[str, str], int]:
    """Return how many pushes each person gets each month ("YYYY-MM"): one per message."""
    return dict(Counter((msg.person_id, month_key(msg.at)) for msg in messages))


def pushes_per_month(messages: Iterable[PlannedMessage]) -> dict[str, int]:
    """Return the organisation's pushes per month (LINE meters its quota per account)."""
    return dict(Counter(month_key(msg.at) for msg in messages))


def naive_push_count(messages: Iterable[PlannedMessage]) -> int:
    """Return the pushes a bot sending one push per reminder item would make."""
    return sum(len(msg.items) for msg in messages)
