""" "สรุป" for chiefs and secretaries: the card, the chart, acknowledgement, the full report."""

from __future__ import annotations

from bot.chat.context import Context
from bot.chat.messages import File, Image, Reply, Text
from bot.chat.router import Router
from bot.domain.file_links import file_url
from bot.domain.model import Role
from bot.domain.thai import (
    BANGKOK,
    format_date_th,
    format_month_en,
    format_month_th,
    parse_month_year,
)
from bot.summary.card import summary_card
from bot.summary.snapshots import summary_for

router = Router()  # this module's table, merged by bot.handlers.build_router

READERS = {Role.CHIEF, Role.SECRETARY, Role.ADMIN}


def summary_replies(ctx: Context, year: int, month: int) -> list[Reply]:
    """Return the card, chart and (for secretaries) who has acknowledged."""
    summary = summary_for(ctx.store, ctx.store.snapshots, ctx.person.org_id, year, month, ctx.now)
    org_id = ctx.person.org_id
    chart = file_url(ctx.config, kind="chart", org=org_id, year=year, month=month)
    replies: list[Reply] = [
        summary_card(summary, ctx.lang),
        Image(chart, chart, ctx.t("summary.chart_alt")),
    ]
    if ctx.person.has_role(Role.SECRETARY, Role.ADMIN):
        replies.append(Text(acknowledged_text(ctx, summary["month"])))
    return replies


def acknowledged_text(ctx: Context, month: str) -> str:
    """Return who has acknowledged a month's summary, and when."""
    got = ctx.store.snapshots.acks(ctx.person.org_id, month)
    if not got:
        return ctx.t("summary.no_acks")
    people = {p.id: p.name for p in ctx.store.people(ctx.person.org_id)}
    lines = [ctx.t("summary.acks_head", count=len(got))]
    for person_id, at in sorted(got.items(), key=lambda item: item[1]):
        local = at.astimezone(BANGKOK)
        lines.append(
            f"• {people.get(person_id, person_id)} "
            f"({format_date_th(local.date())} {local:%H:%M} น.)"
        )
    return "\n".join(lines)


@router.command("สรุป", "/summary", "summary", roles=READERS, slow=True)
def show_summary(ctx: Context, rest: str) -> None:
    """The month's summary now, or a named month ("สรุป มี.ค. 66")."""
    if rest:
        try:
            year, month = parse_month_year(rest)
        except ValueError:
            ctx.say(ctx.t("summary.bad_month", text=rest[:30]))
            return
    else:
        year, month = ctx.today.year, ctx.today.month
    try:
        ctx.replies.extend(summary_replies(ctx, year, month))
    except ValueError:
        ctx.say(ctx.t("summary.not_started"))


@router.choice("ack", roles=READERS)
def acknowledge(ctx: Context, month: str) -> None:
    """Record "รับทราบ" once, with who and when."""
    if ctx.store.snapshots.record_ack(ctx.person.org_id, month, ctx.person.id, ctx.now):
        ctx.say(ctx.t("summary.acked"))
    else:
        at = ctx.store.snapshots.acks(ctx.person.org_id, month).get(ctx.person.id)
        when = format_date_th(at.astimezone(BANGKOK).date()) if at else ""
        ctx.say(ctx.t("summary.already_acked", when=when))


@router.choice("sumfile", roles=READERS)
def summary_file(ctx: Context, month: str) -> None:
    """Send the month's full report as a file."""
    try:
        year, number = (int(part) for part in month.split("-"))
    except ValueError:
        ctx.say(ctx.t("chat.stale_choice"))
        return
    url = file_url(
        ctx.config,
        kind="report",
        org=ctx.person.org_id,
        year=year,
        month=number,
        format="pdf",
        period="month",
    )
    shown = format_month_en(year, number) if ctx.lang == "en" else format_month_th(year, number)
    ctx.replies.append(File(url, ctx.t("summary.file_name", month=shown)))
