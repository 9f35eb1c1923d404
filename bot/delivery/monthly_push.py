"""The monthly summary push: first working day, 08:30, to chiefs and secretaries, once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from bot.app.config import Config
from bot.chat.messages import Image, Reply, Text
from bot.delivery.deliverer import Deliverer
from bot.domain.clock import Now
from bot.domain.file_links import file_url
from bot.domain.model import Role
from bot.domain.thai import BANGKOK
from bot.store.ledger import LedgerEntry, ledger_entry
from bot.store.redis_store import RedisStore
from bot.summary.card import summary_card
from bot.summary.org_data import month_before, month_key
from bot.summary.snapshots import summary_for
from bot.texts import t

if TYPE_CHECKING:
    from bot.app.runtime import Runtime

log = logging.getLogger(__name__)


def deliver_monthly(
    runtime: Runtime, now: datetime, check: Callable[[], None] = lambda: None
) -> int:
    """Queue last month's summary where today is the organisation's first working day.

    Each (person, month) is queued once (a "queued" ledger entry, HSETNX); the outbox's
    workers send them, so the clock stays quick however many organisations there are.
    Returns how many were queued now.
    """
    local = now.astimezone(BANGKOK)
    queued = 0
    for org in runtime.store.list_orgs():
        check()  # between organisations: stop if this clock lost its lease
        policy = runtime.policies.get(org.id)
        calendar = runtime.policies.calendar(org.id)
        if calendar.first_working_day(local.year, local.month) != local.date():
            continue
        if local.time() < policy.send_time:
            continue
        month = month_key(*month_before(local.year, local.month))
        for person in runtime.store.people(org.id):
            if not person.has_role(Role.CHIEF, Role.SECRETARY):
                continue
            key = summary_ledger_key(org.id, person.id, month)
            if runtime.store.ledger.add(key, "queued"):
                runtime.outbox.enqueue_summary(org.id, person.id, month)
                queued += 1
    return queued


def summary_ledger_key(org_id: str, person_id: str, month: str) -> LedgerEntry:
    """The ledger entry of one person's monthly summary: queued, then how it went."""
    return ledger_entry(org_id, person_id, month, "-", "summary")


def send_monthly_summary(
    config: Config,
    store: RedisStore,
    deliverer: Deliverer,
    clock: Now,
    org_id: str,
    person_id: str,
    month: str,
) -> str:
    """Send one person's monthly summary (an outbox job); return how it went.

    The push's retry key is the ledger entry: a job retried after a crash that followed
    LINE's acceptance is answered 409, not pushed twice.
    """
    key = summary_ledger_key(org_id, person_id, month)
    if (store.ledger.get(key) or "queued") != "queued":
        return "not_needed"  # sent already
    person = store.get_person(org_id, person_id)
    if person is None or not person.has_role(Role.CHIEF, Role.SECRETARY):
        return "not_needed"
    year, number = (int(part) for part in month.split("-"))
    summary = summary_for(store, store.snapshots, org_id, year, number, clock())
    chart = file_url(config, kind="chart", org=org_id, year=year, month=number)
    replies: list[Reply] = [
        Text(t("summary.monthly_intro", person.language)),
        summary_card(summary, person.language),
        Image(chart, chart, t("summary.chart_alt", person.language)),
    ]
    outcome = deliverer.send_replies(person, replies, str(key))
    store.ledger.update(key, outcome.status)
    return outcome.status
