"""Memos on the dashboard: where each memo is, the chain, header settings, signatures, files."""

from __future__ import annotations

import io

from flask import Response, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot.memo.card import chain_lines, number_label, period_label, status_text
from bot.memo.chain import default_position
from bot.memo.model import MAX_STEPS, ROLE_PREFIX, ChainStep
from bot.memo.service import MEDIA_TYPES, bundle, memo_filename, render_bundle
from bot.store.memos import MAX_SIGNATURE
from bot.texts import t
from bot.web.app_services import services
from bot.web.dashboard.access import EDITORS, READERS, make_blueprint, requires, viewer

bp = make_blueprint("dash_memos", __name__)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SETTING_FIELDS = ("division", "province", "phone", "prefix", "addressee", "writer_position")
ROLE_CHOICES = ("chief", "secretary")


def memo_file_response(org_id: str, memo_id: str, fmt: str) -> Response:
    """Render a memo (PDF or DOCX, attachment included) or its publication pack (ZIP)."""
    s = services()
    memo = s.store.memos.get(org_id, memo_id)
    if memo is None or fmt not in MEDIA_TYPES:
        abort(404)
    now = s.runtime.clock()
    if fmt == "zip":
        from bot.memo.pack import build_pack, pack_name

        data, name = build_pack(s.store, s.core.evidence, memo, now), pack_name(memo)
    else:
        data = render_bundle(bundle(s.store, s.core.evidence, memo, now), fmt)
        name = memo_filename(memo, fmt)
    response = Response(data, mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _page(error: str = "", status: int = 200) -> ResponseReturnValue:
    v = viewer()
    store = services().store
    memos = store.memos
    people = store.people(v.org.id)
    names = {p.id: p.name for p in people}
    rows = [
        {
            "id": m.id,
            "period": period_label(m, v.lang),
            "number": number_label(m, memos.settings(v.org.id)),
            "version": m.version,
            "status": status_text(m, names, v.lang),
            "steps": chain_lines(m, names, v.lang),
        }
        for m in memos.recent(v.org.id, 20)
    ]
    chain = memos.chain(v.org.id)
    blank = ChainStep("", "", "")
    steps = (chain + [blank] * MAX_STEPS)[: max(len(chain) + 2, 4)][:MAX_STEPS]
    choices = [(ROLE_PREFIX + r, t(f"memo.dash.role.{r}", v.lang)) for r in ROLE_CHOICES]
    choices += [(p.id, p.name) for p in people]
    signers = [p for p in people if p.roles != ["staff"]]
    return render_template(
        "dashboard/memos.html",
        rows=rows,
        steps=steps,
        choices=choices,
        settings=memos.settings(v.org.id),
        fields=SETTING_FIELDS,
        signers=[(p, memos.signature(v.org.id, p.id) is not None) for p in signers],
        max_kb=MAX_SIGNATURE // 1024,
        error=error,
    ), status


@bp.get("/memos")
@requires(*READERS)
def memos_page() -> ResponseReturnValue:
    """Every memo with where it is, downloads, the chain and the header settings."""
    return _page()


@bp.get("/memos/<memo_id>.<fmt>")
@requires(*READERS)
def memo_download(memo_id: str, fmt: str) -> ResponseReturnValue:
    """Download a memo as PDF or DOCX, or its publication pack."""
    return memo_file_response(viewer().org.id, memo_id, fmt)


@bp.post("/memos/chain")
@requires(*EDITORS)
def save_chain() -> ResponseReturnValue:
    """Replace the chain with the rows filled in (title, who, printed position)."""
    v = viewer()
    store = services().store
    known = {p.id for p in store.people(v.org.id)} | {ROLE_PREFIX + r for r in ROLE_CHOICES}
    roles = request.form.getlist("role")
    people = request.form.getlist("person")
    positions = request.form.getlist("position")
    steps = []
    for role, person, position in zip(roles, people, positions, strict=False):
        role, position = role.strip()[:80], position.strip()[:120]
        if not role and not person:
            continue
        if not role or person not in known:
            return _page(t("memo.dash.bad_step", v.lang, role=role or "-"), 400)
        steps.append(ChainStep(role, person, position or default_position(role, v.org.name)))
    if not steps or len(steps) > MAX_STEPS:
        return _page(t("memo.dash.chain_count", v.lang, limit=MAX_STEPS), 400)
    store.memos.set_chain(v.org.id, steps, v.person.id, services().runtime.clock())
    return redirect(url_for("dash_memos.memos_page", saved=1))


@bp.post("/memos/settings")
@requires(*EDITORS)
def save_settings() -> ResponseReturnValue:
    """Save the memo's header: ส่วนราชการ, province, telephone, number prefix, เรียน."""
    v = viewer()
    memos = services().store.memos
    values = {name: request.form.get(name, "").strip() for name in SETTING_FIELDS}
    if any(len(value) > 120 for value in values.values()):
        return _page(t("memo.dash.too_long", v.lang, limit=120), 400)
    if not values["division"]:
        return _page(t("memo.dash.needs_division", v.lang), 400)
    settings = memos.settings(v.org.id)
    for name, value in values.items():
        setattr(settings, name, value)
    memos.set_settings(v.org.id, settings, v.person.id, services().runtime.clock())
    return redirect(url_for("dash_memos.memos_page", saved=1))


def signature_problem(data: bytes, lang: str) -> str | None:
    """Return why an upload is not a usable signature PNG, or None when it is."""
    if len(data) > MAX_SIGNATURE:
        return t("memo.dash.sig_too_big", lang, kb=MAX_SIGNATURE // 1024, size=len(data) // 1024)
    if not data.startswith(PNG_MAGIC):
        return t("memo.dash.sig_not_png", lang)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return t("memo.dash.sig_not_png", lang)
    if not (20 <= width <= 3000 and 10 <= height <= 1500):
        return t("memo.dash.sig_size", lang, width=width, height=height)
    return None


@bp.post("/memos/signature")
@requires(*EDITORS)
def upload_signature() -> ResponseReturnValue:
    """Store (or remove) a person's signature PNG, printed above their name."""
    v = viewer()
    store = services().store
    person = store.get_person(v.org.id, request.form.get("person", ""))
    if person is None:
        abort(404)
    memos = store.memos
    now = services().runtime.clock()
    if request.form.get("remove"):
        memos.set_signature(v.org.id, person.id, None, v.person.id, now)
        return redirect(url_for("dash_memos.memos_page", saved=1))
    upload = request.files.get("file")
    data = upload.read(MAX_SIGNATURE + 1) if upload is not None else b""
    if not data:
        return _page(t("memo.dash.sig_missing", v.lang), 400)
    problem = signature_problem(data, v.lang)
    if problem:
        return _page(problem, 400)
    memos.set_signature(v.org.id, person.id, data, v.person.id, now)
    return redirect(url_for("dash_memos.memos_page", saved=1))
