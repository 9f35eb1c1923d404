"""The monthly summary push: first working day, 08:30, to chiefs and secretaries, once."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.chat.messages import Image, Reply, Text
from bot.delivery import LEDGER_TTL
from bot.files import file_url
from bot.model import Role
from bot.runtime import Runtime
from bot.store import keys as k
from bot.summary.render import summary_card
from bot.summary.snapshots import SnapshotStore, summary_for
from bot.texts import t
from bot.thai import BANGKOK

log = logging.getLogger(__name__)


def month_before(year: int, month: int) -> tuple[int, int]:
    """Return the (year, month) before."""
    return (year, month - 1) if month > 1 else (year - 1, 12)


def deliver_monthly(runtime: Runtime, now: datetime) -> int:
    """Send last month's summary where today is the organisation's first working day."""
    local = now.astimezone(BANGKOK)
    sent = 0
    for org in runtime.store.list_orgs():
        policy = runtime.policies.get(org.id)
        calendar = runtime.policies.calendar(org.id)
        if calendar.first_working_day(local.year, local.month) != local.date():
            continue
        if local.time() < policy.send_time:
            continue
        year, month = month_before(local.year, local.month)
        summary = summary_for(
            runtime.store, SnapshotStore(runtime.store.r), org.id, year, month, now
        )
        chart = file_url(runtime.config, kind="chart", org=org.id, year=year, month=month)
        for person in runtime.store.people(org.id):
            if not person.has_role(Role.CHIEF, Role.SECRETARY):
                continue
            key = k.org_key(
                k.LEDGER,
                org.id,
                measure="-",
                person=person.id,
                kind="summary",
                day=summary["month"],
            )
            if runtime.store.r.exists(key):
                continue
            replies: list[Reply] = [
                Text(t("summary.monthly_intro", person.language)),
                summary_card(summary, person.language),
                Image(chart, chart, t("summary.chart_alt", person.language)),
            ]
            outcome = runtime.deliverer.send_replies(person, replies, key)
            runtime.store.r.set(key, outcome.status, nx=True, ex=LEDGER_TTL)
            sent += 1
    return sent
