"""Plan previews: create from a file, read, update, cancel, and save exactly once."""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from pathlib import Path

from bot.domain.model import Person
from bot.plan.preview import PlanPreview, effective_plan, preview_from_json, preview_to_json
from bot.plan.preview import problems as preview_problems
from bot.plan.service import PlanRejected, read_plan_file, save_import, to_measure
from bot.store import audit
from bot.store.plans import ClaimGone, PlanSave, natural_keys
from bot.store.previews import preview_key
from bot.store.redis_store import Pipeline, RedisStore

PREVIEW_SECONDS = 3600


class PreviewGone(Exception):
    """The preview expired, was cancelled or was saved already."""


def preview_file(store: RedisStore, person: Person, path: Path, file_name: str) -> PlanPreview:
    """Read a plan file (PlanImportError when it cannot be read) and keep it as a preview."""
    plan = read_plan_file(path, store.require_org(person.org_id), name=file_name)
    preview = PlanPreview(secrets.token_hex(6), person.org_id, person.id, file_name, plan)
    put_preview(store, preview)
    return preview


def put_preview(store: RedisStore, preview: PlanPreview) -> None:
    """Store (or update) a preview for an hour from now."""
    raw = json.dumps(preview_to_json(preview), ensure_ascii=False, separators=(",", ":"))
    store.previews.put(preview.org_id, preview.token, raw, PREVIEW_SECONDS)


def get_preview(store: RedisStore, org_id: str, token: str) -> PlanPreview | None:
    """Return a preview of this organisation, or None when it expired or never was."""
    if not token.isalnum():
        return None
    raw = store.previews.get(org_id, token)
    return preview_from_json(json.loads(raw)) if raw else None


def cancel_preview(store: RedisStore, org_id: str, token: str) -> bool:
    """Forget a preview; False when it was gone already."""
    return store.previews.delete(org_id, token) if token.isalnum() else False


def stored_numbers(store: RedisStore, org_id: str, preview: PlanPreview) -> list[int | None]:
    """Per row, the number of the stored (or archived) measure it will update, else None."""
    plan = effective_plan(preview)
    measures = [to_measure(m, plan.fiscal_year) for m in plan.measures]
    if not measures:
        return []
    return store.previews.numbers_by_key(org_id, natural_keys(measures))


def save_preview(store: RedisStore, preview: PlanPreview, actor: str, at: datetime) -> PlanSave:
    """Save a preview once: PreviewGone if it is gone (or saved by a second tap), PlanRejected
    if problems remain. The plan, the preview's removal and the audit entry are one transaction.
    """
    plan = effective_plan(preview)
    found = preview_problems(preview)
    if found:
        raise PlanRejected(plan, found)

    def log(pipe: Pipeline, saved: PlanSave) -> None:
        audit.record(
            pipe, preview.org_id, actor, "import", preview.file_name, None,
            {
                "mode": preview.mode, "measures": len(saved.measures), "created": saved.created,
                "updated": saved.updated, "archived": saved.archived, "restored": saved.restored,
            },
            at=at,
        )  # fmt: skip

    try:
        return save_import(
            store, preview.org_id, plan, at=at, replace_all=preview.mode == "replace",
            actor=actor, claim=preview_key(preview.org_id, preview.token), after=log,
        )  # fmt: skip
    except ClaimGone as exc:
        raise PreviewGone(preview.token) from exc
