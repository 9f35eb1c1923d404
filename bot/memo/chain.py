"""The chain as a state machine: draft → pending → (returned → pending)* → complete. Pure."""

from __future__ import annotations

import re
from datetime import datetime

from bot.domain.model import Person, Role
from bot.memo.model import (
    MAX_STEPS,
    ROLE_PREFIX,
    Ack,
    ChainStep,
    Memo,
    MemoError,
    clean_comment,
)

STANDARD_COMMENTS = (
    "ทราบ",
    "ทราบ เห็นควรเผยแพร่บนเว็บไซต์",
    "ทราบ ให้เร่งรัดกองที่ยังไม่ดำเนินการ",
)
_LONG_TITLES = ("ปลัด", "รองปลัด", "นายก")  # printed with the organisation's name after them
_ROLE_WORDS = {"ผู้บริหาร": "chief", "chief": "chief", "เลขานุการ": "secretary",
               "secretary": "secretary"}  # fmt: skip


def default_position(role: str, org_name: str) -> str:
    """Return the printed position for a step title ("ปลัด" → "ปลัดองค์การบริหารส่วนตำบล…")."""
    return f"{role}{org_name}" if role in _LONG_TITLES else role


def resolve_chain(steps: list[ChainStep], people: list[Person]) -> list[ChainStep]:
    """Return the steps with roles ("role:chief") replaced by the person who holds them."""
    by_id = {p.id: p for p in people}
    resolved = []
    for step in steps:
        person_id = step.person
        if person_id.startswith(ROLE_PREFIX):
            role = person_id.removeprefix(ROLE_PREFIX)
            holder = next((p for p in people if role in {r.value for r in p.roles}), None)
            if holder is None:
                raise MemoError("memo.no_role_holder", role=step.role)
            person_id = holder.id
        elif person_id not in by_id:
            raise MemoError("memo.no_role_holder", role=step.role)
        resolved.append(ChainStep(step.role, person_id, step.position))
    return resolved


def send(memo: Memo, chain: list[ChainStep], writer: str, now: datetime, note: str = "") -> Memo:
    """Send a draft or a returned memo to the first step (a returned one becomes a new version)."""
    if not chain:
        raise MemoError("memo.no_chain")
    if memo.status == "pending":
        raise MemoError("memo.already_pending")
    if memo.status == "complete":
        raise MemoError("memo.already_complete")
    if memo.status == "returned":
        memo.history.append(
            {
                "version": memo.version,
                "sent_at": memo.sent_at,
                "chain": [vars(s) for s in memo.chain],
                "acks": [vars(a) for a in memo.acks],
            }
        )
        memo.version += 1
    memo.acks = []
    memo.chain = list(chain)
    memo.status = "pending"
    memo.sent_at = now.isoformat()
    memo.writer = writer
    memo.note = clean_comment(note)
    return memo


def check_turn(memo: Memo, step: int, version: int, person: Person) -> None:
    """Refuse unless the memo waits for this person at this step of this version."""
    if memo.status == "complete":
        raise MemoError("memo.already_complete")
    if memo.status != "pending" or version != memo.version:
        raise MemoError("memo.stale")
    pending = memo.pending_step()
    if pending != step or memo.chain[step].person != person.id:
        if any(a.person == person.id for a in memo.answered()):
            raise MemoError("memo.already_acked")
        raise MemoError("memo.not_your_step")


def acknowledge(
    memo: Memo,
    step: int,
    version: int,
    person: Person,
    comment: str,
    channel: str,
    now: datetime,
) -> Ack:
    """Record the pending step's comment and acknowledgement; the last one completes the memo."""
    check_turn(memo, step, version, person)
    text = clean_comment(comment) or STANDARD_COMMENTS[0]
    ack = Ack(
        step, person.id, person.name, memo.chain[step].position, text, now.isoformat(), channel
    )
    memo.acks.append(ack)
    if len(memo.answered()) == len(memo.chain):
        memo.status = "complete"
    return ack


def send_back(
    memo: Memo, step: int, version: int, person: Person, comment: str, channel: str, now: datetime
) -> Ack:
    """Return the memo to the secretary with a comment (required) from the pending step."""
    check_turn(memo, step, version, person)
    text = clean_comment(comment)
    if not text:
        raise MemoError("memo.return_needs_comment")
    ack = Ack(
        step, person.id, person.name, memo.chain[step].position, text, now.isoformat(), channel,
        "return",
    )  # fmt: skip
    memo.acks.append(ack)
    memo.status = "returned"
    return ack


def may_send(person: Person) -> bool:
    """Whether a person may send, revise and configure memos."""
    return person.has_role(Role.SECRETARY, Role.ADMIN)


def parse_chain(text: str, people: list[Person], org_name: str) -> list[ChainStep]:
    """Read "title=who; title=who" (who: a name, part of one, ผู้บริหาร or เลขานุการ)."""
    parts = [p.strip() for p in re.split(r"[;\n>→]+", text) if p.strip()]
    if len(parts) > MAX_STEPS:
        raise MemoError("memo.chain_too_long", limit=MAX_STEPS)
    steps = []
    for part in parts:
        title, sep, who = (s.strip() for s in part.partition("="))
        if not sep or not title or not who or len(title) > 80:
            raise MemoError("memo.chain_bad", text=part[:40])
        steps.append(ChainStep(title, _who(who, people), default_position(title, org_name)))
    if not steps:
        raise MemoError("memo.chain_bad", text=text[:40])
    return steps


def _who(name: str, people: list[Person]) -> str:
    if name.lower() in _ROLE_WORDS:
        return ROLE_PREFIX + _ROLE_WORDS[name.lower()]
    exact = [p for p in people if p.name == name or p.id == name]
    partial = [p for p in people if name in p.name]
    found = exact or partial
    if len(found) != 1:
        names = ", ".join(p.name for p in people if p.roles != [Role.STAFF])[:300]
        raise MemoError("memo.chain_who", name=name[:40], names=names)
    return found[0].id
