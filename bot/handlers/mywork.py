""" "งานของฉัน": the division's measures, overdue and due-soonest first."""

from __future__ import annotations

from datetime import date

from bot.chat.context import Context
from bot.chat.messages import Option
from bot.chat.router import Router
from bot.domain.model import Measure, Report, Role, Status
from bot.domain.thai import format_date_en, format_date_th

router = Router()  # this module's table, merged by bot.handlers.build_router

PAGE = 8  # measures per page: leaves room for "ถัดไป" and "ยกเลิก" within LINE's 13 buttons


def urgency(m: Measure, latest: Report | None, today: date) -> tuple[int, int, int]:
    """Sort key: overdue first (most overdue first), then by end date, then no end, done last."""
    done = latest is not None and latest.status is Status.DONE
    if done:
        return (3, 0, m.number)
    if m.end is None:
        return (2, 0, m.number)
    return (0 if m.end < today else 1, (m.end - today).days, m.number)


def due_text(ctx: Context, m: Measure, latest: Report | None) -> str:
    """Return "เหลือ 5 วัน" / "เลยกำหนด 3 วัน" / "ไม่มีกำหนด" for a measure."""
    if latest is not None and latest.status is Status.DONE:
        return ctx.t("mywork.done")
    if m.end is None:
        return ctx.t("mywork.no_deadline")
    days = (m.end - ctx.today).days
    end = format_date_en(m.end) if ctx.lang == "en" else format_date_th(m.end)
    if days < 0:
        return ctx.t("mywork.overdue", days=-days, end=end)
    if days == 0:
        return ctx.t("mywork.due_today", end=end)
    return ctx.t("mywork.days_left", days=days, end=end)


def status_label(ctx: Context, latest: Report | None) -> str:
    """Return the status words of a latest report (or "not reported")."""
    if latest is None:
        return ctx.t("status.none")
    percent = f" {latest.percent}%" if latest.percent is not None else ""
    return ctx.t(f"status.{latest.status.value}") + percent


def sorted_measures(ctx: Context) -> tuple[list[Measure], dict[str, Report]]:
    """Return the person's measures in order of urgency, with their latest reports."""
    everything = ctx.person.has_role(Role.SECRETARY, Role.ADMIN) or ctx.person.division is None
    pairs = ctx.store.measures_with_latest(
        ctx.person.org_id, None if everything else ctx.person.division
    )
    latest = {m.id: r for m, r in pairs if r is not None}
    measures = [m for m, _ in pairs]
    measures.sort(key=lambda m: urgency(m, latest.get(m.id), ctx.today))
    return measures, latest


def paged_options(
    ctx: Context, measures: list[Measure], page: int, prefix: str, more: str
) -> list[Option]:
    """Return one page of measure choices plus "ถัดไป" and "ยกเลิก"."""
    chunk = measures[page * PAGE : (page + 1) * PAGE]
    options = [Option(f"{m.number} {m.title}", f"{prefix}:{m.number}") for m in chunk]
    if (page + 1) * PAGE < len(measures):
        options.append(ctx.option("chat.next_page", f"{more}:{page + 1}"))
    options.append(ctx.option("chat.cancel_button", "menu:cancel"))
    return options


@router.command("งานของฉัน", "งาน", "/mywork", "my measures", "my work")
def my_measures(ctx: Context, rest: str) -> None:
    """List the division's measures with status and days left."""
    show_page(ctx, 0)


@router.choice("mw")
def my_measures_page(ctx: Context, argument: str) -> None:
    """Show another page of the measure list."""
    show_page(ctx, int(argument) if argument.isdigit() else 0)


def show_page(ctx: Context, page: int) -> None:
    """Show one page of "my measures" with a choice to report on each."""
    measures, latest = sorted_measures(ctx)
    if not measures:
        ctx.say(ctx.t("mywork.none"))
        return
    chunk = measures[page * PAGE : (page + 1) * PAGE]
    if not chunk:
        ctx.say(ctx.t("chat.stale_choice"))
        return
    lines = [
        ctx.t("mywork.head", division=ctx.person.division or ctx.org.name, count=len(measures))
    ]
    for m in chunk:
        lines.append(
            ctx.t(
                "mywork.line",
                number=m.number,
                title=m.title,
                status=status_label(ctx, latest.get(m.id)),
                due=due_text(ctx, m, latest.get(m.id)),
            )
        )
    if (page + 1) * PAGE < len(measures):
        lines.append(ctx.t("mywork.more", shown=(page + 1) * PAGE, count=len(measures)))
    lines.append(ctx.t("mywork.tip"))
    ctx.say("\n".join(lines), paged_options(ctx, measures, page, "rm", "mw"))
