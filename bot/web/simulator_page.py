"""The chat simulator in the browser: pick a persona and chat with the real core."""

from __future__ import annotations

import json
from collections.abc import Iterator

import redis
from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from werkzeug.exceptions import RequestEntityTooLarge

from bot.chat.evidence import MAX_BYTES
from bot.chat.messages import Identity, Incoming, Kind, Platform
from bot.domain.province import province_scope
from bot.platforms.simulator.platform import PLATFORM, persona_of, reply_json
from bot.store.channels import ChannelStore
from bot.texts import t
from bot.web.app_services import services

bp = Blueprint("simulator", __name__)
UPLOAD_MARGIN = 64 * 1024  # the form fields around the file


def _channels() -> ChannelStore:
    """The runtime's channel records (the demo's organisations' simulated OAs among them)."""
    runtime = services().runtime
    assert runtime.channels is not None  # build_runtime always makes them
    return runtime.channels.channels


def _oa(channel_id: str) -> dict[str, str]:
    """What the page shows of the OA a persona chats with: its name and its basic id."""
    record = _channels().get(channel_id, Platform.SIMULATOR) if channel_id else None
    if record is None:
        return {"channel": "", "oa": t("platforms.sim_default_oa"), "oa_id": ""}
    return {"channel": record.id, "oa": record.name or record.id, "oa_id": record.basic_id}


def _personas() -> list[dict[str, str]]:
    store = services().store
    found = []
    places = [(org.id, org.name) for org in store.list_orgs()]
    # Provincial viewers are kept under their province, not under an organisation.
    places += [
        (province_scope(p), t("province.dash.org_name", province=p))
        for p in store.provinces.known()
    ]
    for place, place_name in places:
        for person in store.people(place):
            simulated = persona_of(person)
            if simulated:
                persona, channel = simulated
                role = ", ".join(r.value for r in person.roles)
                found.append(
                    {
                        "id": persona,
                        "name": person.name,
                        "org": place_name,
                        "role": role,
                        "division": person.division or "",
                        **_oa(channel),
                    }
                )
    return found


@bp.get("/")
def page() -> str:
    """The simulator page."""
    return render_template(
        "simulator.html",
        personas=_personas(),
        max_bytes=MAX_BYTES,
        too_big=t("platforms.sim_too_big", limit=MAX_BYTES // (1024 * 1024)),
        failed=t("platforms.sim_failed"),
        default_oa=_oa(""),
    )


@bp.post("/simulator/send")
def send() -> Response:
    """Hand one message from a persona to the core and return the replies."""
    s = services()
    # Evidence may be up to MAX_BYTES; the app's 1 MB cap is for everything else.
    request.max_content_length = MAX_BYTES + UPLOAD_MARGIN
    persona = request.form.get("persona", "")
    channel = request.form.get("channel", "")
    if not persona or len(persona) > 64:
        abort(400)
    if channel and _channels().get(channel, Platform.SIMULATOR) is None:
        abort(400)  # not a simulated OA (any more): the page is older than the store
    identity = Identity(PLATFORM, persona, channel=channel)
    upload = request.files.get("file")
    if upload is not None:
        attachment = s.simulator.save_upload(
            upload.filename or "file", upload.read(), upload.mimetype or ""
        )
        kind = Kind.IMAGE if (upload.mimetype or "").startswith("image/") else Kind.FILE
        incoming = Incoming(identity, kind, attachment=attachment)
    elif request.form.get("data"):
        incoming = Incoming(identity, Kind.CHOICE, data=request.form["data"])
    else:
        incoming = Incoming(
            identity,
            Kind.TEXT,
            text=request.form.get("text", ""),
            display_name=request.form.get("name", ""),
        )
    replies = [_local(reply_json(r), s.config.public_url) for r in s.core.handle(incoming)]
    return Response(json.dumps(replies, ensure_ascii=False), mimetype="application/json")


def _local(reply: dict[str, object], public_url: str) -> dict[str, object]:
    """Make links to our own files relative, so the page works on whatever port serves it."""
    for key in ("url", "preview_url"):
        value = reply.get(key)
        if isinstance(value, str) and value.startswith(public_url):
            reply[key] = value[len(public_url.rstrip("/")) :]
    return reply


@bp.errorhandler(RequestEntityTooLarge)
def too_big(_error: RequestEntityTooLarge) -> tuple[Response, int]:
    """Say in Thai how big a file may be, instead of a bare 413."""
    text = t("platforms.sim_too_big", limit=MAX_BYTES // (1024 * 1024))
    body = json.dumps({"error": text}, ensure_ascii=False)
    return Response(body, mimetype="application/json"), 413


@bp.get("/simulator/events")
def events() -> Response:
    """Stream pushed messages to the page (server-sent events) as they arrive."""
    s = services()
    persona = request.args.get("persona", "")
    start = int(request.args.get("from", "-1"))
    if not persona:
        abort(400)

    def stream() -> Iterator[str]:
        wakeups = s.store.simulator.wakeups(persona)
        # A page opened later still gets what was pushed while no page was open.
        index = start if start >= 0 else s.simulator.unseen_from(persona)
        try:
            yield f"event: ready\ndata: {index}\n\n"
            for _ in range(600):  # about 10 minutes, then the browser reconnects
                try:
                    items, index = s.simulator.pushed_since(persona, index)
                except redis.RedisError:
                    return  # the server went away: the browser reconnects later
                for item in items:
                    local = [_local(r, s.config.public_url) for r in item]
                    yield f"id: {index}\ndata: {json.dumps(local, ensure_ascii=False)}\n\n"
                if items:  # the page took them (the stream went on): later pages skip them
                    s.simulator.mark_seen(persona, index)
                try:
                    wakeups.wait(1.0)
                except redis.RedisError:
                    return
                yield ": keep-alive\n\n"
        finally:
            wakeups.close()

    return Response(
        stream_with_context(stream()),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
