"""Conversation state on Redis: a per-person lock, the step's state, what timed out, and
reminders kept for the person's next reply."""

from __future__ import annotations

from dataclasses import dataclass

import redis

from bot.domain.model import Person
from bot.store import codec
from bot.store import keys as k

Pipeline = redis.client.Pipeline

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


@dataclass(frozen=True)
class Locked:
    """What one locked turn reads: who the identity is and what its conversation holds."""

    person: Person | None
    state: bytes | None  # JSON of the live step, None when none (or it timed out)
    missed: list[str]  # reminders kept for this reply
    was: bytes | None  # JSON of a step kept a day after it went idle
    committed_before: bool = False  # the webhook event's whole step was committed earlier


def _keys(platform: str, user: str) -> tuple[str, str, str, str, str]:
    parts = {"platform": platform, "user": user}
    return (
        k.IDENTITY.format(**parts),
        k.CONVERSATION.format(**parts),
        k.CONVERSATION_LOCK.format(**parts),
        k.MISSED.format(**parts),
        k.CONVERSATION_WAS.format(**parts),
    )


class ConversationStore:
    """The Redis side of conversations; the chat core decides what the state means."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def lock(
        self, platform: str, user: str, token: str, lock_ms: int, event_id: str = ""
    ) -> Locked | None:
        """Take the person's lock and read their turn (1 trip); None while another holds it.

        With a webhook event id, also read whether the event's step was committed whole
        (its user's mark, ``bot/store/steps.py``): all these keys share the user's slot.
        """
        identity_key, conv_key, lock_key, missed_key, was_key = _keys(platform, user)
        step_key = k.STEP_USER.format(platform=platform, user=user, event=event_id or "-")
        with self.r.pipeline(transaction=False) as pipe:
            pipe.get(identity_key)
            pipe.set(lock_key, token, nx=True, px=lock_ms)
            pipe.get(conv_key)
            pipe.lrange(missed_key, 0, -1)
            pipe.get(was_key)
            pipe.exists(step_key)
            raw_person, locked, raw_state, missed, was, done = pipe.execute()
        if not locked:
            return None
        person = codec.load_person(raw_person) if raw_person else None
        missed_texts = [codec.as_text(m) for m in missed]
        return Locked(person, raw_state, missed_texts, was, bool(done) and bool(event_id))

    def save(
        self,
        pipe: Pipeline,
        platform: str,
        user: str,
        token: str,
        *,
        missed_taken: int,
        state: tuple[str, int] | None,
        was: tuple[str, int] | None,
        release: bool = True,
    ) -> None:
        """Queue on pipe: drop the missed reminders taken, save or drop the state (JSON, TTL)
        and the kept step, release the lock (unless release=False: a step's commit ends
        with release_command instead, bot/store/steps.py)."""
        _, conv_key, lock_key, missed_key, was_key = _keys(platform, user)
        if missed_taken:
            pipe.ltrim(missed_key, missed_taken, -1)  # they go out with this reply
        if state is not None:
            pipe.set(conv_key, state[0], ex=state[1])
        else:
            pipe.delete(conv_key)
        if was is not None:
            pipe.set(was_key, was[0], ex=was[1])
        else:
            pipe.delete(was_key)
        if release:
            pipe.eval(_RELEASE, 1, lock_key, token)

    def release_command(self, platform: str, user: str, token: str) -> list[object]:
        """Return the command that releases the lock, to end a step's commit with."""
        return ["EVAL", _RELEASE, 1, _keys(platform, user)[2], token]

    def release(self, platform: str, user: str, token: str) -> None:
        """Release the lock without saving (after an error)."""
        self.r.eval(_RELEASE, 1, _keys(platform, user)[2], token)

    def push_missed(
        self, platform: str, user: str, text: str, pipeline: Pipeline | None = None
    ) -> None:
        """Keep a text for the person's next reply (LINE replies are free, pushes are not)."""
        (pipeline or self.r).rpush(k.MISSED.format(platform=platform, user=user), text)

    def forget(self, identities: list[tuple[str, str]], pipeline: Pipeline) -> None:
        """Queue the removal of these identities' conversations on pipeline."""
        conversations = [k.CONVERSATION.format(platform=p, user=u) for p, u in identities]
        if conversations:
            pipeline.delete(*conversations)
