""" "รายงาน": choose a measure, a status, say what was done, add evidence, confirm.

The steps are a table of states (below); the summary before saving, where any field can be
changed, is in ``review.py``; an open draft is never dropped without asking (``draft.py``).
"""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.messages import Option
from bot.chat.router import router
from bot.domain.model import Measure, Report, Role, Status
from bot.domain.statuses import PercentError, parse_percent, parse_status
from bot.domain.thai import to_arabic_digits
from bot.handlers.mywork import paged_options, sorted_measures
from bot.store.redis_store import new_id

MEASURE, STATUS, TEXT, EVIDENCE, REASON, CONFIRM, SUGGEST = (
    "report.measure", "report.status", "report.text", "report.evidence", "report.reason",
    "report.confirm", "report.suggest",
)  # fmt: skip
DRAFT_STEPS = {STATUS, TEXT, EVIDENCE, REASON, CONFIRM, SUGGEST}
REPORTERS = {Role.STAFF, Role.SECRETARY, Role.ADMIN}
_URL = re.compile(r"https?://\S+")
MAX_EVIDENCE = 10


def refusal(ctx: Context, measure: Measure | None, number: object) -> str | None:
    """Return why this person may not report on the measure, or None if they may."""
    if measure is None:
        return ctx.t("report.no_such_measure", number=number)
    if ctx.person.has_role(Role.SECRETARY, Role.ADMIN):
        return None
    if not ctx.person.has_role(Role.STAFF):
        return ctx.t("report.not_reporter")
    if ctx.person.division not in measure.divisions:
        return ctx.t(
            "report.other_division",
            number=measure.number,
            divisions=", ".join(measure.divisions),
            division=ctx.person.division,
        )
    return None


def _measure_by_number(ctx: Context, text: str) -> tuple[Measure | None, str]:
    number = to_arabic_digits(text.strip())
    if not number.isdigit():
        return None, number
    return ctx.store.measure_by_number(ctx.person.org_id, int(number)), number


def begin(ctx: Context, measure: Measure, base: Report | None = None) -> None:
    """Start reporting on a measure: ask its status, or review an amendment of ``base``."""
    ctx.state.name = STATUS
    ctx.state.data = {
        "measure": measure.id,
        "number": measure.number,
        "title": measure.title,
        "evidence": [],
        "names": [],
        "supersedes": None,
        "report_id": new_id("r"),
    }
    if base is None:
        ask_status(ctx)
        return
    from bot.handlers.review import amend_from, review

    amend_from(ctx, base)
    review(ctx)


def ask_status(ctx: Context) -> None:
    """Ask which status the measure is in."""
    data = ctx.state.data
    ctx.state.name = STATUS
    options = [ctx.option(f"status.{s.value}", f"rs:{s.value}") for s in Status]
    if data.get("review"):
        options.append(ctx.option("report.keep_field", "rf:back"))  # back to the summary
    else:
        options.append(ctx.option("chat.cancel_button", "menu:cancel"))
    ctx.say(ctx.t("report.ask_status", number=data["number"], title=data["title"]), options)


@router.command("รายงาน", "/report", "report", roles=REPORTERS)
def start_report(ctx: Context, rest: str) -> None:
    """Start the report conversation, or take the one-line shortcut."""
    from bot.handlers.draft import ask_about_draft

    if ask_about_draft(ctx, "report", rest):
        return
    if rest:
        from bot.handlers.quick import shortcut

        shortcut(ctx, rest)
        return
    measures, _ = sorted_measures(ctx)
    if not measures:
        ctx.say(ctx.t("mywork.none"))
        return
    ctx.state.name = MEASURE
    ctx.state.data = {}
    ctx.say(ctx.t("report.ask_measure"), paged_options(ctx, measures, 0, "rm", "rp"))


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
    from bot.handlers.draft import ask_about_draft

    if ask_about_draft(ctx, "measure", argument):
        return
    measure, number = _measure_by_number(ctx, argument)
    if (why := refusal(ctx, measure, number)) is not None:
        ctx.say(why)
        return
    assert measure is not None
    begin(ctx, measure)


@router.state(MEASURE)
def typed_measure(ctx: Context) -> None:
    """A measure number was typed instead of tapped."""
    measure, number = _measure_by_number(ctx, ctx.incoming.text)
    if (why := refusal(ctx, measure, number or ctx.incoming.text[:20])) is not None:
        ctx.say(why + "\n" + ctx.t("report.ask_measure"))
        return
    assert measure is not None
    begin(ctx, measure)


def set_status(ctx: Context, status: Status) -> None:
    """Take the status; go on to the text, or back to the summary when changing a field."""
    data = ctx.state.data
    if data.get("status") != status.value and status is not Status.IN_PROGRESS:
        data["percent"] = None  # a percent belongs to work in progress
    data["status"] = status.value
    if data.get("review"):
        from bot.handlers.review import review

        review(ctx)
        return
    ask_text(ctx)


def ask_text(ctx: Context, prefix: str = "") -> None:
    """Ask what was done (a photo or file sent now is taken as evidence)."""
    ctx.state.name = TEXT
    data = ctx.state.data
    options: list[Option] = []
    if data.get("review"):
        options.append(ctx.option("report.keep_field", "rf:back"))
    elif data.get("status") == Status.NOT_STARTED.value:
        options.append(ctx.option("report.skip_text", "rt:skip"))
    options.append(ctx.option("chat.cancel_button", "menu:cancel"))
    ctx.say(prefix + ctx.t("report.ask_text"), options)


@router.choice("rs", roles=REPORTERS)
def chosen_status(ctx: Context, argument: str) -> None:
    """A status was tapped (also from the summary, to change it)."""
    if ctx.state.name not in (STATUS, CONFIRM) or argument not in Status.__members__.values():
        ctx.say(ctx.t("chat.stale_choice"))
        return
    set_status(ctx, Status(argument))


@router.state(STATUS)
def typed_status(ctx: Context) -> None:
    """A status was typed."""
    status = parse_status(ctx.incoming.text)
    if status is None:
        ctx.say(ctx.t("report.bad_status"))
        ask_status(ctx)
        return
    set_status(ctx, status)


@router.state(TEXT)
def typed_text(ctx: Context) -> None:
    """What was done, with an optional percent; a photo or file now is evidence."""
    from bot.handlers.report_evidence import add_evidence

    if ctx.incoming.attachment is not None:
        if add_evidence(ctx):
            count = len(ctx.state.data["evidence"])
            ask_text(ctx, ctx.t("report.evidence_taken", count=count) + "\n")
        return
    take_text(ctx, ctx.incoming.text)


def take_text(ctx: Context, typed: str) -> None:
    """Store the result text (refusing a percent outside 0-100), then move on."""
    data = ctx.state.data
    try:
        percent, text = parse_percent(typed)
    except PercentError as error:
        ctx.say(ctx.t("report.bad_percent", value=error.text))
        return
    if percent is not None:
        data["percent"] = percent
    if not text:
        ask_text(ctx)  # a percent alone does not say what was done
        return
    data["text"] = text
    after_text(ctx)


def after_text(ctx: Context) -> None:
    """Go to the evidence step, or to the summary when evidence came already."""
    data = ctx.state.data
    if data.get("review") or data["evidence"]:
        from bot.handlers.review import review

        review(ctx)
        return
    from bot.handlers.report_evidence import ask_evidence

    ask_evidence(ctx)


@router.choice("rt", roles=REPORTERS)
def skip_text(ctx: Context, argument: str) -> None:
    """No text for a measure not started."""
    if ctx.state.name != TEXT:
        ctx.say(ctx.t("chat.stale_choice"))
        return
    ctx.state.data.update(text="", percent=None)
    after_text(ctx)


@router.state(REASON)
def typed_reason(ctx: Context) -> None:
    """Why a done measure has no evidence."""
    if ctx.incoming.attachment is not None:
        from bot.handlers.report_evidence import got_evidence

        ctx.state.name = EVIDENCE
        got_evidence(ctx)
        return
    reason = ctx.incoming.text.strip()
    if not reason:
        ctx.say(ctx.t("report.ask_reason"))
        return
    ctx.state.data["reason"] = reason
    from bot.handlers.review import review

    review(ctx)
