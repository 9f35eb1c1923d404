"""The LINE push quota, per channel: read daily, warn its secretaries at 80 %, stop at 100 %.

LINE counts pushes per channel (Official Account). The deployment's default channel (the
environment's) is used by every organisation with no LINE channel of its own, so its
warning goes to their secretaries; an organisation's own channel warns only its own.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.chat.messages import Platform, Text
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
    """This month's LINE push quota of one channel as last read."""

    limit: int | None
    used: int
    checked_at: str

    @property
    def share(self) -> float:
        """Used share of the limit (0 when unlimited)."""
        return self.used / self.limit if self.limit else 0.0


@dataclass(frozen=True)
class LineChannel:
    """A LINE channel whose quota is checked, and the organisations it serves."""

    adapter: Adapter
    owner: str  # the organisation whose own channel it is; "" for the deployment's
    name: str  # the OA's name, when known
    orgs: tuple[str, ...] | None  # whose secretaries hear of its quota (None: everyone's)

    @property
    def channel(self) -> str:
        """The channel's id ("" for the deployment's default channel)."""
        return self.adapter.channel


@dataclass(frozen=True)
class ChannelQuota:
    """What one channel's check found: its quota, or why it could not be read."""

    line: LineChannel
    quota: Quota | None
    error: str = ""


def saved_quota(store: RedisStore, channel: str = "") -> Quota | None:
    """Return a LINE channel's quota as last read, if ever ("" = the default channel)."""
    raw = store.quota.saved_line_quota(channel)
    if not raw:
        return None
    limit = int(raw["limit"]) if raw.get("limit") else None
    return Quota(limit, int(raw.get("used", 0)), raw.get("checked_at", ""))


def metered(adapters: Mapping[str, Adapter]) -> Adapter | None:
    """Return the configured platform whose pushes are metered (LINE), if any."""
    found = (a for a in adapters.values() if a.is_metered and a.is_configured())
    return next(found, None)


def line_channels(store: RedisStore, deliverer: Deliverer) -> list[LineChannel]:
    """Return the default LINE channel (if configured) and every organisation's own."""
    records = []
    if deliverer.channels is not None:
        records = deliverer.channels.channels.on_platform(Platform.LINE)
    found = []
    default = metered(deliverer.adapters)
    if default is not None:
        own = {record.org_id for record in records}
        users = tuple(org.id for org in store.list_orgs() if org.id not in own)
        found.append(LineChannel(default, "", "", users))
    if deliverer.channels is not None:
        adapter = deliverer.channels.adapter
        found += [LineChannel(adapter(r), r.org_id, r.name, (r.org_id,)) for r in records]
    return found


def check_every_channel(
    store: RedisStore, deliverer: Deliverer, now: datetime | None = None
) -> list[ChannelQuota]:
    """Check each LINE channel's quota; one channel failing does not stop the others."""
    results = []
    for line in line_channels(store, deliverer):
        try:
            quota = check_channel(store, deliverer, line, now)
        except Exception as exc:  # noqa: BLE001 - a revoked token must not hide the rest
            log.warning("LINE quota of channel %r: %s", line.channel, type(exc).__name__)
            results.append(ChannelQuota(line, None, type(exc).__name__))
            continue
        results.append(ChannelQuota(line, quota))
    return results


def check_quota(
    store: RedisStore, line: Adapter, deliverer: Deliverer, now: datetime | None = None
) -> Quota:
    """Check the deployment's default LINE channel, warning every organisation's secretary."""
    return check_channel(store, deliverer, LineChannel(line, "", "", None), now)


def check_channel(
    store: RedisStore, deliverer: Deliverer, line: LineChannel, now: datetime | None = None
) -> Quota:
    """Read a channel's quota from LINE, store it, warn once at 80 %, stop it at 100 %.

    The warning goes to the secretaries of the organisations it serves, once per channel
    and month, in each one's language, naming the OA when its name is known.
    """
    now = now or deliverer.clock()
    channel = line.channel
    limit, used = line.adapter.quota()
    quota = Quota(limit, used, now.isoformat())
    month = now.astimezone(BANGKOK).strftime("%Y-%m")
    store.quota.save_line_quota(channel, limit, used, quota.checked_at)
    if limit and used >= limit:
        deliverer.mark_quota_exhausted(now, channel=channel, org_id=line.owner)
    if limit and quota.share >= WARN_AT and store.quota.warn_once(channel, month):
        percent = round(quota.share * 100)
        key = "quota.warning_named" if line.name else "quota.warning"
        said = {"used": used, "limit": limit, "percent": percent, "name": line.name}
        warned = [o.id for o in store.list_orgs()] if line.orgs is None else line.orgs
        for org_id in warned:
            for person in store.people(org_id):
                if person.has_role(Role.SECRETARY):
                    text = t(key, person.language, **said)
                    retry = f"quota-warning|{channel + '|' if channel else ''}{month}|{person.id}"
                    deliverer.send_to(person, Text(text), retry)
    return quota
