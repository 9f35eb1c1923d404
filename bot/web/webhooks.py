"""Webhook endpoints: verify first, then dedupe, then hand to the core and answer.

Wiring (in ``create_app``): ``webhooks.register(app, core_factory)``. The core is built
lazily by ``core_factory()`` on the first event and kept for the app's life.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import redis
from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from bot.chat.messages import Incoming, Platform, Reply
from bot.chat.state import Busy
from bot.platforms.line.platform import LineBodyError, LineEvent, LinePlatform
from bot.platforms.telegram.platform import TelegramPlatform
from bot.store.events import Delivery
from bot.store.redis_store import RedisStore

log = logging.getLogger(__name__)
bp = Blueprint("webhooks", __name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_DEPTH = 32  # LINE and Telegram bodies nest about 6 deep; deeper is not theirs


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


_STRING = re.compile(r'"(?:\\.|[^"\\])*"')
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """Return how deeply arrays and objects nest in a JSON text (strings skipped)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def load_json(body: bytes) -> object:
    """Parse a webhook body; ValueError if it is not JSON or nests beyond MAX_DEPTH."""
    text = body.decode("utf-8")  # UnicodeDecodeError is a ValueError
    if json_depth(text) > MAX_DEPTH:
        raise ValueError(f"JSON nested deeper than {MAX_DEPTH}")
    return json.loads(text)


def _answer(status: int, text: str = "OK") -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_exc: RequestEntityTooLarge) -> Response:
    return _answer(413, "body too large")


@bp.post("/webhooks/line")
def line_webhook() -> Response:
    """Receive LINE events: signature, then JSON, then each event on its own.

    2xx only when every event was handled (or is being handled and committed by now);
    a store failure or an event still in flight elsewhere gives 503 so LINE redelivers.
    """
    hooks = webhooks()
    body = request.get_data(cache=False)  # over MAX_CONTENT_LENGTH: 413 from here
    try:
        text = body.decode("utf-8")
        signed = hooks.line.is_signed(text, request.headers.get("x-line-signature"))
    except UnicodeDecodeError:
        signed = False
    if not signed:
        log.warning("LINE webhook refused: bad signature (%d bytes)", len(body))
        return _answer(400, "bad signature")
    try:
        load_json(body)
        events = hooks.line.parse(text, request.headers.get("x-line-signature"))
    except (LineBodyError, ValueError, RecursionError) as exc:
        return _answer(400, str(exc)[:80] or "bad body")
    retry = False
    for meta, incoming in events:
        try:
            retry |= not _handle_line_event(hooks, meta, incoming)
        except redis.RedisError:
            log.exception("LINE event %s: store unavailable; LINE must redeliver", meta.event_id)
            retry = True
    return _answer(503, "retry later") if retry else _answer(200)


def _handle_line_event(hooks: Webhooks, meta: LineEvent, incoming: Incoming | None) -> bool:
    """Handle one event; False when it must be delivered again (in flight elsewhere)."""
    if meta.is_standby or (incoming is None and not meta.replies):
        return True  # another channel answers in standby; unused event types are ignored
    found = hooks.store.events.claim(Platform.LINE, meta.event_id)
    if found is Delivery.DONE:
        log.info("LINE event %s already handled", meta.event_id)
        return True
    if found is Delivery.IN_FLIGHT:
        log.info("LINE event %s is claimed by an unfinished step; redeliver later", meta.event_id)
        return False
    try:
        if incoming is not None:
            _loading_if_slow(hooks, incoming)
        if incoming is None:  # the adapter answers it itself (the next page of choices)
            replies = list(meta.replies)
            hooks.store.events.mark_done(Platform.LINE, meta.event_id)
        else:
            replies = hooks.core().handle(incoming)
    except redis.RedisError:
        hooks.store.events.release(Platform.LINE, meta.event_id)
        raise
    except Busy:  # the person's previous step still runs: LINE delivers this one again
        hooks.store.events.release(Platform.LINE, meta.event_id)
        return False
    except Exception:  # a bug in one event never fails its batch
        log.exception("LINE %s event %s failed", meta.type, meta.event_id)
        return True
    if replies and meta.reply_token:
        try:
            hooks.line.reply(meta.reply_token, replies)
        except Exception:  # the step is saved; a lost reply is not worth a redelivery
            log.exception("LINE reply for event %s failed", meta.event_id)
    return True


def _loading_if_slow(hooks: Webhooks, incoming: Incoming) -> None:
    """LINE's loading animation before a slow step; one-to-one chats only (it costs no push)."""
    user = incoming.identity.user_id
    is_slow = getattr(hooks.core(), "is_slow", None)
    try:
        if user and incoming.chat_id == user and is_slow is not None and is_slow(incoming):
            hooks.line.show_loading(user)
    except Exception:  # noqa: BLE001 - a courtesy: it must never cost the event itself
        log.warning("LINE loading animation skipped", exc_info=True)


@bp.post("/webhooks/telegram")
def telegram_webhook() -> Response:
    """Receive one Telegram update: secret, then JSON, then dedupe and answer.

    A store failure or an update still in flight elsewhere gives 503: Telegram retries.
    """
    hooks = webhooks()
    if not hooks.telegram.check_secret(request.headers.get(SECRET_HEADER)):
        log.warning("Telegram webhook refused: wrong secret token")
        return _answer(403, "forbidden")
    try:
        update = load_json(request.get_data(cache=False))
    except (ValueError, RecursionError):
        return _answer(400, "the body is not JSON")
    update_id = update.get("update_id") if isinstance(update, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return _answer(400, "the body is not a Telegram update")
    assert isinstance(update, dict)
    event = str(update_id)
    try:
        found = hooks.store.events.claim(Platform.TELEGRAM, event)
    except redis.RedisError:
        log.exception("Telegram update %s: store unavailable", update_id)
        return _answer(503, "retry later")
    if found is Delivery.DONE:
        log.info("Telegram update %s already handled", update_id)
        return _answer(200)
    if found is Delivery.IN_FLIGHT:
        return _answer(503, "retry later")
    try:
        incoming = hooks.telegram.parse(update)
        if incoming is None:  # a kind of update we do not use: handled by ignoring it
            hooks.store.events.mark_done(Platform.TELEGRAM, event)
        else:
            replies = hooks.core().handle(incoming)
            if replies:
                hooks.telegram.send(incoming.chat_id, replies)
    except redis.RedisError:
        log.exception("Telegram update %s: store unavailable", update_id)
        hooks.store.events.release(Platform.TELEGRAM, event)
        return _answer(503, "retry later")
    except Busy:  # the person's previous step still runs: Telegram delivers it again
        hooks.store.events.release(Platform.TELEGRAM, event)
        return _answer(503, "retry later")
    except Exception:  # answer 200 anyway: Telegram would redeliver the same failure
        log.exception("Telegram update %s failed", update_id)
    return _answer(200)
