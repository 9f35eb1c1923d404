"""Conversation state in Redis: one step at a time per person, expiring when idle."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from bot.chat.messages import Identity
from bot.domain.model import Person
from bot.store.conversations import ConversationStore
from bot.store.redis_store import Pipeline

IDLE_SECONDS = 30 * 60
WAS_SECONDS = 24 * 3600  # how long a timed-out step is kept: a report draft can be resumed
LOCK_MS = 10_000  # a crashed step frees the person after this long
WAIT_SECONDS = 1.5  # how long a second message waits for the first one's step


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
    missed: list[str] = field(default_factory=list)  # reminders kept for this free reply
    # A step was left idle for 30 minutes: its state (if kept) is back in ``state``, for the
    # handlers to offer the draft again or to drop it; it is never resumed silently.
    timed_out: bool = False
    # This webhook event's step was committed whole before (a redelivery): change nothing.
    committed_before: bool = False


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

    def __init__(self, store: ConversationStore) -> None:
        self.store = store

    def begin(self, identity: Identity, event_id: str = "") -> Turn:
        """Lock the person's conversation and load who they are and where they are (1 trip).

        With a webhook event id, also whether that event's step was already committed.
        """
        token = secrets.token_hex(8)
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            found = self.store.lock(
                identity.address, identity.user_id, token, LOCK_MS, event_id=event_id
            )
            if found is not None:
                break
            if time.monotonic() > deadline:
                raise Busy(identity.user_id)
            time.sleep(0.05)
        raw_state, was = found.state, found.was
        state = State(**json.loads(raw_state)) if raw_state else _revived(was)
        return Turn(
            identity,
            found.person,
            state,
            token,
            missed=found.missed,
            timed_out=raw_state is None and was is not None,
            committed_before=found.committed_before,
        )

    def save(self, turn: Turn, pipe: Pipeline) -> None:
        """Queue the state save onto pipe (the missed reminders it answers leave too)."""
        state = turn.state
        saved: tuple[str, int] | None = None
        kept: tuple[str, int] | None = None
        if state.name or state.offered:
            # The buttons are kept even outside a conversation: typing a label works as the tap.
            data = {"name": state.name, "data": state.data, "offered": state.offered}
            saved = (json.dumps(data, ensure_ascii=False), IDLE_SECONDS)
        if state.name:
            was = {"name": state.name, "data": state.data}
            kept = (json.dumps(was, ensure_ascii=False), WAS_SECONDS)
        identity = turn.identity
        self.store.save(
            pipe, identity.address, identity.user_id, turn.token,
            missed_taken=len(turn.missed), state=saved, was=kept, release=False,
        )  # fmt: skip

    def release_command(self, turn: Turn) -> list[object]:
        """Return the command that releases the lock (the last of a step's commit)."""
        identity = turn.identity
        return self.store.release_command(identity.address, identity.user_id, turn.token)

    def release(self, turn: Turn) -> None:
        """Release the lock without saving (after an error)."""
        self.store.release(turn.identity.address, turn.identity.user_id, turn.token)
