"""An open report draft is never dropped silently: ask whether to keep it, resume it."""

from __future__ import annotations

from bot.chat.context import Context
from bot.handlers.report_evidence import ask_evidence
from bot.handlers.report_states import (
    CONFIRM,
    DRAFT,
    DRAFT_STEPS,
    EVIDENCE,
    REASON,
    STATUS,
    SUGGEST,
)
from bot.handlers.report_steps import ask_status, ask_text
from bot.handlers.review import ask_confirm, ask_suggestion, review, summary


def _has_draft(ctx: Context) -> bool:
    data = ctx.state.data
    # At the status step of a new report nothing has been said yet: nothing to lose.
    return ctx.state.name in DRAFT_STEPS and ("status" in data or bool(data.get("evidence")))


def ask_about_draft(
    ctx: Context, command: str, argument: str, question: str = "report.draft_open"
) -> bool:
    """If a draft is open, ask whether to keep it before running command; True if asked."""
    if ctx.state.name == DRAFT:
        ctx.state.data.update(command=command, argument=argument)
    elif _has_draft(ctx):
        draft = {"name": ctx.state.name, "data": ctx.state.data}
        ctx.state.name = DRAFT
        ctx.state.data = {"draft": draft, "command": command, "argument": argument}
    else:
        return False
    data = ctx.state.data["draft"]["data"]
    ctx.say(
        ctx.t(
            question,
            number=data["number"],
            title=data["title"][:60],
            count=len(data.get("evidence") or []),
        ),
        [
            ctx.option("report.draft_keep", "rd:keep"),
            ctx.option("report.draft_drop", "rd:drop"),
        ],
    )
    return True


def resume(ctx: Context) -> None:
    """Show the draft so far and ask its step's question again."""
    data = ctx.state.data
    head = ctx.t("report.draft_resumed") + "\n"
    if ctx.state.name == CONFIRM:
        ask_confirm(ctx, head)
        return
    head += summary(ctx, data) + "\n\n" if "status" in data else ""
    if ctx.state.name == STATUS:
        ctx.say(head.strip())
        ask_status(ctx)
    elif ctx.state.name == EVIDENCE:
        ask_evidence(ctx, head)
    elif ctx.state.name == SUGGEST:
        ctx.say(head.strip())
        ask_suggestion(ctx)
    elif ctx.state.name == REASON:
        ctx.say(head.strip())
        review(ctx)
    else:
        ask_text(ctx, head)


def offer_timed_out_draft(ctx: Context, asking: bool) -> bool:
    """After 30 idle minutes: ask about a report draft (if asking); clear any other step.

    Returns True when the question was asked (nothing else to do for this message).
    """
    if not _has_draft(ctx):
        ctx.state.clear()
        return False
    return asking and ask_about_draft(ctx, "none", "", "report.draft_timed_out")
