"""Chasing from the chat: the secretary reminds late people now (after seeing the cost in
LINE pushes and confirming); anyone snoozes a reminder to the next working day."""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import date, datetime, time, timedelta

from bot.chat.context import Context
from bot.chat.messages import Option, Text
from bot.chat.router import Router
from bot.domain.model import Person, Role, Status, split_address
from bot.domain.thai import BANGKOK, format_date_th, format_month_th
from bot.reminders.snooze import Snooze, snooze_message

router = Router()  # this module's table, merged by bot.handlers.build_router

CHASERS = {Role.SECRETARY, Role.ADMIN}
REPORTERS = {Role.STAFF, Role.SECRETARY, Role.ADMIN}
CHASE_CONFIRM = "chase.confirm"
MAX_MEASURES = 8  # measure buttons in a chase message, like a reminder's


def late_people(ctx: Context) -> list[Person]:
    """Return staff who have not reported this month and are not on leave, by division."""
    local = ctx.now.astimezone(BANGKOK)
    start = datetime.combine(local.date().replace(day=1), time(), tzinfo=BANGKOK)
    refs = ctx.store.report_refs_between(ctx.person.org_id, start, ctx.now)
    latest = ctx.store.reports_of(ctx.person.org_id, {r.split("/")[0] for r in refs})
    ids = {r.split("/")[1] for r in refs}
    reported = {rep.person_id for reps in latest.values() for rep in reps if rep.id in ids}
    order = {d.name: i for i, d in enumerate(ctx.org.divisions)}
    away = {
        person_id
        for person_id, until in ctx.store.policies.absences(ctx.person.org_id).items()
        if until >= ctx.today
    }
    people = [
        p
        for p in ctx.store.people(ctx.person.org_id)
        if p.division and p.has_role(Role.STAFF) and p.id not in reported | away and p.identities()
    ]
    return sorted(people, key=lambda p: (order.get(p.division or "", 99), p.name))


def remind_option(ctx: Context, count: int) -> Option:
    """Return the "remind now" button for who_is_late."""
    return ctx.option("chase.remind_button", "chase:ask", count=count)


def _line_pushes(ctx: Context, people: list[Person]) -> Counter[str]:
    """How many LINE pushes reminding these people costs on each channel ("" the default)."""
    default_line = bool(ctx.config.line_channel_access_token)
    pushes: Counter[str] = Counter()
    for person in people:
        on_line = [split_address(a) for a, _ in person.identities()]
        channels = [c for p, c in on_line if p == "line" and (c or default_line)]
        if channels:  # the organisation's own channel comes first, as for pushes
            pushes[max(channels, key=bool)] += 1
    return pushes


def _cost(ctx: Context, pushes: Counter[str]) -> str:
    """Say what the reminders cost against this month's quota of each LINE channel used."""
    if not pushes:
        return ctx.t("chase.cost_free")
    return "\n".join(_channel_cost(ctx, channel, n) for channel, n in sorted(pushes.items()))


def _channel_cost(ctx: Context, channel: str, pushes: int) -> str:
    """Say what pushes cost against one LINE channel's quota as last read (daily)."""
    from bot.delivery.quota import saved_quota  # the last quota read from LINE (daily)

    if ctx.store.quota.is_line_exhausted(channel, ctx.person.org_id):
        return ctx.t("chase.cost_exhausted")
    quota = saved_quota(ctx.store, channel)
    if quota is None or quota.limit is None:
        return ctx.t("chase.cost_line_unknown", pushes=pushes)
    line = ctx.t("chase.cost_line", pushes=pushes, used=quota.used, limit=quota.limit)
    left = max(quota.limit - quota.used, 0)
    return line if pushes <= left else f"{line}\n{ctx.t('chase.cost_over', left=left)}"


@router.choice("chase", roles=CHASERS)
def chase(ctx: Context, argument: str) -> None:
    """ "chase:ask" shows who and the cost and asks; "chase:go:TOKEN" sends, once."""
    if argument == "ask":
        people = late_people(ctx)
        if not people:
            ctx.say(ctx.t("chase.nobody"))
            return
        token = secrets.token_hex(4)
        ctx.state.name = CHASE_CONFIRM
        ctx.state.data = {"token": token, "people": [p.id for p in people]}
        names = ", ".join(p.name for p in people)
        ctx.say(
            ctx.t(
                "chase.confirm",
                count=len(people),
                names=names,
                cost=_cost(ctx, _line_pushes(ctx, people)),
            ),
            [
                ctx.option("chase.send_button", f"chase:go:{token}"),
                ctx.option("chat.cancel_button", "chase:no"),
            ],
        )
        return
    # A second tap (or a tap on an old question) finds the state gone: never sent twice.
    waiting = ctx.state.name == CHASE_CONFIRM
    expected = f"go:{ctx.state.data.get('token')}" if waiting else None
    if argument == "no" and waiting:
        ctx.state.clear()
        ctx.say(ctx.t("chat.cancelled"))
        return
    if not waiting or argument != expected:
        ctx.say(ctx.t("chat.stale_choice"))
        return
    ids = list(ctx.state.data.get("people", []))
    ctx.state.clear()
    people = [p for p in (ctx.store.get_person(ctx.person.org_id, i) for i in ids) if p]
    messages = [(person, _chase_message(ctx, person)) for person in people]
    ctx.after_commit.append(lambda: _send_all(ctx, messages))


def _chase_message(ctx: Context, person: Person) -> Text:
    """The reminder one late person gets: who asks, and their division's open measures."""
    latest = ctx.store.latest_reports(ctx.person.org_id)
    measures = [
        m
        for m in ctx.store.measures_of_division(ctx.person.org_id, person.division or "")
        if not (m.id in latest and latest[m.id].status is Status.DONE)
    ]
    text = ctx.t(
        "chase.message",
        sender=ctx.person.name,
        division=person.division or "",
        month=format_month_th(ctx.today.year, ctx.today.month),
    )
    options = [Option(f"{m.number} {m.title[:60]}", f"rm:{m.number}") for m in measures]
    return Text(text, (*options[:MAX_MEASURES], Option(ctx.t("menu.my_measures"), "menu:my")))


def _send_all(ctx: Context, messages: list[tuple[Person, Text]]) -> None:
    """After the commit: push each message through the deliverer and say how it went."""
    sent = pushes = deferred = 0
    for person, message in messages:
        outcome = ctx.notify(person, [message]) if ctx.notify else None
        platform, status = getattr(outcome, "platform", ""), getattr(outcome, "status", "")
        sent += status == "sent"
        pushes += platform == "line" and status == "sent"
        deferred += status == "deferred"
    extra = ctx.t("chase.deferred", count=deferred) if deferred else ""
    ctx.say(ctx.t("chase.sent", count=sent, pushes=pushes, deferred=extra))


@router.choice("snz", roles=REPORTERS)
def snooze(ctx: Context, argument: str) -> None:
    """Hold today's reminders and bring these measures back on the next working day."""
    from bot.delivery.planned import message_to_json
    from bot.reminders.planner import send_at
    from bot.reminders.preview import plan_org

    try:
        date.fromisoformat(argument)
    except ValueError:
        ctx.say(ctx.t("chat.stale_choice"))
        return
    org_id, today = ctx.person.org_id, ctx.today
    policies = ctx.store.policies
    planned = plan_org(ctx.store, org_id, today, today, policies)
    mine = [m for m in planned if m.person_id == ctx.person.id]
    items = mine[0].items if mine else ()
    if not items:
        ctx.say(ctx.t("chase.nothing_to_snooze"))
        return
    day = policies.calendar(org_id).next_working_day(today + timedelta(days=1))
    snoozed = Snooze(quiet_through=today, day=day, items=items)
    ctx.store.policies.save_snooze(org_id, ctx.person.id, snoozed, pipeline=ctx.pipe)
    at = send_at(org_id, ctx.person.id, day, policies.get(org_id))
    message = message_to_json(org_id, snooze_message(ctx.person.id, snoozed, at))

    def plan_that_day() -> None:
        # That day's one message: made here if the planner had none, else this joins it.
        ctx.store.schedule.plan([message])

    ctx.after_commit.append(plan_that_day)
    lines = [ctx.t("chase.snooze_item", number=i.number, title=i.title[:60]) for i in items]
    ctx.say(ctx.t("chase.snoozed", date=format_date_th(day), items="\n".join(lines)))
