"""Builds the long-lived parts of one process from the config: store, platforms, outbox."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.chat.core import ChatCore
from bot.clock import Now, utc_now
from bot.config import Config
from bot.delivery import Deliverer, message_to_json
from bot.monthly import send_monthly_summary
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
    clock: Now = utc_now
    menus: PersonMenus | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def plan_ahead(
        self, now: datetime, days: int = 1, check: Callable[[], None] = lambda: None
    ) -> int:
        """Plan every organisation's reminders from today to today + days (idempotent).

        ``check`` runs between organisations: the clock's lease check stops a clock that
        lost its lease mid-way.
        """
        today = now.astimezone(BANGKOK).date()
        added = 0
        for org in self.store.list_orgs():
            check()
            messages = plan_org(
                self.store, org.id, today, today + timedelta(days=days), self.policies
            )
            added += self.schedule.plan(message_to_json(org.id, m) for m in messages)
        return added

    def tick(self, now: datetime, check: Callable[[], None] = lambda: None) -> TickResult:
        """Plan ahead, then claim what is due and hand it to the outbox (in office hours)."""
        self.plan_ahead(now, check=check)
        check()
        return self.schedule.tick(now, self.outbox.enqueue, office_slot=self.office_slot)

    def make_outbox(self, min_backoff_ms: int = 2_000) -> Outbox:
        """Return an outbox whose workers deliver reminders and monthly summaries."""
        return build_outbox(self.config, self.store, self.deliverer, self.clock, min_backoff_ms)

    def office_slot(self, org_id: str, now: datetime) -> datetime | None:
        """When the organisation's offices next open, or None while they are open."""
        policy = self.policies.get(org_id)
        return self.policies.calendar(org_id).office_slot(
            now, policy.office_start, policy.office_end
        )


def build_runtime(config: Config, store: RedisStore, clock: Now = utc_now) -> Runtime:
    """Create the platforms (when configured), the core and the delivery pipeline."""
    # Both adapters are lazy: unconfigured, they refuse every webhook and send nothing.
    line = LinePlatform(config, store)
    telegram = TelegramPlatform(config, store)
    core = ChatCore(store, config, clock=clock)
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
        clock=clock,
    )
    core.notify = lambda person, replies: deliverer.send_replies(
        person, replies, f"notify|{person.id}|{secrets.token_hex(8)}"
    )
    outbox = build_outbox(config, store, deliverer, clock)
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
        clock=clock,
        menus=menus,
    )


def build_outbox(
    config: Config, store: RedisStore, deliverer: Deliverer, clock: Now, min_backoff_ms: int = 2_000
) -> Outbox:
    """Return the durable outbox: reminder deliveries and monthly summaries."""

    def send_summary(org_id: str, person_id: str, month: str) -> str:
        return send_monthly_summary(config, store, deliverer, clock, org_id, person_id, month)

    return Outbox(store.r, deliverer, min_backoff_ms=min_backoff_ms, send_summary=send_summary)
