"""Builds the long-lived parts of one process from the config: store, platforms, outbox."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.app.config import Config
from bot.chat.core import ChatCore
from bot.delivery.deliverer import Deliverer
from bot.delivery.monthly_push import send_monthly_summary
from bot.delivery.outbox import Outbox
from bot.delivery.planned import message_to_json
from bot.domain.clock import Now, utc_now
from bot.domain.thai import BANGKOK
from bot.handlers import build_router
from bot.platforms.base import Adapter
from bot.platforms.channel_adapters import ChannelAdapters
from bot.platforms.menusync import PersonMenus
from bot.platforms.registry import build_adapters
from bot.platforms.simulator.platform import PLATFORM as SIMULATOR
from bot.platforms.simulator.platform import SimulatorPlatform
from bot.reminders.preview import plan_org
from bot.store.channels import channel_store
from bot.store.policies import PolicyStore
from bot.store.redis_store import RedisStore, UnknownOrgError
from bot.store.schedule import Schedule, TickResult

log = logging.getLogger(__name__)
REPLAN_BATCH = 200  # organisations read from the replan set at a time
CLAIM_BATCH = 1000  # due messages claimed at a time


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
    adapters: dict[str, Adapter] = field(default_factory=dict)  # bot.platforms.registry's
    clock: Now = utc_now
    menus: PersonMenus | None = None
    channels: ChannelAdapters | None = None  # organisations' own LINE OAs and Telegram bots

    def plan_ahead(
        self, now: datetime, days: int = 1, check: Callable[[], None] = lambda: None
    ) -> int:
        """Plan the reminders of today to today + days for what changed (idempotent).

        Every organisation is planned at the first tick of a Bangkok day; between those,
        only the organisations something was written for (``mark_replan``). ``check``
        runs between organisations: the clock's lease check stops a clock that lost it.
        """
        today = now.astimezone(BANGKOK).date()
        schedule = self.schedule
        if schedule.start_day(today.isoformat()):
            # The daily pass; kept until each is planned.
            schedule.mark_replan([org.id for org in self.store.list_orgs()])
        added = 0
        while batch := schedule.replan_batch(REPLAN_BATCH):
            for org_id in batch:
                check()
                schedule.unmark_replan(org_id)  # before planning: a write meanwhile marks it again
                try:
                    added += self._plan_org(org_id, today, days)
                except BaseException:
                    schedule.mark_replan([org_id])  # not planned: the next tick tries again
                    raise
        return added

    def _plan_org(self, org_id: str, today: date, days: int) -> int:
        try:
            messages = plan_org(
                self.store, org_id, today, today + timedelta(days=days), self.policies
            )
        except UnknownOrgError:  # removed since it was marked: nothing to plan
            return 0
        return self.schedule.plan(message_to_json(org_id, m) for m in messages)

    def tick(self, now: datetime, check: Callable[[], None] = lambda: None) -> TickResult:
        """Plan what changed, then claim everything due, batch by batch, for the outbox."""
        self.plan_ahead(now, check=check)
        result = TickResult()
        while True:  # no cap per minute: a busy morning drains as fast as workers send
            check()
            batch = self.schedule.tick(
                now,
                self.outbox.enqueue,
                limit=CLAIM_BATCH,
                office_slot=self.office_slot,
                enqueue_many=self.outbox.enqueue_many,
            )
            result.add(batch)
            if batch.claimed < CLAIM_BATCH:
                return result

    def office_slot(self, org_id: str, now: datetime) -> datetime | None:
        """When the organisation's offices next open, or None while they are open."""
        policy = self.policies.get(org_id)
        return self.policies.calendar(org_id).office_slot(
            now, policy.office_start, policy.office_end
        )


def build_runtime(config: Config, store: RedisStore, clock: Now = utc_now) -> Runtime:
    """Create the platforms (from the registry), the core and the delivery pipeline."""
    # Every adapter is lazy: unconfigured, it refuses every webhook and sends nothing.
    adapters = build_adapters(config, store)
    channels = ChannelAdapters(config, store, channel_store(config, store), adapters)
    schedule = store.schedule
    policies = store.policies
    deliverer = Deliverer(
        store, schedule, policies, adapters=adapters, clock=clock, channels=channels
    )
    outbox = build_outbox(config, store, deliverer, clock)
    menus = PersonMenus(adapters, channels.by_address)
    core = ChatCore(
        store,
        config,
        build_router(),  # every handler module's table, registered here and nowhere else
        clock=clock,
        notify=lambda person, replies: deliverer.send_replies(
            person, replies, f"notify|{person.id}|{secrets.token_hex(8)}"
        ),
        person_changed=menus.sync,
        fetchers={name: adapter.fetch for name, adapter in adapters.items()},
        find_fetcher=lambda address: getattr(channels.by_address(address), "fetch", None),
    )
    simulator = adapters[SIMULATOR]
    assert isinstance(simulator, SimulatorPlatform)  # the simulator page talks to it directly
    return Runtime(
        config,
        store,
        core,
        simulator,
        schedule,
        policies,
        deliverer,
        outbox,
        adapters=adapters,
        clock=clock,
        menus=menus,
        channels=channels,
    )


def build_outbox(
    config: Config, store: RedisStore, deliverer: Deliverer, clock: Now, min_backoff_ms: int = 2_000
) -> Outbox:
    """Return the durable outbox: reminder deliveries and monthly summaries."""

    def send_summary(org_id: str, person_id: str, month: str) -> str:
        return send_monthly_summary(config, store, deliverer, clock, org_id, person_id, month)

    return Outbox(store, deliverer, min_backoff_ms=min_backoff_ms, send_summary=send_summary)
