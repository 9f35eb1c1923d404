"""Dashboard sign-in tokens and signed-in sessions on Redis."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

import redis

from bot.store import keys as k
from bot.store.codec import as_text
from bot.store.server import follow_up

Pipeline = redis.client.Pipeline


class SessionStore:
    """One-time sign-in tokens (GETDEL) and browser sessions indexed by person."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def put_signin(
        self, token: str, value: str, ttl: timedelta, pipeline: Pipeline | None = None
    ) -> None:
        """Store a one-time sign-in token's JSON for ttl."""
        (pipeline or self.r).set(k.SIGNIN.format(token=token), value, ex=ttl)

    def has_signin(self, token: str) -> bool:
        """Whether a sign-in token is still stored."""
        return bool(self.r.exists(k.SIGNIN.format(token=token)))

    def take_signin(self, token: str) -> bytes | None:
        """Remove a sign-in token and return its JSON, atomically (GETDEL)."""
        raw = cast(bytes | None, self.r.getdel(k.SIGNIN.format(token=token)))
        return raw

    def start(self, org_id: str, person_id: str, sid: str, value: str, ttl: timedelta) -> None:
        """Index a session under its person, then store it (one transaction on one server).

        On a cluster the session (a shared key) follows its person's index (the
        organisation's slot): revoke can always find every session that works.
        """
        index = k.org_key(k.PERSON_SESSIONS, org_id, person=person_id)
        session = k.SESSION.format(sid=sid)
        with self.r.pipeline() as pipe:
            pipe.sadd(index, sid)
            pipe.expire(index, ttl)
            follow_up(pipe, lambda client: client.set(session, value, ex=ttl))
            pipe.execute()

    def get(self, sid: str) -> bytes | None:
        """Return a session's JSON, or None when it ended."""
        raw = cast(bytes | None, self.r.get(k.SESSION.format(sid=sid)))
        return raw

    def end(self, org_id: str, person_id: str, sid: str) -> None:
        """End one session, then drop it from its person's index (two slots)."""
        self.r.delete(k.SESSION.format(sid=sid))
        self.r.srem(k.org_key(k.PERSON_SESSIONS, org_id, person=person_id), sid)

    def revoke(self, org_id: str, person_id: str, pipeline: Pipeline | None = None) -> int:
        """End every session of a person; return how many there were.

        The sessions (shared keys, other slots) end now, before the caller's transaction
        drops the index with the person's change: a crash in between leaves no session of
        someone who lost access.
        """
        index = k.org_key(k.PERSON_SESSIONS, org_id, person=person_id)
        sids = [as_text(s) for s in self.r.smembers(index)]
        if sids:
            self.r.delete(*[k.SESSION.format(sid=sid) for sid in sids])
        pipe = pipeline or self.r.pipeline()
        pipe.delete(index)
        if pipeline is None:
            pipe.execute()
        return len(sids)
