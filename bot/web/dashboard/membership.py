"""Changing who may use the bot: a person's role, and removing a person's access.

Each change and its audit entry are written in one MULTI/EXEC, so the log never misses a
change nor records one that did not happen.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.domain.model import Person, Role
from bot.store import audit
from bot.store.redis_store import RedisStore
from bot.web.signin import revoke_sessions


def is_removed(person: Person) -> bool:
    """Whether a person's access was removed (no role, no chat identity)."""
    return not person.roles and not person.identities()


def _snapshot(person: Person) -> dict[str, Any]:
    return {
        "name": person.name,
        "roles": [r.value for r in person.roles],
        "division": person.division,
        "platforms": person.platforms(),
    }


def change_role(
    store: RedisStore, person: Person, role: Role, division: str | None, actor: str
) -> Person:
    """Give a person one role (and division), updating their identity copies; audited."""
    updated = replace(person, roles=[role], division=division)
    with store.pipeline() as pipe:
        store.save_person(updated, pipeline=pipe)
        audit.record(
            pipe,
            person.org_id,
            actor,
            "role",
            f"person:{person.id}",
            _snapshot(person),
            _snapshot(updated),
        )
        pipe.execute()
    return updated


def remove_access(store: RedisStore, person: Person, actor: str) -> Person:
    """Unlink a person's chat identities, end their sessions, keep their reports; audited.

    The person's record stays (reports name them) without roles, division or identities,
    so no reminder is planned for them and no chat message or browser reaches the bot
    as them.
    """
    removed = replace(person, roles=[], division=None, chat_ids={})
    store.unlink(person)
    with store.pipeline() as pipe:
        revoke_sessions(store, person.org_id, person.id, pipeline=pipe)
        store.save_person(removed, pipeline=pipe)
        audit.record(
            pipe,
            person.org_id,
            actor,
            "remove",
            f"person:{person.id}",
            _snapshot(person),
            _snapshot(removed),
        )
        pipe.execute()
    return removed
