"""A plan file sent in chat: read it, show every measure page by page with a preview file,
then save it (added to the plan or replacing it) once, or drop it."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.app.config import Config
from bot.chat.context import Context
from bot.chat.messages import Attachment, File, Kind, Option, Reply, Text, TooLarge
from bot.chat.router import Router
from bot.domain.file_links import file_url
from bot.domain.model import Person, Role
from bot.domain.thai import fiscal_year_of
from bot.plan.preview import (
    PlanPreview,
    effective_plan,
    plan_fiscal_year,
    plan_notes,
    problems,
    row_notes,
)
from bot.plan.preview_file import date_text
from bot.plan.previews import (
    PreviewGone,
    cancel_preview,
    get_preview,
    preview_file,
    save_preview,
    stored_numbers,
)
from bot.plan.rows import PlanImport, PlanImportError
from bot.plan.service import READERS, PlanRejected
from bot.store.redis_store import RedisStore
from bot.texts import t

router = Router()  # this module's table, merged by bot.handlers.build_router

log = logging.getLogger(__name__)
EDITORS = {Role.SECRETARY, Role.ADMIN}
PLAN_TYPES = {suffix.lstrip(".") for suffix in READERS}
PAGE_SIZE = 8
TITLE_CHARS = 140


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


def take_plan_file(ctx: Context) -> bool:
    """Receive a plan file sent outside any conversation (a fallback); True if it was one."""
    if not is_plan_file(ctx):
        return False
    receive_plan_file(ctx)
    return True


def receive_plan_file(ctx: Context) -> None:
    """Fetch the file in the background, read it into a preview, and push the preview."""
    att = ctx.incoming.attachment
    assert att is not None and ctx.evidence is not None
    notify: Callable[[Person, list[Reply]], object] | None = ctx.notify
    fetch = ctx.evidence.fetcher(ctx.incoming.identity.address)
    if fetch is None or notify is None:
        ctx.say(ctx.t("setup.plan_unavailable"))
        return
    person, store, config, today = ctx.person, ctx.store, ctx.config, ctx.today

    def work() -> None:
        notify(person, read_and_preview(store, config, person, att, fetch, today))

    service = ctx.evidence
    ctx.after_commit.append(lambda: service.background(work))
    ctx.say(ctx.t("setup.plan_reading", name=att.file_name))


def read_and_preview(
    store: RedisStore,
    config: Config,
    person: Person,
    att: Attachment,
    fetch: Callable[[Attachment], bytes],
    today: date,
) -> list[Reply]:
    """Download a plan file, read it into a stored preview, and return its first page."""
    # The reader names the file in its messages: keep the name, never its folders.
    name = att.file_name.replace("\\", "/").rsplit("/", 1)[-1].lstrip(".") or "plan"
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(fetch(att))
            preview = preview_file(store, person, path, att.file_name)
    except PlanImportError as exc:
        return [Text(exc.message)]
    except TooLarge as exc:  # refused before (or while) downloading: never written whole
        limit = f"{exc.limit // (1024 * 1024)} MB"
        return [Text(t("setup.plan_too_big", person.language, name=name, limit=limit))]
    except Exception:
        log.exception("plan preview failed")
        return [Text(t("setup.plan_failed", person.language))]
    return preview_replies(store, config, preview, 1, person.language, today)


def _row_text(
    plan: PlanImport, numbers: list[int | None], notes: list[list[str]], i: int, lang: str
) -> str:
    m = plan.measures[i]
    number = numbers[i] if i < len(numbers) else None
    known = t("setup.preview.row_known", lang, number=number) if number else ""
    title = m.title if len(m.title) <= TITLE_CHARS else m.title[: TITLE_CHARS - 1] + "…"
    text = t(
        "setup.preview.row", lang, index=i + 1,
        number=known or t("setup.preview.row_new", lang), title=title or "-",
        divisions=", ".join(m.divisions) or "-", start=date_text(m.start, lang),
        end=date_text(m.end, lang),
        status=t("setup.preview.row_status", lang, status=t(f"status.{m.status.value}", lang))
        if m.status else "",
    )  # fmt: skip
    mine = notes[i] + m.warnings
    return text + (t("setup.preview.row_notes", lang, notes="; ".join(mine)) if mine else "")


def preview_replies(
    store: RedisStore, config: Config, preview: PlanPreview, page: int, lang: str, today: date
) -> list[Reply]:
    """One page of the preview's measures, what to check, the choices and the preview file."""
    plan = effective_plan(preview)
    numbers = stored_numbers(store, preview.org_id, preview)
    pages = max(1, -(-len(plan.measures) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    head = t(
        "setup.preview.head", lang, name=preview.file_name, count=len(plan.measures),
        year=plan_fiscal_year(plan) or t("setup.preview.year_unknown", lang),
    )  # fmt: skip
    first = (page - 1) * PAGE_SIZE
    shown = range(first, min(first + PAGE_SIZE, len(plan.measures)))
    notes_by_row = row_notes(plan, lang)
    rows = [_row_text(plan, numbers, notes_by_row, i, lang) for i in shown]
    listing = "\n".join([head, *rows, t("setup.preview.page", lang, page=page, pages=pages)])
    token = preview.token
    nav = []
    if page > 1:
        nav.append(Option(t("setup.preview.prev_button", lang), f"plan:page-{token}-{page - 1}"))
    if page < pages:
        nav.append(Option(t("setup.preview.next_button", lang), f"plan:page-{token}-{page + 1}"))
    notes = plan_notes(preview, fiscal_year_of(today), lang) + plan.warnings
    found = problems(preview)
    lines = [t("setup.preview.notes_head", lang), *[f"- {n}" for n in notes]] if notes else []
    if found:
        lines += [t("plan.rejected", lang, count=len(found)), *[f"- {p}" for p in found]]
        lines += ["", t("setup.preview.fix_first", lang)]
        choices = [*nav, Option(t("chat.cancel_button", lang), f"plan:no-{token}")]
    else:
        active = {m.number for m in store.measures(preview.org_id)}
        absent = len(active - {n for n in numbers if n})
        lines += ["", t("setup.preview.ask", lang, absent=absent)]
        choices = [
            Option(t("setup.preview.add_button", lang), f"plan:add-{token}"),
            Option(t("setup.preview.replace_button", lang), f"plan:replace-{token}"),
            *nav,
            Option(t("chat.cancel_button", lang), f"plan:no-{token}"),
        ]
    url = file_url(config, kind="plan_preview", org=preview.org_id, token=token, lang=lang)
    page_url = f"{config.public_url.rstrip('/')}/dash/plan/import/{token}"
    lines += ["", t("setup.preview.on_dashboard", lang, url=page_url)]
    # The choices go last: LINE shows quick replies only under the last message.
    return [
        Text(listing),
        Text(t("setup.preview.file_note", lang)),
        File(url, t("setup.preview.file_name", lang)),
        Text("\n".join(lines).strip(), tuple(choices)),
    ]


@router.choice("plan", roles=EDITORS)
def plan_choice(ctx: Context, argument: str) -> None:
    """Turn a page, save the preview (added or replacing), or drop it."""
    action, _, rest = argument.partition("-")
    token, _, page = rest.partition("-")
    org_id = ctx.person.org_id
    if action == "no":
        done = cancel_preview(ctx.store, org_id, token)
        ctx.say(ctx.t("setup.plan_cancelled" if done else "setup.plan_expired"))
        return
    preview = get_preview(ctx.store, org_id, token)
    if preview is None or action not in ("add", "replace", "page"):
        ctx.say(ctx.t("setup.plan_expired"))
        return
    if action == "page":
        number = int(page) if page.isdigit() else 1
        ctx.replies += preview_replies(ctx.store, ctx.config, preview, number, ctx.lang, ctx.today)
        return
    preview.mode = action
    try:
        saved = save_preview(ctx.store, preview, ctx.person.id, ctx.now)
    except PreviewGone:
        ctx.say(ctx.t("setup.plan_expired"))
        return
    except PlanRejected as exc:
        ctx.say(exc.message)
        return
    ctx.say(
        ctx.t(
            "setup.preview.saved", mode=ctx.t(f"setup.preview.mode_{action}"),
            created=saved.created, updated=saved.updated, unchanged=saved.unchanged,
            restored=saved.restored, archived=saved.archived, kept=saved.kept,
        )
    )  # fmt: skip
