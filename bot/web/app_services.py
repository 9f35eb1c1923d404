"""What the request handlers need: the runtime the app was built around."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flask import current_app

from bot.domain.clock import today_in_bangkok

if TYPE_CHECKING:  # the web layer is handed the runtime; it never builds one
    from bot.app.config import Config
    from bot.app.runtime import Runtime
    from bot.chat.core import ChatCore
    from bot.platforms.simulator.platform import SimulatorPlatform
    from bot.store.redis_store import RedisStore


@dataclass(frozen=True)
class Services:
    """The runtime's parts that request handlers use, under short names."""

    runtime: Runtime

    @property
    def config(self) -> Config:
        """The process's config."""
        return self.runtime.config

    @property
    def store(self) -> RedisStore:
        """The store."""
        return self.runtime.store

    @property
    def core(self) -> ChatCore:
        """The chat core (the simulator and the webhooks hand it messages)."""
        return self.runtime.core

    @property
    def simulator(self) -> SimulatorPlatform:
        """The chat simulator's platform."""
        return self.runtime.simulator

    def today(self) -> date:
        """Today in Bangkok, by the runtime's clock."""
        return today_in_bangkok(self.runtime.clock)


def services() -> Services:
    """Return the current app's services."""
    services_: Services = current_app.extensions["ita"]
    return services_
