"""Provinces: where organisations are, and the provincial viewers who follow them.

A provincial viewer is a person whose "organisation" is their province's scope
(``province:ขอนแก่น``): their record, sessions and sign-in links live under that id, so
the people store, invites and sign-in work for them unchanged, and no organisation id
can ever equal it (organisation ids never hold a colon).
"""

from __future__ import annotations

import re

from bot.domain.model import Person, Role

SCOPE_PREFIX = "province:"
NAME_MAX = 60

# Words people put before a place's name: "จังหวัดขอนแก่น", "จ.ขอนแก่น", "อำเภอเมือง", "อ. เมือง".
_PROVINCE_WORDS = re.compile(r"^(?:จังหวัด|จ\.)\s*")
_DISTRICT_WORDS = re.compile(r"^(?:อำเภอ|อ\.|เขต)\s*")


def _clean(text: str, words: re.Pattern[str]) -> str:
    name = " ".join(text.split())
    return words.sub("", name, count=1).strip()[:NAME_MAX]


def province_name(text: str) -> str:
    """Return a province's name as kept: spaces tidied, without "จังหวัด" or "จ."."""
    return _clean(text, _PROVINCE_WORDS)


def district_name(text: str) -> str:
    """Return a district's name as kept: spaces tidied, without "อำเภอ", "อ." or "เขต"."""
    return _clean(text, _DISTRICT_WORDS)


def province_scope(province: str) -> str:
    """Return the id under which a province's viewers are kept."""
    return SCOPE_PREFIX + province_name(province)


def is_province_scope(org_id: str) -> bool:
    """Whether an id is a province's scope rather than an organisation's."""
    return org_id.startswith(SCOPE_PREFIX)


def province_of(person: Person) -> str | None:
    """Return the province a provincial viewer follows, or None for anyone else."""
    if person.has_role(Role.PROVINCE) and is_province_scope(person.org_id):
        return person.org_id[len(SCOPE_PREFIX) :]
    return None
