"""The memo and its chain: who comments and acknowledges, in which order, and what they said."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Period = Literal["month", "six_month", "year_end"]
PERIODS: tuple[Period, ...] = ("month", "six_month", "year_end")
Status = Literal["draft", "pending", "returned", "complete"]
ROLE_PREFIX = "role:"  # a step given as an app role ("role:chief"), resolved when sent
MAX_COMMENT = 300  # a comment is printed in a block of a few lines under "ความเห็นของ..."
MAX_STEPS = 8


class MemoError(ValueError):
    """A refused change; key names the text that explains it to the user."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass
class ChainStep:
    """One step of the chain: its title (หัวหน้าสำนักปลัด), who, and the printed position."""

    role: str
    person: str  # a person id, or "role:chief"
    position: str = ""


@dataclass
class Ack:
    """One step's answer: acknowledged (with a comment) or sent back, by whom, when, where."""

    step: int
    person: str
    name: str
    position: str
    comment: str
    at: str  # ISO time with its zone
    channel: str
    action: Literal["ack", "return"] = "ack"


@dataclass
class Memo:
    """A memo of one period, with its current version's chain and earlier versions."""

    org: str
    period: Period
    fiscal_year: int
    month: str = ""  # "2027-03" for a monthly memo
    number: int | None = None  # the running number, given when first sent
    status: Status = "draft"
    version: int = 1
    chain: list[ChainStep] = field(default_factory=list)
    acks: list[Ack] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)  # earlier versions
    created_at: str = ""
    sent_at: str = ""
    writer: str = ""  # the secretary who sends it
    note: str = ""  # the secretary's note on a revision

    @property
    def id(self) -> str:
        """Return the memo's id: "six_month-2570", "year_end-2570" or "month-2027-03"."""
        return (
            f"month-{self.month}" if self.period == "month" else f"{self.period}-{self.fiscal_year}"
        )

    def answered(self) -> list[Ack]:
        """Return the acknowledgements of the current version, in chain order."""
        return [a for a in self.acks if a.action == "ack"]

    def pending_step(self) -> int | None:
        """Return the index of the step that must answer now, or None."""
        if self.status != "pending":
            return None
        return len(self.answered())

    def to_json(self) -> dict[str, Any]:
        """Return the memo as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Memo:
        """Rebuild a memo from its JSON."""
        data = dict(data)
        data["chain"] = [ChainStep(**s) for s in data.get("chain", [])]
        data["acks"] = [Ack(**a) for a in data.get("acks", [])]
        return cls(**data)


def memo_id_parts(memo_id: str) -> tuple[Period, int, str]:
    """Split "six_month-2570" or "month-2027-03" into (period, fiscal year or 0, month)."""
    found = re.fullmatch(r"(six_month|year_end)-(\d{4})|month-(\d{4}-\d{2})", memo_id)
    if not found:
        raise MemoError("memo.unknown")
    if found[3]:
        return "month", 0, found[3]
    period: Period = "six_month" if found[1] == "six_month" else "year_end"
    return period, int(found[2]), ""


def clean_comment(text: str) -> str:
    """Return a comment trimmed, or raise when it is too long to print."""
    comment = " ".join(text.split())
    if len(comment) > MAX_COMMENT:
        raise MemoError("memo.comment_too_long", limit=MAX_COMMENT, length=f"{len(comment):,}")
    return comment


@dataclass
class MemoSettings:
    """What the memo's header prints: ส่วนราชการ, โทร, จังหวัด, the number prefix, เรียน."""

    division: str = "สำนักปลัด"
    province: str = ""
    phone: str = ""
    prefix: str = ""  # "ขก 88801.002/"
    addressee: str = ""  # เรียน …; empty: นายก + organisation name
    writer_position: str = ""  # the secretary's position; empty: the committee secretary
