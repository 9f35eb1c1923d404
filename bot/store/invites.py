"""Invite codes: how a chat identity (on any platform) joins an organisation with a role."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from redis.typing import EncodableT, FieldT

from bot.domain.clock import utc_now
from bot.domain.model import Person, Role
from bot.domain.province import province_scope
from bot.store import keys as k
from bot.store.codec import as_text
from bot.store.redis_store import RedisStore, new_id

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and retyped
CODE_LENGTH = 8
KEEP_EXPIRED = timedelta(days=30)  # so an expired code is explained, not "unknown"

# Atomically check and take one use of a code. Returns the invite fields or an error word.
_REDEEM = """
local data = redis.call('HGETALL', KEYS[1])
if #data == 0 then return 'unknown' end
local invite = {}
for i = 1, #data, 2 do invite[data[i]] = data[i + 1] end
if tonumber(invite['expires_at']) <= tonumber(ARGV[1]) then return 'expired' end
if tonumber(invite['uses_left']) <= 0 then return 'used_up' end
local org = invite['org'] or ''
if ARGV[2] ~= '' and org ~= ARGV[2] and string.sub(org, 1, 9) ~= 'province:' then
  return 'other_org'
end
redis.call('HINCRBY', KEYS[1], 'uses_left', -1)
return data
"""


class InviteError(StrEnum):
    """Why a code could not be used."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED_UP = "used_up"
    OTHER_ORG = "other_org"  # typed on another organisation's own OA or bot: not used up


@dataclass(frozen=True)
class Invite:
    """A code that lets people join an organisation (or link a second chat account)."""

    code: str
    org_id: str
    role: Role | None
    division: str | None
    expires_at: datetime
    uses: int
    person_id: str | None = None  # set for a code that links another platform to a person


def days_seconds(days: float) -> int:
    """Return a number of days as whole seconds (at least one)."""
    return max(1, int(days * 86400))


def new_code() -> str:
    """Return a fresh random invite code."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """Return a typed code in canonical form (upper case, spaces and dashes removed)."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def looks_like_code(text: str) -> bool:
    """Whether text could be an invite code."""
    code = normalise_code(text)
    return len(code) == CODE_LENGTH and all(ch in ALPHABET for ch in code)


def looks_invite_like(text: str) -> bool:
    """Whether text is meant as a code, even a wrong one: 8 Latin letters and digits, mixed."""
    if looks_like_code(text):
        return True
    if not re.fullmatch(r"[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)?", text.strip()):
        return False
    code = normalise_code(text)
    has_digit = any(ch.isdigit() for ch in code)
    return len(code) == CODE_LENGTH and has_digit and any(ch.isalpha() for ch in code)


def create_invite(
    store: RedisStore,
    org_id: str,
    role: Role | None,
    division: str | None = None,
    days: float = 7,
    uses: int = 1,
    person_id: str | None = None,
    now: datetime | None = None,
) -> Invite:
    """Store and return a new invite code."""
    now = now or utc_now()
    invite = Invite(new_code(), org_id, role, division, now + timedelta(days=days), uses, person_id)
    key = k.INVITE.format(code=invite.code)
    fields: dict[FieldT, EncodableT] = {
        "org": org_id,
        "role": role.value if role else "",
        "division": division or "",
        "person": person_id or "",
        "uses_left": uses,
        "expires_at": int(invite.expires_at.timestamp()),
    }
    with store.r.pipeline() as pipe:
        pipe.hset(key, mapping=fields)
        # A relative TTL: Redis's clock may differ from ours (another host, a test's clock).
        pipe.expire(key, days_seconds(days) + int(KEEP_EXPIRED.total_seconds()))
        pipe.execute()
    return invite


def take_invite(
    store: RedisStore, code: str, now: datetime | None = None, channel_org: str = ""
) -> Invite | InviteError:
    """Use up one use of a code, atomically; return the invite or why it cannot be used.

    ``channel_org``: the organisation whose own channel the code came through; another
    organisation's code is refused there, unused (a province's viewers may use any).
    """
    now = now or utc_now()
    code = normalise_code(code)
    key = k.INVITE.format(code=code)
    result = store.r.eval(_REDEEM, 1, key, int(now.timestamp()), channel_org)
    if isinstance(result, bytes):
        return InviteError(result.decode())
    fields = dict(zip(result[::2], result[1::2], strict=True))
    get = lambda name: fields[name.encode()].decode()  # noqa: E731
    return Invite(
        code=code,
        org_id=get("org"),
        role=Role(get("role")) if get("role") else None,
        division=get("division") or None,
        expires_at=datetime.fromtimestamp(int(get("expires_at")), UTC),
        uses=int(get("uses_left")),
        person_id=get("person") or None,
    )


def join(store: RedisStore, invite: Invite, address: str, user_id: str, name: str) -> Person:
    """Bind a chat identity (address and user id) to the invite's organisation and role."""
    if not user_id.strip():
        raise ValueError("an invite is only ever bound to an individual chat user")
    if invite.person_id:
        person = store.get_person(invite.org_id, invite.person_id)
        if person is None:
            raise LookupError(invite.person_id)
    else:
        roles = [invite.role] if invite.role else []
        person = Person(new_id("p"), invite.org_id, name or "ผู้ใช้ใหม่", roles, invite.division)
    person.chat_ids[address] = user_id
    store.save_person(person)
    return person


def create_province_invite(
    store: RedisStore,
    province: str,
    days: float = 7,
    uses: int = 1,
    now: datetime | None = None,
) -> Invite:
    """Store an invite that makes whoever uses it a viewer of one province's organisations."""
    return create_invite(
        store, province_scope(province), Role.PROVINCE, days=days, uses=uses, now=now
    )


def invite_org(store: RedisStore, code: str) -> str | None:
    """Return the organisation (or province scope) a stored invite joins, None if none is."""
    found = store.r.hget(k.INVITE.format(code=code), "org")
    return None if found is None else as_text(found)


def invite_exists(store: RedisStore, code: str) -> bool:
    """Whether an invite with this code is stored (used up or expired ones stay a while)."""
    return bool(store.r.exists(k.INVITE.format(code=code)))
