"""Domain model: organisations, divisions, measures, reports and people."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """Progress of a measure as reported by its division."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Assessment(StrEnum):
    """The ITA instrument a measure belongs to."""

    IIT = "IIT"
    EIT = "EIT"
    OIT = "OIT"


class Role(StrEnum):
    """What a person may do in an organisation."""

    STAFF = "staff"
    SECRETARY = "secretary"
    CHIEF = "chief"
    ADMIN = "admin"
    PROVINCE = "province"  # reads every organisation of one province, changes none


class Channel(StrEnum):
    """Where a report came from when not from a chat (a chat platform is named by its adapter)."""

    WEB = "web"
    IMPORT = "import"


@dataclass(frozen=True)
class Division:
    """A division (ส่วนราชการ) with the other names it is written as and its units (งาน)."""

    name: str
    aliases: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


@dataclass
class Organisation:
    """An อบต. or เทศบาล served by this deployment."""

    id: str
    name: str
    divisions: list[Division] = field(default_factory=list)
    timezone: str = "Asia/Bangkok"
    province: str = ""  # จังหวัด, without the word ("ขอนแก่น"); "" when not given
    district: str = ""  # อำเภอ, without the word ("เมืองขอนแก่น")

    def division(self, name: str) -> Division | None:
        """Return the division with this canonical name, if any."""
        return next((d for d in self.divisions if d.name == name), None)


@dataclass
class Measure:
    """One ITA measure of an organisation's yearly plan."""

    id: str
    number: int
    title: str
    method: str = ""
    divisions: list[str] = field(default_factory=list)
    assessment: Assessment | None = None
    indicator: int | None = None
    item: str | None = None
    start: date | None = None
    end: date | None = None
    timeframe_text: str = ""
    timeframe_defaulted: bool = False
    follow_up: str = ""
    fiscal_year: int | None = None


@dataclass
class Report:
    """A progress report on a measure; reports are append-only."""

    id: str
    measure_id: str
    status: Status
    at: datetime
    person_id: str
    channel: str  # a chat platform's name ("line", "telegram", ...) or a Channel
    percent: int | None = None
    text: str = ""
    evidence: list[str] = field(default_factory=list)
    skip_evidence_reason: str = ""
    supersedes: str | None = None
    suggestion: str = ""  # problems and suggestions: the official report's ข้อเสนอแนะ column


def chat_address(platform: str, channel: str = "") -> str:
    """Name a platform account's home: "line" on the deployment's channel, "line@ch_x" on another.

    LINE user ids differ between LINE providers and Telegram's between bots, so a user id
    means something only together with the channel it came through; the address is that
    pair's name in Person.chat_ids and in every per-user Redis key.
    """
    return f"{platform}@{channel}" if channel else platform


def split_address(address: str) -> tuple[str, str]:
    """Return the platform and channel id ("" for the deployment's own) of a chat address."""
    platform, _, channel = address.partition("@")
    return platform, channel


@dataclass
class Person:
    """Someone who uses the bot, with roles and linked chat identities."""

    id: str
    org_id: str
    name: str
    roles: list[Role] = field(default_factory=list)
    division: str | None = None
    # chat address ("line", "line@ch_x", see chat_address) -> the person's user id there
    chat_ids: dict[str, str] = field(default_factory=dict)
    language: str = "th"

    def chat_id(self, address: str) -> str | None:
        """Return the person's user id at a chat address, or None when not linked there."""
        return self.chat_ids.get(address) or None

    def identities(self) -> list[tuple[str, str]]:
        """Return the (chat address, user id) pairs this person can be reached on."""
        # An empty id is nobody: it must never become an identity that others share.
        return [(address, user) for address, user in self.chat_ids.items() if user]

    def platforms(self) -> list[str]:
        """Return the platforms the person is linked on, once each, through any channel."""
        return list(dict.fromkeys(split_address(a)[0] for a, _ in self.identities()))

    def is_on(self, platform: str) -> bool:
        """Whether the person is linked on a platform, through any of its channels."""
        return platform in self.platforms()

    def has_role(self, *roles: Role) -> bool:
        """Whether the person holds any of these roles."""
        return any(r in self.roles for r in roles)


def to_json(obj: Any) -> Any:
    """Turn a model object into JSON-ready data (dates as ISO strings)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items()}
    if isinstance(obj, (date, datetime)):
        return obj.isoformat()
    return obj
