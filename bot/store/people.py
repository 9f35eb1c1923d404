"""People on Redis: one hash per organisation, and a key per LINE or Telegram identity."""

from __future__ import annotations

import json
from functools import partial

import redis

from bot.domain.model import Person
from bot.domain.province import is_province_scope
from bot.store import codec
from bot.store import keys as k
from bot.store.replan import mark_replan
from bot.store.server import follow_up

Pipeline = redis.client.Pipeline


def _set(client: redis.Redis, key: str, value: str | bytes) -> None:
    client.set(key, value)


class PeopleStoreMixin:
    """The people part of RedisStore."""

    r: redis.Redis

    def save_person(self, person: Person, pipeline: Pipeline | None = None) -> None:
        """Store a person and index their chat identities."""
        pipe = pipeline or self.r.pipeline()
        raw = codec.dump_person(person)
        pipe.hset(k.org_key(k.PEOPLE, person.org_id), person.id, raw)
        if not is_province_scope(person.org_id):  # a provincial viewer gets no reminders
            mark_replan(pipe, person.org_id)
        # The identity key holds a copy of the person: one GET answers "who is this?".
        for platform, user in person.identities():
            key = k.IDENTITY.format(platform=platform, user=user)
            # The user's slot, not the organisation's: a copy, written again with the person.
            follow_up(pipe, partial(_set, key=key, value=raw))
        if pipeline is None:
            pipe.execute()

    def get_person(self, org_id: str, person_id: str) -> Person | None:
        """Return a person, or None."""
        raw = self.r.hget(k.org_key(k.PEOPLE, org_id), person_id)
        return codec.load_person(raw) if raw else None

    def people(self, org_id: str) -> list[Person]:
        """Return everyone in an organisation, by name."""
        raws = self.r.hgetall(k.org_key(k.PEOPLE, org_id)).values()
        return sorted((codec.load_person(raw) for raw in raws), key=lambda p: p.name)

    def person_by_identity(self, platform: str, user: str | int) -> Person | None:
        """Return the person linked to a LINE or Telegram identity, or None."""
        raw = self.r.get(k.IDENTITY.format(platform=platform, user=user))
        return codec.load_person(raw) if raw else None

    def unlink(self, person: Person) -> None:
        """Remove the identities that still point at this person (not at someone relinked
        since) and their conversations, now: they live in each user's slot, so they go
        before the caller's transaction and a crash in between never leaves a way in."""
        keys = [k.IDENTITY.format(platform=p, user=u) for p, u in person.identities()]
        raws = self.r.mget(keys) if keys else []
        owned = [
            key
            for key, raw in zip(keys, raws, strict=True)
            if raw and json.loads(raw).get("id") == person.id
        ]
        conversations = [k.CONVERSATION.format(platform=p, user=u) for p, u in person.identities()]
        if owned or conversations:
            self.r.delete(*owned, *conversations)
