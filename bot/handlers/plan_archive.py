"""Undo a plan save (ย้อนแผน) and archive or restore one measure, each after a confirmation."""

from __future__ import annotations

from collections.abc import Callable

from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.model import Measure, Role
from bot.domain.thai import BANGKOK
from bot.plan.preview_file import date_text
from bot.store import audit
from bot.store.plan_versions import PlanRestore, describe_version
from bot.store.plans import Pipeline

router = Router()  # this module's table, merged by bot.handlers.build_router

EDITORS = {Role.SECRETARY, Role.ADMIN}


def _stamp(ctx: Context) -> str:
    """The newest kept version's time as a short token, so a stale confirmation is refused."""
    versions = ctx.store.plan_versions(ctx.person.org_id)
    return str(int(versions[0].at.timestamp() * 1000)) if versions else ""


@router.command("ย้อนแผน", "/undoplan", "undo plan", roles=EDITORS)
def undo_plan(ctx: Context, rest: str) -> None:
    """Offer to go back to the plan before the last save."""
    versions = ctx.store.plan_versions(ctx.person.org_id)
    if not versions:
        ctx.say(ctx.t("setup.undo.none"))
        return
    version = versions[0]
    kept = set(version.ids)
    added = sum(1 for m in ctx.store.measures(ctx.person.org_id) if m.id not in kept)
    at = version.at.astimezone(BANGKOK)
    ctx.say(
        ctx.t(
            "setup.undo.ask", when=f"{date_text(at.date(), ctx.lang)} {at:%H:%M}",
            count=len(version.ids), added=added,
        ),
        [ctx.option("setup.undo.button", f"undo:{_stamp(ctx)}"),
         ctx.option("chat.cancel_button", "undo:no")],
    )  # fmt: skip


@router.choice("undo", roles=EDITORS)
def undo_confirmed(ctx: Context, argument: str) -> None:
    """Go back to the previous version, if it is still the one that was offered."""
    if argument == "no":
        ctx.say(ctx.t("chat.cancelled"))
        return
    stamp = _stamp(ctx)
    if not stamp:
        ctx.say(ctx.t("setup.undo.none"))
        return
    if stamp != argument:
        ctx.say(ctx.t("setup.undo.stale"))
        return
    org_id, actor = ctx.person.org_id, ctx.person.id

    def log(pipe: Pipeline, result: PlanRestore) -> None:
        audit.record(
            pipe, org_id, actor, "undo_plan", "plan", None,
            {**describe_version(result.version), "archived": result.archived},
            at=ctx.now,
        )  # fmt: skip

    done = ctx.store.restore_previous_plan(org_id, actor=actor, at=ctx.now, after=log)
    if done is None:
        ctx.say(ctx.t("setup.undo.none"))
        return
    ctx.say(ctx.t("setup.undo.done", count=done.restored, archived=done.archived))


def _number(ctx: Context, rest: str, how: str) -> int | None:
    word = rest.split()[0] if rest.split() else ""
    if not word.isdigit():
        ctx.say(ctx.t(how))
        return None
    return int(word)


def _log_move(ctx: Context, action: str) -> Callable[[Pipeline, Measure], None]:
    def log(pipe: Pipeline, m: Measure) -> None:
        audit.record(
            pipe, ctx.person.org_id, ctx.person.id, action, f"measure {m.number}",
            None, {"id": m.id, "title": m.title}, at=ctx.now,
        )  # fmt: skip

    return log


@router.command("เก็บมาตรการ", "/archive", "archive measure", roles=EDITORS)
def archive(ctx: Context, rest: str) -> None:
    """Offer to archive a measure: "เก็บมาตรการ 12"; alone, list the archived ones."""
    org_id = ctx.person.org_id
    if not rest.strip():
        away = ctx.store.archived_measures(org_id)
        items = "\n".join(f"• {m.number} {m.title[:80]}" for m in away)
        listed = "setup.archive.list" if away else "setup.archive.list_none"
        ctx.say(ctx.t(listed, items=items) + "\n\n" + ctx.t("setup.archive.how"))
        return
    number = _number(ctx, rest, "setup.archive.how")
    if number is None:
        return
    m = ctx.store.measure_by_number(org_id, number)
    if m is None:
        gone = ctx.store.archived_by_number(org_id, number)
        ctx.say(ctx.t("setup.archive.already" if gone else "setup.archive.missing", number=number))
        return
    ctx.say(
        ctx.t("setup.archive.ask", number=m.number, title=m.title[:200]),
        [ctx.option("setup.archive.button", f"arch:{m.id}"),
         ctx.option("chat.cancel_button", "arch:no")],
    )  # fmt: skip


@router.choice("arch", roles=EDITORS)
def archive_confirmed(ctx: Context, argument: str) -> None:
    """Archive the measure offered; its reports stay."""
    if argument == "no":
        ctx.say(ctx.t("chat.cancelled"))
        return
    done = ctx.store.archive_measure(ctx.person.org_id, argument, after=_log_move(ctx, "archive"))
    if done is None:
        ctx.say(ctx.t("setup.archive.gone"))
        return
    ctx.say(ctx.t("setup.archive.done", number=done.number))


@router.command("คืนมาตรการ", "/restore", "restore measure", roles=EDITORS)
def restore(ctx: Context, rest: str) -> None:
    """Offer to bring an archived measure back: "คืนมาตรการ 12"."""
    org_id = ctx.person.org_id
    number = _number(ctx, rest, "setup.restore.how")
    if number is None:
        return
    m = ctx.store.archived_by_number(org_id, number)
    if m is None:
        active = ctx.store.measure_by_number(org_id, number)
        ctx.say(ctx.t("setup.restore.active" if active else "setup.restore.missing", number=number))
        return
    ctx.say(
        ctx.t("setup.restore.ask", number=m.number, title=m.title[:200]),
        [ctx.option("setup.restore.button", f"unarch:{m.id}"),
         ctx.option("chat.cancel_button", "unarch:no")],
    )  # fmt: skip


@router.choice("unarch", roles=EDITORS)
def restore_confirmed(ctx: Context, argument: str) -> None:
    """Put the archived measure back in the plan."""
    if argument == "no":
        ctx.say(ctx.t("chat.cancelled"))
        return
    done = ctx.store.restore_measure(ctx.person.org_id, argument, after=_log_move(ctx, "restore"))
    if done is None:
        ctx.say(ctx.t("setup.restore.gone"))
        return
    ctx.say(ctx.t("setup.restore.done", number=done.number))
