"""The adapter seam: only bot/platforms/ imports a platform SDK; the registry is consistent."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.app.config import Config
from bot.domain.model import Person
from bot.platforms.base import json_depth, load_json
from bot.platforms.registry import ADAPTERS, build_adapters, invite_ways
from bot.store.redis_store import RedisStore

ROOT = Path(__file__).resolve().parents[1]
SDKS = ("linebot", "telegram")


def sdk_imports(path: Path) -> list[str]:
    """Return the platform SDK modules a source file imports (at any depth)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [name for name in names if name.split(".")[0] in SDKS]
    return found


def test_only_the_platform_adapters_import_an_sdk() -> None:
    outside = {
        str(path.relative_to(ROOT)): sdk_imports(path)
        for folder in ("bot", "scheduler")
        for path in (ROOT / folder).rglob("*.py")
        if not path.is_relative_to(ROOT / "bot" / "platforms")
    }
    assert {path: names for path, names in outside.items() if names} == {}
    # The scan sees what it looks for: the adapters do import them.
    inside = [n for p in (ROOT / "bot" / "platforms").rglob("*.py") for n in sdk_imports(p)]
    assert {name.split(".")[0] for name in inside} == set(SDKS)


def test_each_registry_line_builds_an_adapter_of_that_name(store: RedisStore, tmp_path) -> None:  # type: ignore[no-untyped-def]
    adapters = build_adapters(Config(data_dir=tmp_path), store)
    assert list(adapters) == list(ADAPTERS) == ["line", "telegram", "simulator"]
    assert all(adapter.name == name for name, adapter in adapters.items())
    # Unconfigured, the real platforms send nothing; the simulator needs no credentials.
    assert [a.is_configured() for a in adapters.values()] == [False, False, True]
    assert [a.has_webhook for a in adapters.values()] == [True, True, False]
    person = Person("p", "o", "ชื่อ", chat_ids={"telegram": "42"})
    adapters["line"].sync_menus(person)  # not linked on LINE, not configured: nothing happens


def test_invite_ways_follow_the_registry_order() -> None:
    config = Config(line_bot_basic_id="@123abcde", telegram_bot_username="ita_bot")
    ways = invite_ways(config, "ABCD2345")
    assert [w.link for w in ways] == [
        "https://line.me/R/oaMessage/%40123abcde/?ABCD2345",
        "https://t.me/ita_bot?start=ABCD2345",
    ]
    assert invite_ways(Config(), "ABCD2345") == []


def test_webhook_bodies_nest_at_most_32_deep() -> None:
    assert json_depth('{"a": [1, {"b": "[[[["}]}') == 3
    assert load_json(b'{"events": []}') == {"events": []}
    deep = b"[" * 33 + b"]" * 33
    try:
        load_json(deep)
    except ValueError as exc:
        assert "deeper than 32" in str(exc)
    else:
        raise AssertionError("a body nested 33 deep was read")
