"""Memos on the dashboard: where each memo is, the chain, header settings, signatures, files."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, abort

from bot.memo.service import MEDIA_TYPES, bundle, memo_filename, render_bundle
from bot.memo.store import MemoStore
from bot.web import services
from bot.web.dashboard.access import make_blueprint

bp = make_blueprint("dash_memos", __name__)


def memo_file_response(org_id: str, memo_id: str, fmt: str) -> Response:
    """Render a memo (PDF or DOCX, attachment included) or its publication pack (ZIP)."""
    s = services()
    memo = MemoStore(s.store.r).get(org_id, memo_id)
    if memo is None or fmt not in MEDIA_TYPES:
        abort(404)
    now = datetime.now(UTC)
    if fmt == "zip":
        from bot.memo.pack import build_pack

        data = build_pack(s.store, s.core.evidence, memo, now)
    else:
        data = render_bundle(bundle(s.store, s.core.evidence, memo, now), fmt)
    response = Response(data, mimetype=MEDIA_TYPES[fmt])
    name = memo_filename(memo, fmt)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
