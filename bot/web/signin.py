"""Signing in to the web dashboard with a one-time link sent in chat; server-side sessions.

A link carries a random token (``ita:signin:{token}``, 10 minutes). ``GET /signin/<token>``
only shows a confirm page: chat apps fetch links to draw previews, and that fetch must not
use the token up. ``POST`` takes the token with GETDEL, so at most one request ever gets
it. The browser then holds Flask's signed cookie with the organisation, the person and a
session id whose record lives in Redis for 12 hours (``ita:session:{sid}``); deleting that
record (sign-out, removal of access) ends the session on the next request. The pages
that use these functions are in bot/web/dashboard/home.py.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.app.config import Config
from bot.domain.clock import utc_now
from bot.domain.model import Person
from bot.store.redis_store import Pipeline, RedisStore

SIGNIN_TTL = timedelta(minutes=10)
SESSION_TTL = timedelta(hours=12)
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 64


@dataclass(frozen=True)
class SessionRecord:
    """A signed-in browser as Redis knows it."""

    sid: str
    org_id: str
    person_id: str


def create_signin_link(
    store: RedisStore, config: Config, person: Person, pipeline: Pipeline | None = None
) -> str:
    """Store a one-time sign-in token for a person and return the link that uses it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    value = json.dumps({"org": person.org_id, "person": person.id})
    store.sessions.put_signin(token, value, SIGNIN_TTL, pipeline=pipeline)
    return f"{config.public_url.rstrip('/')}/signin/{token}"


def _well_formed(token: str) -> bool:
    return 0 < len(token) <= MAX_TOKEN_LENGTH and all(c.isalnum() or c in "-_" for c in token)


def signin_pending(store: RedisStore, token: str) -> bool:
    """Whether a sign-in token is still usable (without using it)."""
    return _well_formed(token) and store.sessions.has_signin(token)


def take_signin_token(store: RedisStore, token: str) -> tuple[str, str] | None:
    """Use a sign-in token up atomically; return (org id, person id), or None if gone."""
    if not _well_formed(token):
        return None
    raw = store.sessions.take_signin(token)
    if not raw:
        return None
    data = json.loads(raw)
    return data["org"], data["person"]


def start_session(
    store: RedisStore, org_id: str, person_id: str, now: datetime | None = None
) -> str:
    """Record a new signed-in session and return its id."""
    sid = secrets.token_urlsafe(TOKEN_BYTES)
    value = json.dumps({"org": org_id, "person": person_id, "at": (now or utc_now()).isoformat()})
    store.sessions.start(org_id, person_id, sid, value, SESSION_TTL)
    return sid


def load_session(store: RedisStore, sid: str) -> SessionRecord | None:
    """Return the session with this id if it has not ended."""
    if not _well_formed(sid):
        return None
    raw = store.sessions.get(sid)
    if not raw:
        return None
    data = json.loads(raw)
    return SessionRecord(sid, data["org"], data["person"])


def end_session(store: RedisStore, record: SessionRecord) -> None:
    """End one session (sign-out)."""
    store.sessions.end(record.org_id, record.person_id, record.sid)


def revoke_sessions(
    store: RedisStore, org_id: str, person_id: str, pipeline: Pipeline | None = None
) -> int:
    """End every session of a person (removal of access); return how many there were."""
    return store.sessions.revoke(org_id, person_id, pipeline=pipeline)
