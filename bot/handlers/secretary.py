"""The secretary in chat: invites, who has not reported, status, editing a measure."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.chat.context import Context
from bot.chat.messages import Image
from bot.chat.router import Router
from bot.domain.divisions import DivisionMatcher
from bot.domain.file_links import file_url
from bot.domain.model import Measure, Role
from bot.domain.thai import BANGKOK, format_date_th, format_month_th, to_arabic_digits
from bot.domain.timeframe import TimeframeError, format_timeframe, parse_timeframe
from bot.handlers.chase import CHASERS, late_people, remind_option
from bot.platforms.invite_links import invite_ways, scan_target
from bot.store.audit import record
from bot.store.channels import invite_accounts
from bot.store.codec import dump_measure, load_measure
from bot.store.invites import create_invite
from bot.summary.snapshots import summary_for

router = Router()  # this module's table, merged by bot.handlers.build_router

EDITORS = {Role.SECRETARY, Role.ADMIN}
EDIT_CONFIRM = "edit.confirm"
_CHIEF_WORDS = ("ผู้บริหาร", "ปลัด", "นายก", "chief")


@router.command("เชิญ", "/invite", "invite", roles=EDITORS)
def invite(ctx: Context, rest: str) -> None:
    """Make an invite code for staff of a division, or for the chief."""
    target = rest.strip()
    if not target:
        ctx.say(ctx.t("secretary.invite_how"))
        return
    if target.lower() in _CHIEF_WORDS:
        role, division = Role.CHIEF, None
    else:
        match = DivisionMatcher(ctx.org.divisions).match(target)
        if len(match.divisions) != 1 or match.unknown:
            names = ", ".join(d.name for d in ctx.org.divisions)
            ctx.say(ctx.t("secretary.invite_unknown", division=target[:40], names=names))
            return
        role, division = Role.STAFF, match.divisions[0]
    code = create_invite(ctx.store, ctx.person.org_id, role, division, now=ctx.now)
    record(
        ctx.pipe,
        ctx.person.org_id,
        ctx.person.id,
        "invite",
        division or role.value,
        None,
        {"role": role.value, "division": division, "code": code.code},
    )
    expires = format_date_th(code.expires_at.astimezone(BANGKOK).date())
    who = division or ctx.t(f"role.{role.value}")
    ctx.say(ctx.t("secretary.invite_made", who=who, expires=expires))
    _forward(ctx, code.code, who, expires)


def _forward(ctx: Context, code: str, who: str, expires: str) -> None:
    """Say the invite to forward (the code and each platform's way to join), then its QR code."""
    # The organisation's own OA and bot, when it has them: people join where it talks.
    accounts = invite_accounts(ctx.store, ctx.person.org_id)
    found = invite_ways(ctx.config, code, ctx.lang, accounts)
    ways = "".join(way.text for way in found)
    ctx.say(
        ctx.t(
            "join.invite_forward",
            org=ctx.org.name,
            who=who,
            code=code,
            expires=expires,
            ways=ways or ctx.t("join.invite_by_code"),
        )
    )
    if scan_target(found):
        url = file_url(ctx.config, kind="invite_qr", code=code)
        ctx.replies.append(Image(url, url, ctx.t("join.invite_qr_alt", code=code)))
        ctx.say(ctx.t("join.invite_qr_note"))


@router.command("ใครยังไม่รายงาน", "ยังไม่รายงาน", "/late", "who is late", roles=EDITORS | {Role.CHIEF})
def who_is_late(ctx: Context, rest: str) -> None:
    """By division: who has not reported this month, and what is overdue."""
    summary = _current(ctx)
    reported = _reported_this_month(ctx)
    people = ctx.store.people(ctx.person.org_id)
    lines = [ctx.t("secretary.late_head", month=format_month_th(ctx.today.year, ctx.today.month))]
    overdue_by_division: dict[str, list[str]] = {}
    for entry in summary["overdue"]:
        for division in entry["divisions"]:
            overdue_by_division.setdefault(division, []).append(
                ctx.t("secretary.overdue_item", number=entry["number"], days=entry["days_overdue"])
            )
    for division in ctx.org.divisions:
        staff = [p.name for p in people if p.division == division.name and p.id not in reported]
        overdue = overdue_by_division.get(division.name, [])
        if not staff and not overdue:
            continue
        lines.append(f"\n{division.name}")
        if staff:
            lines.append(ctx.t("secretary.not_reported", names=", ".join(staff)))
        if overdue:
            lines.append(ctx.t("secretary.overdue_list", items=", ".join(overdue)))
    if len(lines) == 1:
        lines.append(ctx.t("secretary.all_good"))
    late = late_people(ctx) if ctx.person.has_role(*CHASERS) else []
    ctx.say("\n".join(lines), [remind_option(ctx, len(late))] if late else [])


@router.command("สถานะ", "/status", "status", roles=EDITORS | {Role.CHIEF})
def status(ctx: Context, rest: str) -> None:
    """Progress by assessment and by division, in short lines that fit a phone."""
    summary = _current(ctx)
    totals = summary["totals"]
    lines = [
        ctx.t(
            "secretary.status_head",
            done=totals["done"],
            count=totals["measures"],
            percent=totals["percent_done"] or 0,
            overdue=totals["overdue"],
        ),
        "",
        ctx.t("summary.by_assessment"),
    ]
    for name, tally in summary["by_assessment"].items():
        if tally["measures"]:
            label = ctx.t("summary.assessment.none") if name == "none" else name
            lines.append(_progress(ctx, "secretary.status_assessment", label, tally))
    lines += ["", ctx.t("summary.by_division")]
    for row in summary["by_division"]:
        if row["division"] and row["measures"]:
            lines.append(_progress(ctx, "secretary.status_division", row["division"], row))
    ctx.say("\n".join(lines))


def _progress(ctx: Context, key: str, name: str, tally: dict[str, Any]) -> str:
    # Figures, not block bars: bars wrap and misalign in a phone's proportional font.
    percent = round(100 * tally["done"] / tally["measures"])
    overdue = tally.get("overdue") or 0
    late = ctx.t("secretary.status_overdue", count=overdue) if overdue else ""
    return ctx.t(
        key, name=name, done=tally["done"], count=tally["measures"], percent=percent, late=late
    )


def _current(ctx: Context) -> dict[str, Any]:
    local = ctx.now.astimezone(BANGKOK)
    return summary_for(
        ctx.store, ctx.store.snapshots, ctx.person.org_id, local.year, local.month, ctx.now
    )


def _reported_this_month(ctx: Context) -> set[str]:
    from datetime import datetime, time

    local = ctx.now.astimezone(BANGKOK)
    start = datetime.combine(local.date().replace(day=1), time(), tzinfo=BANGKOK)
    refs = ctx.store.report_refs_between(ctx.person.org_id, start, ctx.now)
    latest = ctx.store.reports_of(ctx.person.org_id, {r.split("/")[0] for r in refs})
    ids = {r.split("/")[1] for r in refs}
    return {rep.person_id for reps in latest.values() for rep in reps if rep.id in ids}


_EDIT = re.compile(r"^(\d+)\s+(ระยะเวลา|timeframe|ผู้รับผิดชอบ|divisions?)\s+(.+)$", re.I | re.S)


def edit_measure(ctx: Context, rest: str) -> None:
    """ "แก้ไข 12 ระยะเวลา ต.ค.66-มี.ค.67": check, then ask to confirm before saving."""
    match = _EDIT.match(to_arabic_digits(rest.strip()))
    if not match:
        ctx.say(ctx.t("secretary.edit_how"))
        return
    number, field, value = int(match.group(1)), match.group(2).lower(), match.group(3).strip()
    measure = ctx.store.measure_by_number(ctx.person.org_id, number)
    if measure is None:
        ctx.say(ctx.t("report.no_such_measure", number=number))
        return
    if field in ("ระยะเวลา", "timeframe"):
        tf = parse_timeframe(value, fiscal_year=measure.fiscal_year)
        if isinstance(tf, TimeframeError):
            ctx.say(tf.message(ctx.lang))
            return
        changed = replace(
            measure, start=tf.start, end=tf.end, timeframe_text=value, timeframe_defaulted=False
        )
        shown = format_timeframe(tf, ctx.lang)
    else:
        found = DivisionMatcher(ctx.org.divisions).match(value)
        if found.unknown or not found.divisions:
            names = ", ".join(d.name for d in ctx.org.divisions)
            ctx.say(ctx.t("secretary.invite_unknown", division=value[:40], names=names))
            return
        changed = replace(measure, divisions=found.divisions)
        shown = ", ".join(found.divisions)
    ctx.state.name = EDIT_CONFIRM
    ctx.state.data = {"before": dump_measure(measure), "after": dump_measure(changed)}
    ctx.say(
        ctx.t(
            "secretary.edit_confirm",
            number=number,
            title=measure.title[:60],
            field=match.group(2),
            value=shown,
        ),
        [ctx.option("report.confirm", "ed:yes"), ctx.option("chat.cancel_button", "ed:no")],
    )


@router.choice("ed", roles=EDITORS)
def edit_confirmed(ctx: Context, argument: str) -> None:
    """Save (or drop) the edit waiting for confirmation."""
    if ctx.state.name != EDIT_CONFIRM:
        ctx.say(ctx.t("chat.stale_choice"))
        return
    data = ctx.state.data
    ctx.state.clear()
    if argument != "yes":
        ctx.say(ctx.t("chat.cancelled"))
        return
    before, after = load_measure(data["before"]), load_measure(data["after"])
    current = ctx.store.get_measure(ctx.person.org_id, before.id)
    if current is None or dump_measure(current) != data["before"]:
        ctx.say(ctx.t("secretary.edit_conflict"))
        return
    ctx.store.save_measure(ctx.person.org_id, after, pipeline=ctx.pipe)
    record(
        ctx.pipe,
        ctx.person.org_id,
        ctx.person.id,
        "edit",
        f"measure {after.number}",
        _changes(before, after)[0],
        _changes(before, after)[1],
        at=ctx.now,
    )
    ctx.say(ctx.t("secretary.edit_saved", number=after.number))


def _changes(before: Measure, after: Measure) -> tuple[dict[str, object], dict[str, object]]:
    fields = ("start", "end", "timeframe_text", "divisions")
    old = {f: getattr(before, f) for f in fields if getattr(before, f) != getattr(after, f)}
    new = {f: getattr(after, f) for f in old}
    return old, new
