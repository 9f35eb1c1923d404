"""The routing table: each module's own table, merged once, with the fallbacks set."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app.config import Config
from bot.chat.context import Context
from bot.chat.core import ChatCore
from bot.chat.router import Router
from bot.handlers import TABLES, build_router, report, report_states
from bot.store.redis_store import RedisStore


def _nothing(ctx: Context) -> None:
    """A state handler that does nothing."""


def _choice(ctx: Context, argument: str) -> None:
    """A choice handler that does nothing."""


def test_a_state_declared_twice_is_refused() -> None:
    router = Router()
    router.conversation({"a.one": _nothing})
    with pytest.raises(ValueError, match="a.one"):
        router.conversation({"a.one": _nothing})


def test_including_a_clashing_table_is_refused() -> None:
    first, second = Router(), Router()
    first.choice("x")(_choice)
    second.choice("x")(_choice)
    merged = Router()
    merged.include(first)
    with pytest.raises(ValueError, match="'x'"):
        merged.include(second)


def test_the_merged_table_has_every_module_table_and_the_fallbacks() -> None:
    router = build_router()
    assert router.fallbacks is not None
    for table in TABLES:
        assert all(command in router.commands for command in table.commands)
        assert all(router.choices[prefix] == found for prefix, found in table.choices.items())
        assert all(router.states[name] is handler for name, handler in table.states.items())
    assert len(router.commands) == sum(len(table.commands) for table in TABLES)


def test_building_twice_gives_two_tables_and_no_shared_state() -> None:
    first, second = build_router(), build_router()
    assert first is not second and first.commands == second.commands
    first.commands.clear()
    assert second.commands and build_router().commands  # module tables are left as they were


def test_every_report_step_is_in_the_report_conversations_table() -> None:
    steps = {
        value
        for name, value in vars(report_states).items()
        if name.isupper() and isinstance(value, str)
    }
    assert steps == set(report.router.states)


@pytest.mark.store
def test_the_core_needs_a_router_with_fallbacks(store: RedisStore, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="fallbacks"):
        ChatCore(store, Config(data_dir=tmp_path), Router())
    assert ChatCore(store, Config(data_dir=tmp_path), build_router()).router.fallbacks
