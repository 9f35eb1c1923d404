"""JSON encoding of model objects for Redis values: readable, portable, safe to load."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from bot.domain.model import (
    Assessment,
    Channel,
    Division,
    Measure,
    Organisation,
    Person,
    Report,
    Role,
    Status,
)


def _dumps(data: dict[str, Any]) -> str:
    # Empty values are left out: a measure's JSON is most of its Redis memory. Only empty
    # ones: 0 and False are values (a report at 0 %), and `0 in (False,)` is true in Python.
    compact = {k: v for k, v in data.items() if not _is_empty(v)}
    return json.dumps(compact, ensure_ascii=False, separators=(",", ":"))


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def as_text(value: bytes | str) -> str:
    """Return a Redis reply as text (the client returns bytes; the stubs allow str too)."""
    return value.decode() if isinstance(value, bytes) else value


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def dump_org(org: Organisation) -> str:
    """Encode an organisation (no place given: no keys, so older records read the same)."""
    return _dumps(
        {
            "id": org.id,
            "name": org.name,
            "timezone": org.timezone,
            "divisions": [
                {"name": d.name, "aliases": list(d.aliases), "units": list(d.units)}
                for d in org.divisions
            ],
            "province": org.province,
            "district": org.district,
        }
    )


def load_org(raw: str | bytes) -> Organisation:
    """Decode an organisation."""
    data = json.loads(raw)
    return Organisation(
        id=data["id"],
        name=data["name"],
        timezone=data.get("timezone", "Asia/Bangkok"),
        province=data.get("province", ""),
        district=data.get("district", ""),
        divisions=[
            Division(d["name"], tuple(d.get("aliases", ())), tuple(d.get("units", ())))
            for d in data.get("divisions", [])
        ],
    )


def dump_measure(m: Measure) -> str:
    """Encode a measure."""
    return _dumps(
        {
            "id": m.id,
            "number": m.number,
            "title": m.title,
            "method": m.method,
            "divisions": m.divisions,
            "assessment": m.assessment.value if m.assessment else None,
            "indicator": m.indicator,
            "item": m.item,
            "start": m.start.isoformat() if m.start else None,
            "end": m.end.isoformat() if m.end else None,
            "timeframe_text": m.timeframe_text,
            "timeframe_defaulted": m.timeframe_defaulted,
            "follow_up": m.follow_up,
            "fiscal_year": m.fiscal_year,
        }
    )


def load_measure(raw: str | bytes) -> Measure:
    """Decode a measure."""
    data = json.loads(raw)
    return Measure(
        id=data["id"],
        number=data["number"],
        title=data["title"],
        method=data.get("method", ""),
        divisions=data.get("divisions", []),
        assessment=Assessment(data["assessment"]) if data.get("assessment") else None,
        indicator=data.get("indicator"),
        item=data.get("item"),
        start=_date(data.get("start")),
        end=_date(data.get("end")),
        timeframe_text=data.get("timeframe_text", ""),
        timeframe_defaulted=data.get("timeframe_defaulted", False),
        follow_up=data.get("follow_up", ""),
        fiscal_year=data.get("fiscal_year"),
    )


def dump_report(r: Report) -> str:
    """Encode a report."""
    return _dumps(
        {
            "id": r.id,
            "measure_id": r.measure_id,
            "status": r.status.value,
            "at": r.at.isoformat(),
            "person_id": r.person_id,
            "channel": str(r.channel),
            "percent": r.percent,
            "text": r.text,
            "evidence": r.evidence,
            "skip_evidence_reason": r.skip_evidence_reason,
            "supersedes": r.supersedes,
            "suggestion": r.suggestion,
        }
    )


def _channel(value: str) -> str:
    """Return a report's source: a Channel (web, import) or a chat platform's name."""
    return Channel(value) if value in Channel.__members__.values() else value


def load_report(raw: str | bytes) -> Report:
    """Decode a report."""
    data = json.loads(raw)
    return Report(
        id=data["id"],
        measure_id=data["measure_id"],
        status=Status(data["status"]),
        at=datetime.fromisoformat(data["at"]),
        person_id=data["person_id"],
        channel=_channel(data["channel"]),
        percent=data.get("percent"),
        text=data.get("text", ""),
        evidence=data.get("evidence", []),
        skip_evidence_reason=data.get("skip_evidence_reason", ""),
        supersedes=data.get("supersedes"),
        suggestion=data.get("suggestion", ""),
    )


def dump_person(p: Person) -> str:
    """Encode a person."""
    return _dumps(
        {
            "id": p.id,
            "org_id": p.org_id,
            "name": p.name,
            "roles": [r.value for r in p.roles],
            "division": p.division,
            "chats": dict(p.chat_ids),
            "language": p.language if p.language != "th" else None,
        }
    )


# Before the adapters' registry a person had one field per platform; records written then
# still load, into the mapping (and are written back as a mapping on their next save).
_LEGACY_CHAT_FIELDS = {"line": "line_user_id", "telegram": "telegram_user_id",
                       "simulator": "simulator_id"}  # fmt: skip


def _chat_ids(data: dict[str, Any]) -> dict[str, str]:
    chats = {str(platform): str(user) for platform, user in (data.get("chats") or {}).items()}
    for platform, name in _LEGACY_CHAT_FIELDS.items():
        if data.get(name) not in (None, "") and platform not in chats:
            chats[platform] = str(data[name])  # Telegram's ids were stored as numbers
    return {platform: user for platform, user in chats.items() if user}


def load_person(raw: str | bytes) -> Person:
    """Decode a person."""
    data = json.loads(raw)
    return Person(
        id=data["id"],
        org_id=data["org_id"],
        name=data["name"],
        roles=[Role(r) for r in data.get("roles", [])],
        division=data.get("division"),
        chat_ids=_chat_ids(data),
        language=data.get("language", "th"),
    )
