"""The secretary sets up the year in chat: the reminder policy and holidays.

The plan file (preview, save) is in plan_file.py, undo and archive in plan_archive.py.
"""

from __future__ import annotations

from datetime import date

from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.model import Role
from bot.domain.thai import format_date_th, parse_thai_date
from bot.reminders.policy import PolicyError
from bot.reminders.policy_text import describe
from bot.store.audit import record

router = Router()  # this module's table, merged by bot.handlers.build_router

EDITORS = {Role.SECRETARY, Role.ADMIN}


@router.command("ตั้งค่า", "/policy", "policy", roles=EDITORS)
def policy(ctx: Context, rest: str) -> None:
    """Show the reminder policy, or change it: "ตั้งค่า nudge_day=24"."""
    store = ctx.store.policies
    before = store.get(ctx.person.org_id)
    if rest:
        try:
            after = store.update(ctx.person.org_id, rest.split())
        except PolicyError as exc:
            ctx.say(str(exc))
            return
        record(
            ctx.pipe,
            ctx.person.org_id,
            ctx.person.id,
            "policy",
            "reminders",
            before.to_json(),
            after.to_json(),
            at=ctx.now,
        )
        ctx.say(ctx.t("setup.policy_saved"))
        before = after
    lines = describe(before, ctx.lang)
    ctx.say(
        ctx.t("setup.policy_head") + "\n" + "\n".join(lines) + "\n\n" + ctx.t("setup.policy_how")
    )


@router.command("วันหยุด", "/holiday", "holiday", roles=EDITORS)
def holidays(ctx: Context, rest: str) -> None:
    """ "วันหยุด เพิ่ม 2 ม.ค. 70 งานประจำปี" / "วันหยุด ลบ 2 ม.ค. 70" / list."""
    store = ctx.store.policies
    words = rest.split()
    if words and words[0] in ("เพิ่ม", "add", "ลบ", "remove"):
        adding = words[0] in ("เพิ่ม", "add")
        text = " ".join(words[1:])
        day, name = _day_and_name(text, ctx)
        if day is None:
            ctx.say(ctx.t("absence.bad_date", text=text[:40]) + "\n" + ctx.t("setup.holiday_how"))
            return
        if adding:
            store.add_holiday(ctx.person.org_id, day, name, pipeline=ctx.pipe)
        elif not store.remove_holiday(ctx.person.org_id, day):
            ctx.say(ctx.t("setup.holiday_missing", day=format_date_th(day)))
            return
        record(
            ctx.pipe,
            ctx.person.org_id,
            ctx.person.id,
            "holiday",
            day.isoformat(),
            None if adding else day.isoformat(),
            {"name": name} if adding else None,
            at=ctx.now,
        )
        ctx.say(
            ctx.t(
                "setup.holiday_added" if adding else "setup.holiday_removed",
                day=format_date_th(day),
            )
        )
        return
    days = store.holidays(ctx.person.org_id)
    listed = "\n".join(f"• {format_date_th(d)} {n}" for d, n in sorted(days.items()))
    ctx.say((listed or ctx.t("setup.holiday_none")) + "\n\n" + ctx.t("setup.holiday_how"))


def _day_and_name(text: str, ctx: Context) -> tuple[date | None, str]:
    words = text.split()
    for cut in range(min(len(words), 4), 0, -1):
        try:
            return parse_thai_date(" ".join(words[:cut]), today=ctx.today), " ".join(words[cut:])
        except ValueError:
            continue
    return None, ""
