"""Conversation state in Redis: one step at a time per person, expiring when idle."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import redis

from bot.chat.messages import Identity
from bot.domain.model import Person
from bot.store import codec
from bot.store import keys as k

IDLE_SECONDS = 30 * 60
WAS_SECONDS = 24 * 3600  # how long a timed-out step is kept: a report draft can be resumed
LOCK_MS = 10_000  # a crashed step frees the person after this long
WAIT_SECONDS = 1.5  # how long a second message waits for the first one's step

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


@dataclass
class State:
    """Where a person is in a conversation, and what they have said so far."""

    name: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    offered: dict[str, str] = field(default_factory=dict)  # last buttons: label -> payload

    def clear(self) -> None:
        """Leave any conversation."""
        self.name = ""
        self.data = {}

    def offered_choice(self, text: str) -> str | None:
        """Return the payload of the button last offered whose label is text, if any."""
        return self.offered.get(label_key(text))


def label_key(label: str) -> str:
    """Return a button label as compared with typed text: case and spaces ignored."""
    return " ".join(label.split()).lower()


@dataclass
class Turn:
    """One locked step: who is talking, their state, and the lock token to release."""

    identity: Identity
    person: Person | None
    state: State
    token: str
    had_state: bool
    missed: list[str] = field(default_factory=list)  # reminders kept for this free reply
    # A step was left idle for 30 minutes: its state (if kept) is back in ``state``, for the
    # handlers to offer the draft again or to drop it; it is never resumed silently.
    timed_out: bool = False


def _revived(was: bytes | None) -> State:
    """The state of a step that timed out, as kept beside it (older records kept the name)."""
    try:
        kept = json.loads(was) if was else None
    except ValueError:
        kept = None
    if isinstance(kept, dict) and isinstance(kept.get("data"), dict):
        return State(str(kept.get("name", "")), kept["data"])
    return State()


class Busy(Exception):
    """Another message of the same person is still being handled."""


class Conversations:
    """Loads and saves conversation state under a per-person lock."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def _keys(self, identity: Identity) -> tuple[str, str, str, str, str]:
        parts = {"platform": identity.platform, "user": identity.user_id}
        return (
            k.IDENTITY.format(**parts),
            k.CONVERSATION.format(**parts),
            k.CONVERSATION_LOCK.format(**parts),
            k.MISSED.format(**parts),
            k.CONVERSATION_WAS.format(**parts),
        )

    def begin(self, identity: Identity) -> Turn:
        """Lock the person's conversation and load who they are and where they are (1 trip)."""
        identity_key, conv_key, lock_key, missed_key, was_key = self._keys(identity)
        token = secrets.token_hex(8)
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            with self.r.pipeline(transaction=False) as pipe:
                pipe.get(identity_key)
                pipe.set(lock_key, token, nx=True, px=LOCK_MS)
                pipe.get(conv_key)
                pipe.lrange(missed_key, 0, -1)
                pipe.get(was_key)
                raw_person, locked, raw_state, missed, was = pipe.execute()
            if locked:
                break
            if time.monotonic() > deadline:
                raise Busy(identity.user_id)
            time.sleep(0.05)
        state = State(**json.loads(raw_state)) if raw_state else _revived(was)
        person = codec.load_person(raw_person) if raw_person else None
        return Turn(
            identity,
            person,
            state,
            token,
            had_state=raw_state is not None,
            missed=[codec.as_text(m) for m in missed],
            timed_out=raw_state is None and was is not None,
        )

    def finish(self, turn: Turn, pipe: redis.client.Pipeline) -> None:
        """Queue the state save and the lock release onto pipe (executed by the caller)."""
        _, conv_key, lock_key, missed_key, was_key = self._keys(turn.identity)
        if turn.missed:
            pipe.ltrim(missed_key, len(turn.missed), -1)  # they go out with this reply
        state = turn.state
        if state.name or state.offered:
            # The buttons are kept even outside a conversation: typing a label works as the tap.
            data = {"name": state.name, "data": state.data, "offered": state.offered}
            pipe.set(conv_key, json.dumps(data, ensure_ascii=False), ex=IDLE_SECONDS)
        else:
            pipe.delete(conv_key)
        if state.name:
            kept = {"name": state.name, "data": state.data}
            pipe.set(was_key, json.dumps(kept, ensure_ascii=False), ex=WAS_SECONDS)
        else:
            pipe.delete(was_key)
        pipe.eval(_RELEASE, 1, lock_key, turn.token)

    def release(self, turn: Turn) -> None:
        """Release the lock without saving (after an error)."""
        lock_key = self._keys(turn.identity)[2]
        self.r.eval(_RELEASE, 1, lock_key, turn.token)
