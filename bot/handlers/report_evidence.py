"""The evidence step of a report: asking for photos, files and links, and taking them."""

from __future__ import annotations

from bot.chat.context import Context
from bot.chat.evidence import declared_problem
from bot.chat.messages import Kind, Option
from bot.handlers.report_states import EVIDENCE, MAX_EVIDENCE, URL


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
        platform = incoming.identity.address  # the channel it came through fetches it
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
    elif urls := URL.findall(incoming.text):
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
