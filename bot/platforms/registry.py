"""The chat platforms: one line each. The order is the order of preference for pushes."""

from __future__ import annotations

from collections.abc import Mapping

from bot.app.config import Config
from bot.platforms.base import Adapter, InviteWay
from bot.platforms.line.adapter import LineAdapter
from bot.platforms.simulator.platform import SimulatorPlatform
from bot.platforms.telegram.adapter import TelegramAdapter
from bot.store.redis_store import RedisStore

ADAPTERS: dict[str, type[Adapter]] = {
    "line": LineAdapter,
    "telegram": TelegramAdapter,
    "simulator": SimulatorPlatform,
}


def build_adapters(config: Config, store: RedisStore) -> dict[str, Adapter]:
    """Build every platform's adapter (each connects lazily, on first use)."""
    return {name: adapter(config, store) for name, adapter in ADAPTERS.items()}


def invite_ways(
    config: Config, code: str, lang: str = "th", accounts: Mapping[str, str] | None = None
) -> list[InviteWay]:
    """Return how to join with a code on each platform that can be linked, in order.

    ``accounts`` names the organisation's own account per platform (``invite_accounts``):
    its invites lead there; a platform without one keeps the deployment's.
    """
    own = accounts or {}
    found = (
        adapter.invite_way(config, code, lang, own.get(name, ""))
        for name, adapter in ADAPTERS.items()
    )
    return [way for way in found if way is not None]
