"""Builds the long-lived parts of one process from the config: store, platforms, outbox."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.chat.core import ChatCore
from bot.config import Config
from bot.delivery import Deliverer, message_to_json
from bot.outbox import Outbox
from bot.platforms.line import LinePlatform
from bot.platforms.menusync import PersonMenus
from bot.platforms.richmenus import RichMenus
from bot.platforms.telegram import TelegramPlatform
from bot.reminders.policy import PolicyStore
from bot.reminders.preview import plan_org
from bot.schedule import Schedule, TickResult
from bot.simulator import SimulatorPlatform
from bot.store.redis_store import RedisStore
from bot.thai import BANGKOK

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything a web worker, the clock or a CLI command needs, built once."""

    config: Config
    store: RedisStore
    core: ChatCore
    simulator: SimulatorPlatform
    schedule: Schedule
    policies: PolicyStore
    deliverer: Deliverer
    outbox: Outbox
    line: LinePlatform | None = None
    telegram: TelegramPlatform | None = None
    menus: PersonMenus | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def plan_ahead(self, now: datetime, days: int = 1) -> int:
        """Plan every organisation's reminders from today to today + days (idempotent)."""
        today = now.astimezone(BANGKOK).date()
        added = 0
        for org in self.store.list_orgs():
            messages = plan_org(
                self.store, org.id, today, today + timedelta(days=days), self.policies
            )
            added += self.schedule.plan(message_to_json(org.id, m) for m in messages)
        return added

    def tick(self, now: datetime) -> TickResult:
        """Plan ahead, then claim what is due and hand it to the outbox."""
        self.plan_ahead(now)
        return self.schedule.tick(now, self.outbox.enqueue)


def build_runtime(config: Config, store: RedisStore) -> Runtime:
    """Create the platforms (when configured), the core and the delivery pipeline."""
    # Both adapters are lazy: unconfigured, they refuse every webhook and send nothing.
    line = LinePlatform(config, store)
    telegram = TelegramPlatform(config, store)
    core = ChatCore(store, config)
    simulator = SimulatorPlatform(store.r, config.data_dir)
    core.evidence.fetchers.update(
        simulator=simulator.fetch, line=line.fetch, telegram=telegram.fetch
    )
    schedule = Schedule(store.r)
    policies = PolicyStore(store.r)
    has_line = bool(config.line_channel_access_token)
    deliverer = Deliverer(
        store,
        schedule,
        policies,
        line=line if has_line else None,
        telegram=telegram if config.telegram_bot_token else None,
        simulator=simulator.push,
    )
    core.notify = lambda person, replies: deliverer.send_replies(
        person, replies, f"notify|{person.id}|{secrets.token_hex(8)}"
    )
    outbox = Outbox(store.r, deliverer)
    menus = PersonMenus(
        RichMenus(line, store.r) if has_line else None,
        telegram if config.telegram_bot_token else None,
    )
    core.person_changed = menus.sync
    return Runtime(
        config,
        store,
        core,
        simulator,
        schedule,
        policies,
        deliverer,
        outbox,
        line=line,
        telegram=telegram,
        menus=menus,
    )
