"""Joining with an invite code: what a stranger is told for codes that do not work."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.chat.core import ChatCore
from bot.demo import ensure_demo
from bot.domain.model import Role
from bot.handlers import build_router
from bot.store.invites import create_invite, looks_invite_like
from bot.store.redis_store import RedisStore
from tests.chat_helpers import Talker

pytestmark = pytest.mark.store
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


@pytest.fixture()
def core(store: RedisStore, tmp_path: Path) -> ChatCore:
    ensure_demo(store, today=date(2026, 11, 21))
    return ChatCore(store, Config(data_dir=tmp_path), build_router(), clock=lambda: NOW)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("ABCD1234", "ABCD1234"),
        ("รหัส ELETE25X", "ELETE25X"),
        ("รหัสเชิญ abcd-1234", "ABCD1234"),
        ("code: QW0E1RTY", "QW0E1RTY"),
        ("ABCD ๑๒๓๔", "ABCD1234"),
    ],
)
def test_wrong_invite_like_codes_are_named_not_greeted(
    core: ChatCore, typed: str, shown: str
) -> None:
    answer = Talker(core, "stranger").send(typed)
    assert "ไม่พบรหัสเชิญ" in answer and shown in answer
    assert "สวัสดี" not in answer
    assert core.store.person_by_identity("simulator", "stranger") is None


@pytest.mark.parametrize(
    "typed", ["สวัสดี", "งานของฉัน", "hello", "ok thanks", "ABC123", "ABCDEFGHJK1"]
)
def test_other_words_get_the_greeting(core: ChatCore, typed: str) -> None:
    answer = Talker(core, "stranger").send(typed)
    assert "ไม่พบรหัสเชิญ" not in answer and "รหัสเชิญ 8 ตัว" in answer


def test_a_real_code_after_a_prefix_joins(core: ChatCore) -> None:
    invite = create_invite(core.store, "demo", Role.STAFF, division="กองคลัง", now=NOW)
    assert "ยินดีต้อนรับ" in Talker(core, "newcomer").send(f"รหัส {invite.code.lower()}")


def test_looks_invite_like() -> None:
    assert looks_invite_like("ABCD1234") and looks_invite_like("abcd-1234")
    assert not looks_invite_like("ABCD123") and not looks_invite_like("สวัสดีครับ")
