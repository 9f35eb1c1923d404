"""Help lists everything a person's role can do in chat."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.chat.core import ChatCore
from bot.demo import ensure_demo
from bot.handlers import build_router
from bot.store.redis_store import RedisStore
from tests.chat_helpers import Talker

pytestmark = pytest.mark.store
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
router = build_router()


@pytest.fixture()
def core(store: RedisStore, tmp_path: Path) -> ChatCore:
    ensure_demo(store, today=date(2026, 11, 21))
    return ChatCore(store, Config(data_dir=tmp_path), build_router(), clock=lambda: NOW)


@pytest.mark.parametrize("persona", ["p_staff2", "p_secretary", "p_chief"])
def test_help_names_every_command_of_the_role(core: ChatCore, persona: str) -> None:
    person = core.store.get_person("demo", persona)
    answer = Talker(core, persona).send("ช่วยเหลือ")
    allowed = [c for c in router.commands if not c.roles or person.has_role(*c.roles)]
    typed = [[w for w in c.words if not w.startswith("/")] for c in allowed]
    missing = [words[0] for words in typed if not any(w in answer.lower() for w in words)]
    assert not missing, f"{persona}: help does not mention {missing}"
    refused = [c for c in router.commands if c.roles and not person.has_role(*c.roles)]
    for command in refused:  # and nothing the role may not use
        assert f"• {command.words[0]}" not in answer, command.words


def test_secretary_help_has_the_setup_commands_with_examples(core: ChatCore) -> None:
    answer = Talker(core, "p_secretary").send("ช่วยเหลือ")
    for example in ("แก้ไข 12 ระยะเวลา", "ตั้งค่า", "วันหยุด เพิ่ม", "เชิญ กองคลัง", "ไฟล์แผน"):
        assert example in answer, example
    assert len(answer) < 5000  # one LINE text message
