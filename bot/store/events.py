"""Webhook events handled once: a short claim while a step runs, a day-long "done" mark.

LINE (``webhookEventId``) and Telegram (``update_id``) deliver an event again when they get
no 2xx; these marks make every delivery after the first harmless. The webhook claims an
event, the core's commit turns the claim into "done" in the step's own MULTI, and a step
that failed releases its claim so that the next delivery is handled.
"""

from __future__ import annotations

import contextlib
from enum import StrEnum

import redis

from bot.store import keys as k

# A claim left by a worker that died frees itself after this long. A step holds its
# person's lock for at most 10 s (bot/chat/state.py LOCK_MS), so a live step never needs
# more; a longer claim would answer 503 to the platform's redeliveries of an event whose
# worker was killed (LINE and Telegram retry for a limited time) until they stop, and the
# event would be lost. A slower step redelivered meanwhile is still committed once: the
# step's marks (bot/store/steps.py) are derived from the event.
CLAIM_SECONDS = 15
DONE_SECONDS = 24 * 3600  # how long a handled event is remembered

_RELEASE = """
if redis.call('GET', KEYS[1]) == 'taken' then return redis.call('DEL', KEYS[1]) end
return 0
"""


class Delivery(StrEnum):
    """What an event's claim found."""

    FIRST = "first"  # claimed now: handle it
    DONE = "done"  # handled before: answer 2xx, do nothing
    IN_FLIGHT = "in_flight"  # claimed by a step still running, or by a worker that died


def event_key(platform: str, event_id: str) -> str:
    """Return the Redis key of one platform event's claim or mark."""
    return k.DEDUPE.format(platform=platform, event=event_id)


def claim_event(client: redis.Redis, platform: str, event_id: str) -> Delivery:
    """Claim an event for CLAIM_SECONDS in one round trip; say what an earlier one left."""
    if not event_id:
        return Delivery.FIRST  # nothing to dedupe on: handle it
    previous = client.set(
        event_key(platform, event_id), "taken", nx=True, ex=CLAIM_SECONDS, get=True
    )
    if previous is None:
        return Delivery.FIRST
    return Delivery.DONE if previous == b"done" else Delivery.IN_FLIGHT


def mark_event_done(
    client: redis.Redis | redis.client.Pipeline, platform: str, event_id: str
) -> None:
    """Mark an event handled (pass the step's pipeline to make it part of its commit)."""
    if event_id:
        client.set(event_key(platform, event_id), "done", ex=DONE_SECONDS)


def release_event(client: redis.Redis, platform: str, event_id: str) -> None:
    """Drop the claim of an event whose step failed, so its next delivery is handled."""
    if event_id:
        with contextlib.suppress(redis.RedisError):  # Redis down: the claim expires instead
            client.eval(_RELEASE, 1, event_key(platform, event_id))


class EventStore:
    """The claims and done marks of webhook events, on one connection."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def claim(self, platform: str, event_id: str) -> Delivery:
        """Claim an event (see claim_event)."""
        return claim_event(self.r, platform, event_id)

    def mark_done(
        self, platform: str, event_id: str, pipeline: redis.client.Pipeline | None = None
    ) -> None:
        """Mark an event handled, on pipeline when given (see mark_event_done)."""
        mark_event_done(pipeline if pipeline is not None else self.r, platform, event_id)

    def release(self, platform: str, event_id: str) -> None:
        """Drop the claim of an event whose step failed (see release_event)."""
        release_event(self.r, platform, event_id)
