"""The secretary sets up the year in chat: the plan file, the reminder policy, holidays."""

from __future__ import annotations

import contextlib
import logging
import secrets
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.audit import record
from bot.chat.context import Context
from bot.chat.messages import Attachment, Kind, Option, Reply, Text
from bot.chat.router import router
from bot.model import Person, Role
from bot.plan.rows import PlanImportError
from bot.plan.service import PlanRejected, describe_outcome, import_plan_file
from bot.reminders.policy import PolicyError, PolicyStore
from bot.reminders.policy_text import describe
from bot.store import keys as k
from bot.store.codec import as_text
from bot.store.redis_store import RedisStore
from bot.texts import t
from bot.thai import format_date_th, parse_thai_date

log = logging.getLogger(__name__)
EDITORS = {Role.SECRETARY, Role.ADMIN}
PLAN_TYPES = {"docx", "xlsx", "csv"}
PENDING_SECONDS = 3600


def is_plan_file(ctx: Context) -> bool:
    """Whether an incoming file is a plan sent by a secretary outside any conversation."""
    att = ctx.incoming.attachment
    return (
        ctx.incoming.kind is Kind.FILE
        and att is not None
        and not ctx.state.name
        and ctx.person.has_role(*EDITORS)
        and att.file_name.rsplit(".", 1)[-1].lower() in PLAN_TYPES
    )


def receive_plan_file(ctx: Context) -> None:
    """Fetch the file in the background, dry-run it, and offer confirm / cancel."""
    att = ctx.incoming.attachment
    assert att is not None and ctx.evidence is not None
    notify: Callable[[Person, list[Reply]], object] | None = ctx.notify
    fetch = ctx.evidence.fetchers.get(ctx.incoming.identity.platform.value)
    if fetch is None or notify is None:
        ctx.say(ctx.t("setup.plan_unavailable"))
        return
    person, store, root = ctx.person, ctx.store, ctx.config.data_dir / "plans"

    def work() -> None:
        notify(person, preview_plan(store, root, person, att, fetch))

    service = ctx.evidence
    ctx.after_commit.append(lambda: service.background(work))
    ctx.say(ctx.t("setup.plan_reading", name=att.file_name))


def preview_plan(
    store: RedisStore,
    root: Path,
    person: Person,
    att: Attachment,
    fetch: Callable[[Attachment], bytes],
) -> list[Reply]:
    """Download and dry-run a plan file; return the preview with confirm / cancel."""
    lang = person.language
    token = secrets.token_hex(6)
    ext = att.file_name.rsplit(".", 1)[-1].lower()
    root.mkdir(parents=True, exist_ok=True)
    _forget_old_files(root)
    path = root / f"{token}.{ext}"
    try:
        path.write_bytes(fetch(att))
        outcome = import_plan_file(store, person.org_id, path, dry_run=True)
    except PlanImportError as exc:
        path.unlink(missing_ok=True)
        return [Text(exc.message)]
    except Exception:
        log.exception("plan preview failed")
        path.unlink(missing_ok=True)
        return [Text(t("setup.plan_failed", lang))]
    store.r.set(
        k.org_key(k.PLAN_PENDING, person.org_id, token=token),
        f"{person.id}|{path}",
        ex=PENDING_SECONDS,
    )
    text = describe_outcome(outcome)
    if outcome.problems:
        path.unlink(missing_ok=True)
        return [Text(text + "\n\n" + t("setup.plan_fix_first", lang))]
    return [
        Text(
            text + "\n\n" + t("setup.plan_ask", lang),
            (
                Option(t("setup.plan_confirm", lang), f"plan:{token}"),
                Option(t("chat.cancel_button", lang), f"plan:no-{token}"),
            ),
        )
    ]


def _forget_old_files(root: Path) -> None:
    """Delete plan files whose preview expired (confirmation never came, or a crash)."""
    cutoff = time.time() - PENDING_SECONDS
    for old in root.iterdir():
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < cutoff:
                old.unlink()


@router.choice("plan", roles=EDITORS)
def plan_choice(ctx: Context, argument: str) -> None:
    """Store the previewed plan, or drop it."""
    cancel = argument.startswith("no-")
    token = argument.removeprefix("no-")
    key = k.org_key(k.PLAN_PENDING, ctx.person.org_id, token=token)
    pending = ctx.store.r.getdel(key)
    if not pending:
        ctx.say(ctx.t("setup.plan_expired"))
        return
    person_id, path_text = as_text(pending).split("|", 1)
    path = Path(path_text)
    if cancel:
        path.unlink(missing_ok=True)
        ctx.say(ctx.t("setup.plan_cancelled"))
        return
    try:
        outcome = import_plan_file(ctx.store, ctx.person.org_id, path)
    except (PlanImportError, PlanRejected) as exc:
        ctx.say(exc.message)
        return
    finally:
        path.unlink(missing_ok=True)
    saved = outcome.saved
    assert saved is not None
    record(
        ctx.pipe,
        ctx.person.org_id,
        ctx.person.id,
        "import",
        path.name,
        None,
        {"measures": len(saved.measures), "created": saved.created, "updated": saved.updated},
        at=ctx.now,
    )
    ctx.say(ctx.t("setup.plan_saved") + "\n" + describe_outcome(outcome))


@router.command("ตั้งค่า", "/policy", "policy", roles=EDITORS)
def policy(ctx: Context, rest: str) -> None:
    """Show the reminder policy, or change it: "ตั้งค่า nudge_day=24"."""
    store = PolicyStore(ctx.store.r)
    before = store.get(ctx.person.org_id)
    if rest:
        try:
            after = store.update(ctx.person.org_id, rest.split())
        except PolicyError as exc:
            ctx.say(str(exc))
            return
        record(
            ctx.pipe,
            ctx.person.org_id,
            ctx.person.id,
            "policy",
            "reminders",
            before.to_json(),
            after.to_json(),
            at=ctx.now,
        )
        ctx.say(ctx.t("setup.policy_saved"))
        before = after
    lines = describe(before, ctx.lang)
    ctx.say(
        ctx.t("setup.policy_head") + "\n" + "\n".join(lines) + "\n\n" + ctx.t("setup.policy_how")
    )


@router.command("วันหยุด", "/holiday", "holiday", roles=EDITORS)
def holidays(ctx: Context, rest: str) -> None:
    """ "วันหยุด เพิ่ม 2 ม.ค. 70 งานประจำปี" / "วันหยุด ลบ 2 ม.ค. 70" / list."""
    store = PolicyStore(ctx.store.r)
    words = rest.split()
    if words and words[0] in ("เพิ่ม", "add", "ลบ", "remove"):
        adding = words[0] in ("เพิ่ม", "add")
        text = " ".join(words[1:])
        day, name = _day_and_name(text, ctx)
        if day is None:
            ctx.say(ctx.t("absence.bad_date", text=text[:40]) + "\n" + ctx.t("setup.holiday_how"))
            return
        if adding:
            store.add_holiday(ctx.person.org_id, day, name, pipeline=ctx.pipe)
        elif not store.remove_holiday(ctx.person.org_id, day):
            ctx.say(ctx.t("setup.holiday_missing", day=format_date_th(day)))
            return
        record(
            ctx.pipe,
            ctx.person.org_id,
            ctx.person.id,
            "holiday",
            day.isoformat(),
            None if adding else day.isoformat(),
            {"name": name} if adding else None,
            at=ctx.now,
        )
        ctx.say(
            ctx.t(
                "setup.holiday_added" if adding else "setup.holiday_removed",
                day=format_date_th(day),
            )
        )
        return
    days = store.holidays(ctx.person.org_id)
    listed = "\n".join(f"• {format_date_th(d)} {n}" for d, n in sorted(days.items()))
    ctx.say((listed or ctx.t("setup.holiday_none")) + "\n\n" + ctx.t("setup.holiday_how"))


def _day_and_name(text: str, ctx: Context) -> tuple[date | None, str]:
    words = text.split()
    for cut in range(min(len(words), 4), 0, -1):
        try:
            return parse_thai_date(" ".join(words[:cut]), today=ctx.today), " ".join(words[cut:])
        except ValueError:
            continue
    return None, ""
