""" "ลา ถึง 15 มี.ค.": pause this person's reminders until a date; "กลับมาแล้ว" resumes."""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.thai import format_date_en, format_date_th, parse_thai_date

router = Router()  # this module's table, merged by bot.handlers.build_router

MAX_DAYS = 366


@router.command("ลา", "/leave", "leave", "away")
def leave(ctx: Context, rest: str) -> None:
    """Pause reminders through a date (others in the division still get them)."""
    text = re.sub(r"^(ถึง|จนถึง|until|to)\s*", "", rest.strip(), flags=re.IGNORECASE)
    if not text:
        ctx.say(ctx.t("absence.how"))
        return
    try:
        until = parse_thai_date(text, today=ctx.today)
    except ValueError:
        ctx.say(ctx.t("absence.bad_date", text=text[:40]) + "\n" + ctx.t("absence.how"))
        return
    if until < ctx.today or (until - ctx.today).days > MAX_DAYS:
        ctx.say(ctx.t("absence.out_of_range"))
        return
    ctx.store.policies.set_absence(ctx.person.org_id, ctx.person.id, until, pipeline=ctx.pipe)
    shown = format_date_en(until) if ctx.lang == "en" else format_date_th(until)
    ctx.say(ctx.t("absence.set", until=shown))


@router.command("กลับมาแล้ว", "ยกเลิกลา", "/back", "back")
def back(ctx: Context, rest: str) -> None:
    """Resume reminders before the absence ends."""
    resumed = ctx.store.policies.clear_absence(ctx.person.org_id, ctx.person.id)
    ctx.say(ctx.t("absence.cleared" if resumed else "absence.none"))
