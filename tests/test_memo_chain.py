"""The chain as a state machine: send, acknowledge in turn, send back, revise; pure."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.model import Person, Role
from bot.memo.chain import (
    STANDARD_COMMENTS,
    acknowledge,
    default_position,
    resolve_chain,
    send,
    send_back,
)
from bot.memo.model import ChainStep, Memo, MemoError, clean_comment, memo_id_parts

NOW = datetime(2027, 4, 1, 2, 0, tzinfo=UTC)
ORG = "องค์การบริหารส่วนตำบลหัวหนอง"
PEOPLE = [
    Person("sec", "o", "นางชยานุศภัตน์ สีตาคำ", [Role.SECRETARY]),
    Person("head", "o", "จ่าเอกสุปชัย", []),
    Person("deputy", "o", "นางรพีพรรณ", []),
    Person("chief", "o", "นายจิรวิษณุ", [Role.CHIEF]),
    Person("mayor", "o", "นายสมศักดิ์", []),
]
BY_ID = {p.id: p for p in PEOPLE}


def chain() -> list[ChainStep]:
    steps = [("หัวหน้าสำนักปลัด", "head"), ("รองปลัด", "deputy"), ("ปลัด", "role:chief"),
             ("นายก", "mayor")]  # fmt: skip
    return resolve_chain([ChainStep(r, p, default_position(r, ORG)) for r, p in steps], PEOPLE)


def sent() -> Memo:
    return send(Memo("o", "six_month", 2570), chain(), "sec", NOW)


def test_positions_and_roles_resolved() -> None:
    steps = chain()
    assert [s.person for s in steps] == ["head", "deputy", "chief", "mayor"]
    assert steps[0].position == "หัวหน้าสำนักปลัด"
    assert steps[3].position == f"นายก{ORG}"
    with pytest.raises(MemoError) as error:
        resolve_chain([ChainStep("ปลัด", "role:admin")], PEOPLE)
    assert error.value.key == "memo.no_role_holder"


def test_four_steps_in_turn_complete_the_memo() -> None:
    memo = sent()
    assert memo.status == "pending" and memo.pending_step() == 0
    for i, person in enumerate(["head", "deputy", "chief", "mayor"]):
        ack = acknowledge(memo, i, 1, BY_ID[person], STANDARD_COMMENTS[i % 3], "line", NOW)
        assert ack.name == BY_ID[person].name and ack.position == memo.chain[i].position
    assert memo.status == "complete" and memo.pending_step() is None
    assert [a.person for a in memo.acks] == ["head", "deputy", "chief", "mayor"]


@pytest.mark.parametrize(
    ("step", "person", "key"),
    [
        (1, "deputy", "memo.not_your_step"),  # not their turn yet
        (0, "mayor", "memo.not_your_step"),  # not their step
        (0, "sec", "memo.not_your_step"),
    ],
)
def test_only_the_pending_step_may_answer(step: int, person: str, key: str) -> None:
    memo = sent()
    with pytest.raises(MemoError) as error:
        acknowledge(memo, step, 1, BY_ID[person], "ทราบ", "line", NOW)
    assert error.value.key == key and memo.acks == []


def test_double_tap_and_stale_version_are_refused() -> None:
    memo = sent()
    acknowledge(memo, 0, 1, BY_ID["head"], "ทราบ", "line", NOW)
    with pytest.raises(MemoError) as error:
        acknowledge(memo, 0, 1, BY_ID["head"], "ทราบ", "line", NOW)
    assert error.value.key == "memo.already_acked" and len(memo.acks) == 1
    with pytest.raises(MemoError) as error:
        acknowledge(memo, 1, 2, BY_ID["deputy"], "ทราบ", "line", NOW)
    assert error.value.key == "memo.stale"


def test_long_comment_refused_and_nothing_recorded() -> None:
    memo = sent()
    with pytest.raises(MemoError) as error:
        acknowledge(memo, 0, 1, BY_ID["head"], "ก" * 10_000, "line", NOW)
    assert error.value.key == "memo.comment_too_long" and memo.acks == []
    assert clean_comment("  ทราบ \n ดำเนินการ ") == "ทราบ ดำเนินการ"


def test_send_back_revise_and_resend_keeps_versions() -> None:
    memo = sent()
    acknowledge(memo, 0, 1, BY_ID["head"], "ทราบ", "line", NOW)
    with pytest.raises(MemoError):
        send_back(memo, 1, 1, BY_ID["deputy"], "   ", "line", NOW)
    send_back(memo, 1, 1, BY_ID["deputy"], "กรุณาเพิ่มผลของกองช่าง", "telegram", NOW)
    assert memo.status == "returned" and memo.pending_step() is None
    with pytest.raises(MemoError):
        acknowledge(memo, 1, 1, BY_ID["deputy"], "ทราบ", "line", NOW)
    send(memo, chain(), "sec", NOW, note="เพิ่มผลของกองช่างแล้ว")
    assert memo.version == 2 and memo.status == "pending" and memo.acks == []
    assert memo.history[0]["version"] == 1
    assert [a["action"] for a in memo.history[0]["acks"]] == ["ack", "return"]
    with pytest.raises(MemoError) as error:
        send(memo, chain(), "sec", NOW)
    assert error.value.key == "memo.already_pending"


def test_memo_ids() -> None:
    assert memo_id_parts("six_month-2570") == ("six_month", 2570, "")
    assert memo_id_parts("month-2027-03") == ("month", 0, "2027-03")
    assert Memo("o", "month", 2570, "2027-03").id == "month-2027-03"
    with pytest.raises(MemoError):
        memo_id_parts("six_month-25")
    with pytest.raises(MemoError) as error:
        send(Memo("o", "year_end", 2570), [], "sec", NOW)
    assert error.value.key == "memo.no_chain"
