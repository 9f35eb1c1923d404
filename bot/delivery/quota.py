"""The LINE push quota: read daily, warn the secretary at 80 %, stop pushing at 100 %."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.chat.messages import Text
from bot.delivery.deliverer import Deliverer
from bot.domain.model import Role
from bot.domain.thai import BANGKOK
from bot.platforms.base import Adapter
from bot.store.redis_store import RedisStore
from bot.texts import t

log = logging.getLogger(__name__)

WARN_AT = 0.8


@dataclass(frozen=True)
class Quota:
    """This month's LINE push quota as last read."""

    limit: int | None
    used: int
    checked_at: str

    @property
    def share(self) -> float:
        """Used share of the limit (0 when unlimited)."""
        return self.used / self.limit if self.limit else 0.0


def saved_quota(store: RedisStore) -> Quota | None:
    """Return the quota as last read, if ever."""
    raw = store.quota.saved_line_quota()
    if not raw:
        return None
    limit = int(raw["limit"]) if raw.get("limit") else None
    return Quota(limit, int(raw.get("used", 0)), raw.get("checked_at", ""))


def metered(adapters: Mapping[str, Adapter]) -> Adapter | None:
    """Return the configured platform whose pushes are metered (LINE), if any."""
    found = (a for a in adapters.values() if a.is_metered and a.is_configured())
    return next(found, None)


def check_quota(
    store: RedisStore, line: Adapter, deliverer: Deliverer, now: datetime | None = None
) -> Quota:
    """Read the quota from LINE, store it, warn secretaries once at 80 %, stop at 100 %."""
    now = now or deliverer.clock()
    limit, used = line.quota()
    quota = Quota(limit, used, now.isoformat())
    month = now.astimezone(BANGKOK).strftime("%Y-%m")
    store.quota.save_line_quota(limit, used, quota.checked_at)
    if limit and used >= limit:
        deliverer.mark_quota_exhausted(now)
    if limit and quota.share >= WARN_AT and store.quota.warn_once(month):
        text = Text(t("quota.warning", used=used, limit=limit, percent=round(quota.share * 100)))
        for org in store.list_orgs():
            for person in store.people(org.id):
                if person.has_role(Role.SECRETARY):
                    deliverer.send_to(person, text, f"quota-warning|{month}|{person.id}")
    return quota
