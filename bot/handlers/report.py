""" "รายงาน": choose a measure, a status, say what was done, add evidence, confirm."""

from __future__ import annotations

import re
from typing import cast

from bot.chat.context import Context
from bot.chat.messages import Kind, Option
from bot.chat.router import router
from bot.evidence import declared_problem
from bot.handlers.mywork import paged_options, sorted_measures
from bot.model import Channel, Measure, Report, Role, Status
from bot.statuses import parse_percent, parse_status
from bot.store import keys as k
from bot.store.codec import dump_report
from bot.store.redis_store import new_id
from bot.thai import to_arabic_digits

MEASURE, STATUS, TEXT, EVIDENCE, REASON, CONFIRM = (
    "report.measure", "report.status", "report.text", "report.evidence", "report.reason",
    "report.confirm",
)  # fmt: skip
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


def begin(ctx: Context, measure: Measure, supersedes: str | None = None) -> None:
    """Start reporting on a measure: ask for its status."""
    ctx.state.name = STATUS
    ctx.state.data = {
        "measure": measure.id,
        "number": measure.number,
        "title": measure.title,
        "evidence": [],
        "names": [],
        "supersedes": supersedes,
        "report_id": new_id("r"),
    }
    ask_status(ctx)


def ask_status(ctx: Context) -> None:
    """Ask which status the measure is in."""
    data = ctx.state.data
    options = [ctx.option(f"status.{s.value}", f"rs:{s.value}") for s in Status]
    options.append(ctx.option("chat.cancel_button", "menu:cancel"))
    ctx.say(ctx.t("report.ask_status", number=data["number"], title=data["title"]), options)


@router.command("รายงาน", "/report", "report", roles=REPORTERS)
def start_report(ctx: Context, rest: str) -> None:
    """Start the report conversation, or take the one-line shortcut."""
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


def _set_status(ctx: Context, status: Status) -> None:
    ctx.state.data["status"] = status.value
    ctx.state.name = TEXT
    options = [ctx.option("report.skip_text", "rt:skip")] if status is Status.NOT_STARTED else []
    options.append(ctx.option("chat.cancel_button", "menu:cancel"))
    ctx.say(ctx.t("report.ask_text"), options)


@router.choice("rs", roles=REPORTERS)
def chosen_status(ctx: Context, argument: str) -> None:
    """A status was tapped."""
    if ctx.state.name != STATUS or argument not in Status.__members__.values():
        ctx.say(ctx.t("chat.stale_choice"))
        return
    _set_status(ctx, Status(argument))


@router.state(STATUS)
def typed_status(ctx: Context) -> None:
    """A status was typed."""
    status = parse_status(ctx.incoming.text)
    if status is None:
        ctx.say(ctx.t("report.bad_status"))
        ask_status(ctx)
        return
    _set_status(ctx, status)


@router.state(TEXT)
def typed_text(ctx: Context) -> None:
    """What was done, with an optional percent."""
    if ctx.incoming.kind is not Kind.TEXT or not ctx.incoming.text.strip():
        ctx.say(ctx.t("report.ask_text"))
        return
    percent, text = parse_percent(ctx.incoming.text)
    ctx.state.data.update(text=text, percent=percent)
    ask_evidence(ctx)


@router.choice("rt", roles=REPORTERS)
def skip_text(ctx: Context, argument: str) -> None:
    """No text for a measure not started."""
    if ctx.state.name != TEXT:
        ctx.say(ctx.t("chat.stale_choice"))
        return
    ctx.state.data.update(text="", percent=None)
    ask_evidence(ctx)


def ask_evidence(ctx: Context) -> None:
    """Ask for photos, files or links."""
    ctx.state.name = EVIDENCE
    done = ctx.state.data["status"] == "done"
    ctx.say(
        ctx.t("report.ask_evidence_done" if done else "report.ask_evidence"), _evidence_options(ctx)
    )


def _evidence_options(ctx: Context) -> list[Option]:
    has = bool(ctx.state.data["evidence"])
    return [
        ctx.option(
            "report.evidence_finished" if has else "report.no_evidence",
            "re:done" if has else "re:none",
        ),
        ctx.option("chat.cancel_button", "menu:cancel"),
    ]


@router.state(EVIDENCE)
def got_evidence(ctx: Context) -> None:
    """A photo, a file or a link arrived as evidence."""
    incoming, data = ctx.incoming, ctx.state.data
    if len(data["evidence"]) >= MAX_EVIDENCE:
        ctx.say(ctx.t("report.evidence_full", limit=MAX_EVIDENCE), _evidence_options(ctx))
        return
    assert ctx.evidence is not None
    if incoming.attachment is not None:
        problem = declared_problem(incoming.attachment, incoming.kind is Kind.IMAGE)
        if problem:
            ctx.say(ctx.t(problem), _evidence_options(ctx))
            return
        platform = incoming.identity.platform.value
        evidence_id = ctx.evidence.add_pending(
            ctx.pipe,
            ctx.person.org_id,
            platform,
            incoming.attachment,
            user=incoming.identity.user_id,
        )
        org_id, att, service = ctx.person.org_id, incoming.attachment, ctx.evidence
        ctx.after_commit.append(lambda: service.fetch_later(org_id, evidence_id, platform, att))
        name = incoming.attachment.file_name or ctx.t("report.photo")
    elif urls := _URL.findall(incoming.text):
        evidence_id = ctx.evidence.add_link(ctx.pipe, ctx.person.org_id, urls[0])
        name = urls[0]
    else:
        ctx.say(ctx.t("report.evidence_what"), _evidence_options(ctx))
        return
    data["evidence"].append(evidence_id)
    data["names"].append(name)
    drop_refused(ctx)
    ctx.say(
        ctx.t("report.evidence_added", count=len(data["evidence"]), name=name),
        _evidence_options(ctx),
    )


@router.choice("re", roles=REPORTERS)
def evidence_done(ctx: Context, argument: str) -> None:
    """Evidence finished, or none to give."""
    if ctx.state.name != EVIDENCE:
        ctx.say(ctx.t("chat.stale_choice"))
        return
    if drop_refused(ctx):
        ctx.say(ctx.t("evidence.send_another"), _evidence_options(ctx))
        return
    if not ctx.state.data["evidence"] and ctx.state.data["status"] == "done":
        ctx.state.name = REASON
        ctx.say(ctx.t("report.ask_reason"), [ctx.option("chat.cancel_button", "menu:cancel")])
        return
    ask_confirm(ctx)


@router.state(REASON)
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
    ask_confirm(ctx)


def drop_refused(ctx: Context) -> bool:
    """Take evidence refused after its download out of the draft, saying which and why."""
    data = ctx.state.data
    if ctx.evidence is None or not data.get("evidence"):
        return False
    refused = ctx.evidence.refused(ctx.person.org_id, list(data["evidence"]))
    for evidence_id, reason in refused:
        at = data["evidence"].index(evidence_id)
        name = data["names"].pop(at)
        data["evidence"].pop(at)
        ctx.say(ctx.t("evidence.refused_in_report", name=name, reason=ctx.t(reason)))
    return bool(refused)


def summary(ctx: Context, data: dict[str, object]) -> str:
    """Return the short summary of a report being made or just saved."""
    percent = f" ({data['percent']}%)" if data.get("percent") is not None else ""
    lines = [
        ctx.t("report.summary_head", number=data["number"], title=data["title"]),
        ctx.t("report.summary_status", status=ctx.t(f"status.{data['status']}") + percent),
    ]
    if data.get("text"):
        lines.append(ctx.t("report.summary_text", text=data["text"]))
    # The conversation state keeps the evidence file names as a list of strings.
    names = cast(list[str], data.get("names") or [])
    if names:
        lines.append(ctx.t("report.summary_evidence", count=len(names), names=", ".join(names)))
    elif data.get("reason"):
        lines.append(ctx.t("report.summary_reason", reason=data["reason"]))
    return "\n".join(lines)


def ask_confirm(ctx: Context) -> None:
    """Show the summary and ask to confirm."""
    ctx.state.name = CONFIRM
    ctx.say(
        summary(ctx, ctx.state.data) + "\n\n" + ctx.t("report.ask_confirm"),
        [ctx.option("report.confirm", "rc:yes"), ctx.option("chat.cancel_button", "rc:no")],
    )


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
    if drop_refused(ctx):  # a file turned out unusable after its download: ask again
        ctx.state.name = EVIDENCE
        ctx.say(ctx.t("evidence.send_another"), _evidence_options(ctx))
        return
    save(ctx, dict(ctx.state.data))
    ctx.state.clear()


@router.state(CONFIRM)
def typed_confirm(ctx: Context) -> None:
    """Typed "ยืนยัน"/"ok" at the confirm step."""
    if ctx.incoming.text.strip().lower() in {"ยืนยัน", "ตกลง", "ok", "yes", "ใช่"}:
        confirmed(ctx, "yes")
    else:
        ask_confirm(ctx)


def save(ctx: Context, data: dict[str, object]) -> Report:
    """Append the report in the step's transaction and answer with its summary."""
    report = Report(
        id=str(data["report_id"]),
        measure_id=str(data["measure"]),
        status=Status(str(data["status"])),
        at=ctx.now,
        person_id=ctx.person.id,
        channel=Channel(ctx.incoming.identity.platform.value),
        # The conversation state holds what the earlier steps stored, with these types.
        percent=cast(int | None, data.get("percent")),
        text=str(data.get("text") or ""),
        evidence=list(cast(list[str], data.get("evidence") or [])),
        skip_evidence_reason=str(data.get("reason") or ""),
        supersedes=cast(str | None, data.get("supersedes")),
    )
    ctx.store.add_report(ctx.person.org_id, report, pipeline=ctx.pipe)
    if ctx.evidence is not None:  # a file refused after this is explained with a later reply
        ctx.evidence.mark_reported(ctx.pipe, ctx.person.org_id, report.evidence, report.id)
    last_key = k.org_key(k.LAST_REPORT, ctx.person.org_id, person=ctx.person.id)
    ctx.pipe.set(last_key, dump_report(report))
    ctx.say(ctx.t("report.saved") + "\n" + summary(ctx, data))
    return report
