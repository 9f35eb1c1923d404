"""The report conversation's moves: start on a measure, ask the status and the text, go on.

These ask a step's question or move to the next step; they answer no message themselves
(``report.py`` holds the handlers and the table of states).
"""

from __future__ import annotations

from bot.chat.context import Context
from bot.chat.messages import Option
from bot.domain.model import Measure, Report, Role, Status
from bot.domain.statuses import PercentError, parse_percent
from bot.domain.thai import to_arabic_digits
from bot.handlers.report_evidence import ask_evidence
from bot.handlers.report_states import STATUS, TEXT
from bot.handlers.review import amend_from, review
from bot.store.redis_store import new_id


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


def measure_by_number(ctx: Context, text: str) -> tuple[Measure | None, str]:
    """Return the measure whose number was typed (None if there is none), and the number."""
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


def set_status(ctx: Context, status: Status) -> None:
    """Take the status; go on to the text, or back to the summary when changing a field."""
    data = ctx.state.data
    if data.get("status") != status.value and status is not Status.IN_PROGRESS:
        data["percent"] = None  # a percent belongs to work in progress
    data["status"] = status.value
    if data.get("review"):
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
        review(ctx)
        return
    ask_evidence(ctx)
