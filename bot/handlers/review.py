"""The summary before a report is saved: confirm in one tap, or change any field first.

An amendment (``แก้ไข``) starts here from the previous report: its text, percent, evidence,
reason and suggestion are kept unless changed, so one field changes in at most three taps.
"""

from __future__ import annotations

import re
from typing import cast

from bot.chat.context import Context
from bot.chat.messages import Option
from bot.domain.model import Report, Status
from bot.handlers.report_evidence import ask_evidence, drop_refused
from bot.handlers.report_states import CONFIRM, REASON, SUGGEST

_CONFIRM_WORDS = {"ยืนยัน", "ตกลง", "ok", "okay", "โอเค", "yes", "ใช่", "ถูกต้อง", "confirm"}
_POLITE = re.compile(r"(ครับ|ค่ะ|คะ|จ้ะ|จ้า|นะ|ผม|เลย)+$")


def is_confirmation(text: str) -> bool:
    """Whether typed text says "yes, save it" ("ยืนยันครับ", "OK", "ถูกต้องค่ะ")."""
    word = re.sub(r"[\s!.,]+", "", text.lower())
    return _POLITE.sub("", word) in _CONFIRM_WORDS


def amend_from(ctx: Context, base: Report) -> None:
    """Fill the draft with the previous report, which the new one will supersede."""
    names = []
    for evidence_id in base.evidence:
        record = ctx.evidence.get(ctx.person.org_id, evidence_id) if ctx.evidence else {}
        names.append(record.get("name") or record.get("url") or ctx.t("report.photo"))
    ctx.state.data.update(
        status=base.status.value,
        percent=base.percent,
        text=base.text,
        evidence=list(base.evidence),
        names=names,
        reason=base.skip_evidence_reason,
        suggestion=base.suggestion,
        supersedes=base.id,
    )


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
    if data.get("suggestion"):
        lines.append(ctx.t("report.summary_suggestion", text=data["suggestion"]))
    return "\n".join(lines)


def review(ctx: Context) -> None:
    """Show the summary to confirm, first asking why a done measure has no evidence."""
    data = ctx.state.data
    data["review"] = True  # from now on a changed field comes back here
    if drop_refused(ctx):  # a file refused after its download: ask for another first
        ask_evidence(ctx, ctx.t("evidence.send_another") + "\n")
        return
    if data["status"] == Status.DONE.value and not data["evidence"] and not data.get("reason"):
        ctx.state.name = REASON
        ctx.say(ctx.t("report.ask_reason"), [ctx.option("chat.cancel_button", "menu:cancel")])
        return
    ask_confirm(ctx)


def ask_confirm(ctx: Context, prefix: str = "") -> None:
    """Show the summary and ask to confirm, with a button per field that can change."""
    ctx.state.name = CONFIRM
    data = ctx.state.data
    head = ctx.t("report.amending_head") + "\n" if data.get("supersedes") else ""
    options = [
        ctx.option("report.confirm", "rc:yes"),
        ctx.option("report.change_status", "rf:status"),
        ctx.option("report.change_text", "rf:text"),
        ctx.option("report.change_evidence", "rf:evidence", count=len(data["evidence"])),
        ctx.option("report.change_suggestion", "rf:suggest"),
        ctx.option("chat.cancel_button", "rc:no"),
    ]
    ctx.say(
        prefix + head + summary(ctx, data) + "\n\n" + ctx.t("report.ask_confirm"),
        options,
    )


def ask_suggestion(ctx: Context) -> None:
    """Ask for problems and suggestions (optional): the official report's ข้อเสนอแนะ column."""
    ctx.state.name = SUGGEST
    options = [ctx.option("report.keep_field", "rf:back")]
    if ctx.state.data.get("suggestion"):
        options.append(ctx.option("report.clear_suggestion", "rf:nosuggest"))
    ctx.say(ctx.t("report.ask_suggestion"), options)


def next_steps(ctx: Context) -> list[Option]:
    """Return what people usually do after saving a report."""
    return [
        ctx.option("report.next_report", "menu:report"),
        ctx.option("menu.my_measures", "menu:my"),
        ctx.option("report.next_amend", "menu:amend"),
    ]


def save(ctx: Context, data: dict[str, object]) -> Report:
    """Append the report in the step's transaction and answer with its summary."""
    report = Report(
        id=str(data["report_id"]),
        measure_id=str(data["measure"]),
        status=Status(str(data["status"])),
        at=ctx.now,
        person_id=ctx.person.id,
        channel=ctx.incoming.identity.platform,
        # The conversation state holds what the earlier steps stored, with these types.
        percent=cast(int | None, data.get("percent")),
        text=str(data.get("text") or ""),
        evidence=list(cast(list[str], data.get("evidence") or [])),
        skip_evidence_reason=str(data.get("reason") or "") if not data.get("evidence") else "",
        supersedes=cast(str | None, data.get("supersedes")),
        suggestion=str(data.get("suggestion") or ""),
    )
    ctx.store.add_report(ctx.person.org_id, report, pipeline=ctx.pipe)
    if ctx.evidence is not None:  # a file refused after this is explained with a later reply
        ctx.evidence.mark_reported(ctx.pipe, ctx.person.org_id, report.evidence, report.id)
    ctx.store.set_last_report(ctx.person.org_id, ctx.person.id, report, pipeline=ctx.pipe)
    ctx.say(ctx.t("report.saved") + "\n" + summary(ctx, data), next_steps(ctx))
    return report
