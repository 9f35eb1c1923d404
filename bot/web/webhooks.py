"""Webhook endpoints, one route for every platform: verify first, then dedupe, then answer.

``/webhooks/<name>`` hands the request to the named adapter of the registry, which
verifies it (signature or secret) and reads its events; each event is then claimed
(deduplicated), handed to the core and answered through the same adapter.
``/webhooks/<name>/<channel>`` does the same with the adapter of an organisation's own
channel (``bot/platforms/channel_adapters.py``): verified with that channel's secret, its
events deduplicated per channel (LINE event ids and Telegram update ids are the channel's),
answered with that channel's token; an unknown or removed channel gets 404.

Wiring (in ``create_app``): ``webhooks.register(app, core_factory, adapters)``. The core is
built lazily by ``core_factory()`` on the first event and kept for the app's life.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

import redis
from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from bot.chat.messages import Incoming, Reply
from bot.chat.state import Busy
from bot.platforms.base import Adapter, Event, Refused, json_depth, load_json
from bot.platforms.channel_adapters import ChannelAdapters
from bot.platforms.registry import build_adapters
from bot.store.channels import channel_store
from bot.store.events import Delivery
from bot.store.redis_store import RedisStore
from bot.web.timing import Phases

log = logging.getLogger(__name__)
bp = Blueprint("webhooks", __name__)

__all__ = ["Core", "Webhooks", "bp", "json_depth", "load_json", "register", "webhooks"]


class Core(Protocol):
    """What the webhooks need from the chat core."""

    def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer one thing a person did."""
        ...


@dataclass
class Webhooks:
    """The platforms and the core behind the endpoints, one per app."""

    store: RedisStore
    adapters: Mapping[str, Adapter]
    core_factory: Callable[[], Core]
    channels: ChannelAdapters
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
    adapters: Mapping[str, Adapter] | None = None,
    channels: ChannelAdapters | None = None,
) -> None:
    """Add the webhook endpoints to app, with the given adapters (or the registry's, new)."""
    services = app.extensions["ita"]
    config, store = services.config, services.store
    adapters = adapters or build_adapters(config, store)
    app.extensions["ita.webhooks"] = Webhooks(
        store=store,
        adapters=adapters,
        core_factory=core_factory,
        channels=channels or ChannelAdapters(config, store, channel_store(config, store), adapters),
    )
    if bp.name not in app.blueprints:  # registering again swaps the core (tests)
        app.register_blueprint(bp)


def webhooks(app: Flask | None = None) -> Webhooks:
    """Return the app's webhook state (the platforms, for pushes from elsewhere)."""
    return (app or current_app).extensions["ita.webhooks"]


def _answer(status: int, text: str = "OK") -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_exc: RequestEntityTooLarge) -> Response:
    return _answer(413, "body too large")


@bp.post("/webhooks/<name>")
def webhook(name: str) -> Response:
    """Receive a platform's webhook: verified, then each event on its own.

    2xx only when every event was handled (or is being handled and committed by now);
    a store failure or an event still in flight elsewhere gives 503 so that the
    platform delivers it again.
    """
    hooks = webhooks()
    adapter = hooks.adapters.get(name)
    if adapter is None or not adapter.has_webhook:
        return _answer(404, "not found")
    return _receive(hooks, adapter, name)


@bp.post("/webhooks/<name>/<channel>")
def channel_webhook(name: str, channel: str) -> Response:
    """Receive a webhook on an organisation's own channel: found (one GET), then as above."""
    hooks = webhooks()
    try:
        found = hooks.channels.find(name, channel)
    except redis.RedisError:
        log.exception("%s webhook for channel %s: store unavailable", name, channel)
        return _answer(503, "retry later")
    if found is None or not found[1].has_webhook:
        return _answer(404, "not found")  # unknown, removed, or another platform's channel
    record, adapter = found
    return _receive(hooks, adapter, f"{name}/{record.id}", scope=record.id)


def _receive(hooks: Webhooks, adapter: Adapter, name: str, scope: str = "") -> Response:
    """Verify and read one request with adapter, then handle each event on its own."""
    phases = Phases()
    answer = _events(hooks, adapter, name, scope, phases)
    if phases.verified:  # an unsigned caller learns nothing of our timings
        answer.headers["Server-Timing"] = phases.header()
    phases.log_if_slow(name)
    return answer


def _events(hooks: Webhooks, adapter: Adapter, name: str, scope: str, phases: Phases) -> Response:
    body = request.get_data(cache=False)  # over MAX_CONTENT_LENGTH: 413 from here
    try:
        with phases.phase("verify"):
            events = adapter.read_webhook(dict(request.headers.items()), body)
    except Refused as refused:
        return _answer(refused.status, refused.reason)
    except redis.RedisError:
        log.exception("%s webhook: store unavailable", name)
        return _answer(503, "retry later")
    phases.verified = True
    if scope:
        events = [_scoped(event, scope) for event in events]
    retry = False
    for event in events:
        try:
            retry |= not _handle(hooks, adapter, event, phases)
        except redis.RedisError:
            log.exception("%s event %s: store unavailable; redeliver", name, event.event_id)
            retry = True
    return _answer(503, "retry later") if retry else _answer(200)


def _scoped(event: Event, scope: str) -> Event:
    """Name an event within its channel: another channel's ids may be the same numbers."""
    if not event.event_id:
        return event
    event_id = f"{scope}:{event.event_id}"
    incoming = event.incoming
    if incoming is not None and incoming.event_id:
        incoming = replace(incoming, event_id=event_id)
    return replace(event, event_id=event_id, incoming=incoming)


def _handle(hooks: Webhooks, adapter: Adapter, event: Event, phases: Phases) -> bool:
    """Handle one event; False when it must be delivered again (in flight elsewhere)."""
    if event.incoming is None and not event.answer:
        return True  # unused event kinds are ignored on purpose
    platform, events = adapter.name, hooks.store.events
    with phases.phase("claim"):
        found = events.claim(platform, event.event_id)
    if found is Delivery.DONE:
        log.info("%s event %s already handled", platform, event.event_id)
        return True
    if found is Delivery.IN_FLIGHT:
        log.info(
            "%s event %s is claimed by an unfinished step; redeliver", platform, event.event_id
        )
        return False
    try:
        if event.incoming is None:  # the adapter answers it itself (the next page of choices)
            replies = list(event.answer)
            events.mark_done(platform, event.event_id)
        else:
            with phases.phase("core"):  # built by the first event of the process
                hooks.core()
            with phases.phase("begin"):
                _begin(hooks, adapter, event, event.incoming)
            with phases.phase("step"):
                replies = hooks.core().handle(event.incoming)
    except redis.RedisError:
        events.release(platform, event.event_id)
        raise
    except Busy:  # the person's previous step still runs: the platform delivers it again
        events.release(platform, event.event_id)
        return False
    except Exception:  # a bug in one event never fails its batch, nor is it redelivered
        log.exception("%s %s event %s failed", platform, event.kind, event.event_id)
        return True
    if replies:
        try:
            with phases.phase("reply"):
                adapter.answer(event, replies)
        except Exception:  # the step is saved; a lost answer is not worth a redelivery
            log.exception("%s answer for event %s failed", platform, event.event_id)
    return True


def _begin(hooks: Webhooks, adapter: Adapter, event: Event, incoming: Incoming) -> None:
    """Let the adapter acknowledge the event before the step (never at the event's cost)."""
    try:
        is_slow = getattr(hooks.core(), "is_slow", None)
        adapter.begin(event, bool(is_slow is not None and is_slow(incoming)))
    except Exception:  # noqa: BLE001 - a courtesy: it must never cost the event itself
        log.warning(
            "%s acknowledgement of event %s skipped", adapter.name, event.event_id, exc_info=True
        )
