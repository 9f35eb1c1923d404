""" "รายงาน": choose a measure, a status, say what was done, add evidence, confirm.

Every handler of the report conversation is here, and its states are one table at the end.
The questions and moves are in ``report_steps.py``, the evidence step in
``report_evidence.py``, the summary before saving (where any field can change) in
``review.py``, the open-draft question in ``draft.py``, the one-line shortcut and
``แก้ไข`` in ``quick.py``; each of those imports only the ones before it.
"""

from __future__ import annotations

from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.model import Status
from bot.domain.statuses import parse_status
from bot.handlers.draft import ask_about_draft, resume
from bot.handlers.mywork import paged_options, sorted_measures
from bot.handlers.quick import amend, shortcut
from bot.handlers.report_evidence import add_evidence, ask_evidence, drop_refused, evidence_options
from bot.handlers.report_states import (
    CONFIRM,
    DRAFT,
    DRAFT_STEPS,
    EVIDENCE,
    MEASURE,
    REASON,
    REPORTERS,
    STATUS,
    SUGGEST,
    TEXT,
    URL,
)
from bot.handlers.report_steps import (
    after_text,
    ask_status,
    ask_text,
    begin,
    measure_by_number,
    refusal,
    set_status,
    take_text,
)
from bot.handlers.review import (
    ask_confirm,
    ask_suggestion,
    is_confirmation,
    review,
    save,
)

router = Router()  # this module's table, merged by bot.handlers.build_router


@router.command("รายงาน", "/report", "report", roles=REPORTERS)
def start_report(ctx: Context, rest: str) -> None:
    """Start the report conversation, or take the one-line shortcut."""
    if ask_about_draft(ctx, "report", rest):
        return
    if rest:
        shortcut(ctx, rest)
        return
    measures, _ = sorted_measures(ctx)
    if not measures:
        ctx.say(ctx.t("mywork.none"))
        return
    ctx.state.name = MEASURE
    ctx.state.data = {}
    ctx.say(ctx.t("report.ask_measure"), paged_options(ctx, measures, 0, "rm", "rp"))


router.command("แก้ไข", "/amend", "amend", roles=REPORTERS)(amend)


@router.choice("rp", roles=REPORTERS)
def measure_page(ctx: Context, argument: str) -> None:
    """Show another page of measures to report on."""
    measures, _ = sorted_measures(ctx)
    page = int(argument) if argument.isdigit() else 0
    ctx.state.name = MEASURE
    ctx.say(ctx.t("report.ask_measure"), paged_options(ctx, measures, page, "rm", "rp"))


@router.choice("rm", roles=REPORTERS)
def chosen_measure(ctx: Context, argument: str) -> None:
    """A measure was tapped (from the list, "my measures" or a reminder)."""
    if ask_about_draft(ctx, "measure", argument):
        return
    measure, number = measure_by_number(ctx, argument)
    if (why := refusal(ctx, measure, number)) is not None:
        ctx.say(why)
        return
    assert measure is not None
    begin(ctx, measure)


def typed_measure(ctx: Context) -> None:
    """A measure number was typed instead of tapped."""
    measure, number = measure_by_number(ctx, ctx.incoming.text)
    if (why := refusal(ctx, measure, number or ctx.incoming.text[:20])) is not None:
        ctx.say(why + "\n" + ctx.t("report.ask_measure"))
        return
    assert measure is not None
    begin(ctx, measure)


@router.choice("rs", roles=REPORTERS)
def chosen_status(ctx: Context, argument: str) -> None:
    """A status was tapped (also from the summary, to change it)."""
    if ctx.state.name not in (STATUS, CONFIRM) or argument not in Status.__members__.values():
        ctx.say(ctx.t("chat.stale_choice"))
        return
    set_status(ctx, Status(argument))


def typed_status(ctx: Context) -> None:
    """A status was typed."""
    status = parse_status(ctx.incoming.text)
    if status is None:
        ctx.say(ctx.t("report.bad_status"))
        ask_status(ctx)
        return
    set_status(ctx, status)


def typed_text(ctx: Context) -> None:
    """What was done, with an optional percent; a photo or file now is evidence."""
    if ctx.incoming.attachment is not None:
        if add_evidence(ctx):
            count = len(ctx.state.data["evidence"])
            ask_text(ctx, ctx.t("report.evidence_taken", count=count) + "\n")
        return
    take_text(ctx, ctx.incoming.text)


@router.choice("rt", roles=REPORTERS)
def skip_text(ctx: Context, argument: str) -> None:
    """No text for a measure not started."""
    if ctx.state.name != TEXT:
        ctx.say(ctx.t("chat.stale_choice"))
        return
    ctx.state.data.update(text="", percent=None)
    after_text(ctx)


def typed_reason(ctx: Context) -> None:
    """Why a done measure has no evidence."""
    if ctx.incoming.attachment is not None:
        ctx.state.name = EVIDENCE
        got_evidence(ctx)
        return
    reason = ctx.incoming.text.strip()
    if not reason:
        ctx.say(ctx.t("report.ask_reason"))
        return
    ctx.state.data["reason"] = reason
    review(ctx)


def got_evidence(ctx: Context) -> None:
    """A photo, a file or a link arrived as evidence."""
    if add_evidence(ctx):
        drop_refused(ctx)  # what an earlier file turned out to be, said now
        data = ctx.state.data
        ctx.say(
            ctx.t("report.evidence_added", count=len(data["evidence"]), name=data["names"][-1]),
            evidence_options(ctx),
        )
    elif ctx.incoming.attachment is None and not URL.search(ctx.incoming.text):
        ctx.say(ctx.t("report.evidence_what"), evidence_options(ctx))


@router.choice("rx", roles=REPORTERS)
def remove_evidence(ctx: Context, argument: str) -> None:
    """Remove one piece of evidence from the report being changed."""
    data = ctx.state.data
    if ctx.state.name != EVIDENCE or not argument.isdigit():
        ctx.say(ctx.t("chat.stale_choice"))
        return
    index = int(argument)
    if index >= len(data["evidence"]):
        ctx.say(ctx.t("chat.stale_choice"))
        return
    data["evidence"].pop(index)
    name = data["names"].pop(index)
    ask_evidence(ctx, ctx.t("report.evidence_removed", name=name) + "\n")


@router.choice("re", roles=REPORTERS)
def evidence_done(ctx: Context, argument: str) -> None:
    """Evidence finished, or none to give."""
    if ctx.state.name not in (EVIDENCE, CONFIRM):
        ctx.say(ctx.t("chat.stale_choice"))
        return
    review(ctx)


@router.choice("rf", roles=REPORTERS)
def change_field(ctx: Context, argument: str) -> None:
    """Change one field of the report from its summary."""
    if ctx.state.name not in DRAFT_STEPS or not ctx.state.data.get("review"):
        ctx.say(ctx.t("chat.stale_choice"))
        return
    if argument == "status":
        ask_status(ctx)
    elif argument == "text":
        ask_text(ctx)
    elif argument == "evidence":
        ask_evidence(ctx)
    elif argument == "suggest":
        ask_suggestion(ctx)
    elif argument == "nosuggest":
        ctx.state.data["suggestion"] = ""
        review(ctx)
    else:
        review(ctx)


def typed_suggestion(ctx: Context) -> None:
    """Problems and suggestions were typed."""
    text = ctx.incoming.text.strip()
    if not text:
        ask_suggestion(ctx)
        return
    ctx.state.data["suggestion"] = text
    review(ctx)


@router.choice("rc", roles=REPORTERS)
def confirmed(ctx: Context, argument: str) -> None:
    """Save the report (once, however often the button is tapped)."""
    if ctx.state.name != CONFIRM:
        ctx.say(ctx.t("report.already_saved"))
        return
    if argument != "yes":
        ctx.state.clear()
        ctx.say(ctx.t("chat.cancelled"))
        return
    if drop_refused(ctx):  # it turned out unusable after the summary was shown
        ask_evidence(ctx, ctx.t("evidence.send_another") + "\n")
        return
    save(ctx, dict(ctx.state.data))
    ctx.state.clear()


def typed_at_confirm(ctx: Context) -> None:
    """At the summary: "ยืนยัน" saves, evidence is added, other text replaces the result."""
    incoming = ctx.incoming
    if is_confirmation(incoming.text):
        confirmed(ctx, "yes")
        return
    if incoming.attachment is not None or "://" in incoming.text:
        if add_evidence(ctx):
            count = len(ctx.state.data["evidence"])
            ask_confirm(ctx, ctx.t("report.evidence_taken", count=count) + "\n")
        return
    if incoming.text.strip():
        take_text(ctx, incoming.text)
        return
    ask_confirm(ctx)


@router.choice("rd", roles=REPORTERS)
def draft_choice(ctx: Context, argument: str) -> None:
    """Resume the kept draft, or drop it and run the command that was waiting."""
    if ctx.state.name != DRAFT:
        ctx.say(ctx.t("chat.stale_choice"))
        return
    waiting = ctx.state.data
    if argument == "keep":
        ctx.state.name, ctx.state.data = waiting["draft"]["name"], waiting["draft"]["data"]
        resume(ctx)
        return
    ctx.state.clear()
    ctx.say(ctx.t("report.draft_dropped"))
    command, argument = str(waiting["command"]), str(waiting["argument"])
    if command == "none":  # the draft timed out; dropping it was all that was asked
        return
    runners = {"report": start_report, "measure": chosen_measure, "amend": amend}
    runners[command](ctx, argument)


def typed_at_draft(ctx: Context) -> None:
    """Anything else typed while the question is open: ask again."""
    waiting = ctx.state.data
    ask_about_draft(ctx, str(waiting["command"]), str(waiting["argument"]))


router.conversation(
    {
        MEASURE: typed_measure,  # a measure number typed instead of tapped
        STATUS: typed_status,  # a status word
        TEXT: typed_text,  # what was done (with a percent), or a photo or file as evidence
        EVIDENCE: got_evidence,  # photos, files, links; "re:" ends the step
        REASON: typed_reason,  # why a done measure has no evidence
        CONFIRM: typed_at_confirm,  # "ยืนยัน" saves; evidence adds; other text replaces
        SUGGEST: typed_suggestion,  # problems and suggestions (optional)
        DRAFT: typed_at_draft,  # keep or drop the open draft? asked again
    }
)
