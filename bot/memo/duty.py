"""The clock's memo duty: prepare the six-month and year-end drafts, remind who must act.

At most one message per person, memo and working day (a ledger entry, HSETNX), so the LINE
push budget holds: a pending step is reminded once a day, the secretary while a memo waits
for them (draft or sent back) and on Mondays while it is on its way up the chain.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from bot.app.runtime import Runtime
from bot.chat.messages import File, Reply, Text
from bot.domain.file_links import file_url
from bot.domain.model import Person, Role
from bot.domain.thai import BANGKOK, fiscal_year_of
from bot.memo.card import period_label, status_text, step_card
from bot.memo.model import Memo, Period
from bot.memo.service import memo_summary, open_memo
from bot.store.ledger import ledger_entry
from bot.texts import t

log = logging.getLogger(__name__)


def due_period(today: date, april: date, october: date) -> tuple[Period, int] | None:
    """Return the memo to prepare today: six-month in April, year-end in October, or None."""
    if today == april:
        return "six_month", fiscal_year_of(today)
    if today == october:
        return "year_end", fiscal_year_of(today) - 1
    return None


def memo_duty(runtime: Runtime, now: datetime) -> int:
    """Prepare due drafts and send today's memo reminders; return how many were sent."""
    local = now.astimezone(BANGKOK)
    today = local.date()
    sent = 0
    for org in runtime.store.list_orgs():
        calendar = runtime.policies.calendar(org.id)
        if (
            not calendar.is_working_day(today)
            or local.time() < runtime.policies.get(org.id).send_time
        ):
            continue
        memos = runtime.store.memos
        due = due_period(
            today, calendar.first_working_day(today.year, 4),
            calendar.first_working_day(today.year, 10),
        )  # fmt: skip
        if due is not None:
            open_memo(memos, org.id, due[0], due[1], None, now)
        people = {p.id: p for p in runtime.store.people(org.id)}
        secretaries = [p for p in people.values() if p.has_role(Role.SECRETARY)]
        names = {p.id: p.name for p in people.values()}
        for memo in memos.recent(org.id, 20):
            step = memo.pending_step()
            if step is not None:
                person = people.get(memo.chain[step].person)
                if person is not None:
                    sent += _remind_step(runtime, memo, person, org.name, today, now)
            if memo.status == "complete" or memo.period == "month":
                continue
            if memo.status == "pending" and today.weekday() != 0:
                continue
            fresh = memo.status == "draft" and memo.version == 1
            for secretary in secretaries:
                lang = secretary.language
                period = period_label(memo, lang)
                status = status_text(memo, names, lang)
                text = (
                    t("memo.prepared", lang, period=period) if fresh
                    else t("memo.remind_secretary", lang, period=period, status=status)
                )  # fmt: skip
                sent += _send_once(runtime, memo, secretary, "memo_secretary", today, [Text(text)])
    return sent


def _remind_step(
    runtime: Runtime, memo: Memo, person: Person, org_name: str, today: date, now: datetime
) -> int:
    lang = person.language
    settings = runtime.store.memos.settings(memo.org)
    summary = memo_summary(runtime.store, memo, now)
    url = file_url(runtime.config, kind="memo", org=memo.org, memo=memo.id, format="pdf")
    replies: list[Reply] = [
        Text(t("memo.remind_step", lang, period=period_label(memo, lang))),
        File(url, t("memo.file_name", lang, period=period_label(memo, lang))),
        step_card(memo, summary, settings, org_name, lang),
    ]
    return _send_once(runtime, memo, person, "memo", today, replies)


def _send_once(
    runtime: Runtime, memo: Memo, person: Person, kind: str, today: date, replies: list[Reply]
) -> int:
    """Send unless this person had this memo's message today (the ledger entry is the retry key)."""
    key = ledger_entry(memo.org, person.id, today.isoformat(), memo.id, kind)
    if runtime.store.ledger.has(key):
        return 0
    outcome = runtime.deliverer.send_replies(person, replies, str(key))
    runtime.store.ledger.add(key, outcome.status)
    return 1
