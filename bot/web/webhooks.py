"""Webhook endpoints: verify first, then dedupe, then hand to the core and answer.

Wiring (in ``create_app``): ``webhooks.register(app, core_factory)``. The core is built
lazily by ``core_factory()`` on the first event and kept for the app's life.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from bot.chat.messages import Incoming, Platform, Reply
from bot.platforms.line import LineBodyError, LineEvent, LinePlatform, LineSignatureError
from bot.platforms.telegram import TelegramPlatform
from bot.store import keys
from bot.store.redis_store import RedisStore

log = logging.getLogger(__name__)
bp = Blueprint("webhooks", __name__)
CLAIM_SECONDS = 120
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Core(Protocol):
    """What the webhooks need from the chat core."""

    def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer one thing a person did."""
        ...


@dataclass
class Webhooks:
    """The platforms and the core behind the endpoints, one per app."""

    store: RedisStore
    line: LinePlatform
    telegram: TelegramPlatform
    core_factory: Callable[[], Core]
    _core: Core | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def core(self) -> Core:
        """Return the chat core, built on first use."""
        with self._lock:
            if self._core is None:
                self._core = self.core_factory()
            return self._core


def register(
    app: Flask,
    core_factory: Callable[[], Core],
    line: LinePlatform | None = None,
    telegram: TelegramPlatform | None = None,
) -> None:
    """Add the webhook endpoints to app, with the given platforms (or new ones)."""
    services = app.extensions["ita"]
    app.extensions["ita.webhooks"] = Webhooks(
        store=services.store,
        line=line or LinePlatform(services.config, services.store),
        telegram=telegram or TelegramPlatform(services.config, services.store),
        core_factory=core_factory,
    )
    if bp.name not in app.blueprints:  # registering again swaps the core (tests)
        app.register_blueprint(bp)


def webhooks(app: Flask | None = None) -> Webhooks:
    """Return the app's webhook state (the platforms, for pushes from elsewhere)."""
    return (app or current_app).extensions["ita.webhooks"]


def is_first_delivery(store: RedisStore, platform: str, event_id: str) -> bool:
    """Claim an event; False if another delivery of it was taken or handled already.

    The claim lasts CLAIM_SECONDS; the core's commit turns it into a 24-hour "done"
    mark in the same MULTI as the step. A process that dies mid-step leaves only the
    short claim, so the platform's redelivery is handled instead of dropped.
    """
    if not event_id:
        return True  # nothing to dedupe on: handle it
    key = keys.DEDUPE.format(platform=platform, event=event_id)
    return bool(store.r.set(key, "taken", nx=True, ex=CLAIM_SECONDS))


def _answer(status: int, text: str = "OK") -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_exc: RequestEntityTooLarge) -> Response:
    return _answer(413, "body too large")


@bp.post("/webhooks/line")
def line_webhook() -> Response:
    """Receive LINE events: signature, then JSON, then each event on its own."""
    hooks = webhooks()
    body = request.get_data(cache=False)  # over MAX_CONTENT_LENGTH: 413 from here
    try:
        text = body.decode("utf-8")
        events = hooks.line.parse(text, request.headers.get("x-line-signature"))
    except (UnicodeDecodeError, LineSignatureError):
        log.warning("LINE webhook refused: bad signature (%d bytes)", len(body))
        return _answer(400, "bad signature")
    except LineBodyError as exc:
        return _answer(400, str(exc))
    for meta, incoming in events:
        _handle_line_event(hooks, meta, incoming)
    return _answer(200)


def _handle_line_event(hooks: Webhooks, meta: LineEvent, incoming: Incoming | None) -> None:
    if meta.is_standby or (incoming is None and not meta.replies):
        return  # another channel answers in standby; unused event types are ignored
    try:
        if not is_first_delivery(hooks.store, Platform.LINE, meta.event_id):
            log.info("LINE event %s already handled", meta.event_id)
            return
        if incoming is not None:
            _loading_if_slow(hooks, incoming)
        replies = list(meta.replies) if incoming is None else hooks.core().handle(incoming)
        if replies and meta.reply_token:
            hooks.line.reply(meta.reply_token, replies)
    except Exception:  # one bad event never fails its batch
        log.exception("LINE %s event %s failed", meta.type, meta.event_id)


def _loading_if_slow(hooks: Webhooks, incoming: Incoming) -> None:
    """LINE's loading animation before a slow step; one-to-one chats only (it costs no push)."""
    user = incoming.identity.user_id
    is_slow = getattr(hooks.core(), "is_slow", None)
    if user and incoming.chat_id == user and is_slow is not None and is_slow(incoming):
        hooks.line.show_loading(user)


@bp.post("/webhooks/telegram")
def telegram_webhook() -> Response:
    """Receive one Telegram update: secret, then JSON, then dedupe and answer."""
    hooks = webhooks()
    if not hooks.telegram.check_secret(request.headers.get(SECRET_HEADER)):
        log.warning("Telegram webhook refused: wrong secret token")
        return _answer(403, "forbidden")
    try:
        update = json.loads(request.get_data(cache=False))
    except ValueError:
        return _answer(400, "the body is not JSON")
    update_id = update.get("update_id") if isinstance(update, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return _answer(400, "the body is not a Telegram update")
    if not is_first_delivery(hooks.store, Platform.TELEGRAM, str(update_id)):
        log.info("Telegram update %s already handled", update_id)
        return _answer(200)
    try:
        incoming = hooks.telegram.parse(update)
        if incoming is not None:
            replies = hooks.core().handle(incoming)
            if replies:
                hooks.telegram.send(incoming.chat_id, replies)
    except Exception:  # answer 200 anyway: Telegram would redeliver the same failure
        log.exception("Telegram update %s failed", update_id)
    return _answer(200)
