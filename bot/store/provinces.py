"""Which organisations are in which province: a set per province, kept with the records."""

from __future__ import annotations

import redis

from bot.store import codec
from bot.store import keys as k

Pipeline = redis.client.Pipeline


def index_province(pipe: Pipeline, org_id: str, before: str | None, after: str | None) -> None:
    """Queue moving an organisation from one province's set to another's (either may be none)."""
    if before == after:
        if after:  # re-saving keeps the index whole even if it was lost
            pipe.sadd(k.PROVINCE_ORGS.format(province=after), org_id)
            pipe.sadd(k.PROVINCES, after)
        return
    if before:
        pipe.srem(k.PROVINCE_ORGS.format(province=before), org_id)
    if after:
        pipe.sadd(k.PROVINCE_ORGS.format(province=after), org_id)
        pipe.sadd(k.PROVINCES, after)


def province_org_ids(client: redis.Redis, province: str) -> list[str]:
    """Return the ids of a province's organisations, sorted."""
    members = client.smembers(k.PROVINCE_ORGS.format(province=province))
    return sorted(codec.as_text(m) for m in members)


def known_provinces(client: redis.Redis) -> list[str]:
    """Return every province that has (or had) an organisation, sorted."""
    return sorted(codec.as_text(m) for m in client.smembers(k.PROVINCES))
