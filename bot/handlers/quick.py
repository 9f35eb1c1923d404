"""Shortcuts for fast typists: `รายงาน 12 เสร็จ ...` in one line, and `แก้ไข` the last report.

Both are part of the report conversation, whose table (``report.py``) registers them.
"""

from __future__ import annotations

from bot.chat.context import Context
from bot.domain.model import Role, Status
from bot.domain.statuses import PercentError, parse_percent, split_status_prefix
from bot.domain.thai import to_arabic_digits
from bot.handlers.draft import ask_about_draft
from bot.handlers.report_evidence import ask_evidence
from bot.handlers.report_steps import ask_text, begin, measure_by_number, refusal
from bot.handlers.review import save
from bot.handlers.secretary import edit_measure


def shortcut(ctx: Context, rest: str) -> None:
    """`รายงาน 12 เสร็จ จัดทำคู่มือแล้ว`: number, status word, text in one line."""
    number, _, tail = to_arabic_digits(rest).partition(" ")
    measure, number = measure_by_number(ctx, number)
    if (why := refusal(ctx, measure, number)) is not None:
        ctx.say(why)
        return
    assert measure is not None
    if not tail.strip():
        begin(ctx, measure)
        return
    split = split_status_prefix(tail)
    if split is None:
        ctx.say(ctx.t("report.shortcut_help"))
        return
    status, text = split
    try:
        percent, text = parse_percent(text)
    except PercentError as error:
        ctx.say(ctx.t("report.bad_percent", value=error.text))
        return
    shown = len(ctx.replies)
    begin(ctx, measure)
    del ctx.replies[shown:]  # the status is known: no question about it
    ctx.state.data.update(status=status.value, text=text, percent=percent)
    if not text and status is not Status.NOT_STARTED:
        ask_text(ctx)  # the report must say what was done
        return
    if status is Status.DONE:
        ask_evidence(ctx)
        return
    save(ctx, dict(ctx.state.data))
    ctx.state.clear()


def amend(ctx: Context, rest: str) -> None:
    """Amend the person's last report; "แก้ไข 12 ระยะเวลา ..." edits a measure (secretary)."""
    if ask_about_draft(ctx, "amend", rest):
        return
    if rest:
        if ctx.person.has_role(Role.SECRETARY, Role.ADMIN):
            edit_measure(ctx, rest)
        else:
            ctx.say(ctx.t("chat.not_allowed"))
        return

    last = ctx.store.last_report_of(ctx.person.org_id, ctx.person.id)
    if last is None:
        ctx.say(ctx.t("report.nothing_to_amend"))
        return
    measure = ctx.store.get_measure(ctx.person.org_id, last.measure_id)
    if measure is None:
        ctx.say(ctx.t("report.nothing_to_amend"))
        return
    ctx.say(
        ctx.t("report.amending", number=measure.number, status=ctx.t(f"status.{last.status.value}"))
    )
    begin(ctx, measure, base=last)
