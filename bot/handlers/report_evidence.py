"""The evidence step of a report: photos, files and links; removing one when changing it."""

from __future__ import annotations

from bot.chat.context import Context
from bot.chat.evidence import declared_problem
from bot.chat.messages import Kind, Option
from bot.chat.router import router
from bot.handlers.report import _URL, CONFIRM, EVIDENCE, MAX_EVIDENCE, REPORTERS


def ask_evidence(ctx: Context, prefix: str = "") -> None:
    """Ask for photos, files or links."""
    ctx.state.name = EVIDENCE
    data = ctx.state.data
    key = "report.ask_evidence_done" if data["status"] == "done" else "report.ask_evidence"
    text = prefix + ctx.t(key)
    if data["evidence"]:
        names = "\n".join(f"{i}. {name}" for i, name in enumerate(data["names"], start=1))
        text += "\n\n" + ctx.t("report.evidence_so_far", count=len(data["names"])) + "\n" + names
    ctx.say(text, evidence_options(ctx))


def evidence_options(ctx: Context) -> list[Option]:
    """Return the evidence step's choices (with "remove" ones when changing the summary)."""
    data = ctx.state.data
    has = bool(data["evidence"])
    options = [
        ctx.option(
            "report.evidence_finished" if has else "report.no_evidence",
            "re:done" if has else "re:none",
        )
    ]
    if data.get("review"):
        count = len(data["evidence"])
        options += [ctx.option("report.remove_evidence", f"rx:{i}", n=i + 1) for i in range(count)]
    else:
        options.append(ctx.option("chat.cancel_button", "menu:cancel"))
    return options


def add_evidence(ctx: Context) -> bool:
    """Take the photo, file or link of this message as evidence; say why not if it cannot."""
    incoming, data = ctx.incoming, ctx.state.data
    if len(data["evidence"]) >= MAX_EVIDENCE:
        ctx.say(ctx.t("report.evidence_full", limit=MAX_EVIDENCE), evidence_options(ctx))
        return False
    assert ctx.evidence is not None
    if incoming.attachment is not None:
        problem = declared_problem(incoming.attachment, incoming.kind is Kind.IMAGE)
        if problem:
            ctx.say(ctx.t(problem), evidence_options(ctx))
            return False
        platform = incoming.identity.platform
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
        return False
    data["evidence"].append(evidence_id)
    data["names"].append(name)
    return True


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


@router.state(EVIDENCE)
def got_evidence(ctx: Context) -> None:
    """A photo, a file or a link arrived as evidence."""
    if add_evidence(ctx):
        drop_refused(ctx)  # what an earlier file turned out to be, said now
        data = ctx.state.data
        ctx.say(
            ctx.t("report.evidence_added", count=len(data["evidence"]), name=data["names"][-1]),
            evidence_options(ctx),
        )
    elif ctx.incoming.attachment is None and not _URL.search(ctx.incoming.text):
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
    from bot.handlers.review import review

    review(ctx)
