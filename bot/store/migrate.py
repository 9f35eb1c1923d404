"""Renaming today's keys to the hash-tagged layout (``python -m bot store migrate``).

Before hash tags an organisation's keys read ``ita:demo:measures``; now they read
``ita:{demo}:measures`` (see bot/store/keys.py). Each key written under the old layout is
matched against the template that wrote it (``OLD`` below, frozen as it was) and renamed
with RENAMENX to what the same template writes now. Keys already in the new layout match
no old template, so a second run renames nothing. Run it on the single server the data
lives on, with the bot stopped; a cluster is filled from the migrated server afterwards
(docs/operations.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import redis

from bot.store import keys as k
from bot.store.codec import as_text
from bot.store.ledger import LEDGER_TTL

if TYPE_CHECKING:
    from bot.store.redis_store import RedisStore

# Every template whose key changed, as keys.py spelled it before hash tags.
OLD: dict[str, str] = {
    "ORG": "ita:{org}:org",
    "PROVINCES": "ita:provinces",
    "PROVINCE_ORGS": "ita:province:{province}:orgs",
    "MEASURES": "ita:{org}:measures",
    "MEASURE_SEQ": "ita:{org}:measures:seq",
    "MEASURES_BY_NUMBER": "ita:{org}:measures:by_number",
    "MEASURES_BY_END": "ita:{org}:measures:by_end",
    "MEASURES_BY_DIVISION": "ita:{org}:division:{division}:measures",
    "MEASURE_KEYS": "ita:{org}:measures:natural",
    "MEASURES_ARCHIVED": "ita:{org}:measures:archived",
    "PLAN_VERSIONS": "ita:{org}:plan:versions",
    "REPORTS": "ita:{org}:reports:{measure}",
    "LATEST_REPORT": "ita:{org}:reports:latest",
    "REPORTS_BY_TIME": "ita:{org}:reports:by_time",
    "SUMMARY": "ita:{org}:summary:{month}",
    "SUMMARY_ACKS": "ita:{org}:summary:{month}:acks",
    "MEMO": "ita:{org}:memo:{memo}",
    "MEMOS": "ita:{org}:memos",
    "MEMO_CHAIN": "ita:{org}:memo:chain",
    "MEMO_SETTINGS": "ita:{org}:memo:settings",
    "MEMO_SEQ": "ita:{org}:memo:seq:{fiscal_year}",
    "MEMO_SIGNATURE": "ita:{org}:signature:{person}",
    "PEOPLE": "ita:{org}:people",
    "IDENTITY": "ita:identity:{platform}:{user}",
    "CONVERSATION": "ita:conv:{platform}:{user}",
    "CONVERSATION_LOCK": "ita:conv:{platform}:{user}:lock",
    "CONVERSATION_WAS": "ita:conv:{platform}:{user}:was",
    "LAST_REPORT": "ita:{org}:person:{person}:last_report",
    "EVIDENCE": "ita:{org}:evidence:{evidence}",
    "EVIDENCE_REJECTED": "ita:{org}:evidence:rejected",
    "REMINDER_POLICY": "ita:{org}:reminders:policy",
    "HOLIDAYS": "ita:{org}:holidays",
    "ABSENCE": "ita:{org}:absence",
    "SNOOZE": "ita:{org}:reminders:snooze",
    "SIM_OUTBOX": "ita:sim:outbox:{user}",
    "SIM_PUSHED": "ita:sim:count:{user}",
    "SIM_SEEN": "ita:sim:seen:{user}",
    "PLANNED": "ita:reminders:planned",
    "PLANNED_DATA": "ita:reminders:planned:data",
    "REPLAN": "ita:reminders:replan",
    "PLANNED_DAY": "ita:reminders:planned_day",
    "CLAIMED": "ita:reminders:claimed",
    "ENQUEUED": "ita:reminders:enqueued",
    "LEDGER": "ita:{org}:ledger:{measure}:{person}:{kind}:{day}",
    "MISSED": "ita:missed:{platform}:{user}",
    "CLOCK_LEASE": "ita:clock:lease",
    "CLOCK_FENCE": "ita:clock:lease:fence",
    "CLOCK_HEARTBEAT": "ita:clock:heartbeat",
    "PLAN_PREVIEW": "ita:{org}:plan:preview:{token}",
    "AUDIT": "ita:{org}:audit",
    "PERSON_SESSIONS": "ita:{org}:person:{person}:sessions",
}
# The Dramatiq broker's namespace (bot/delivery/outbox.py): old prefix -> new prefix.
OUTBOX_PREFIXES = ("ita-outbox:", "{ita-outbox}:")
_FIELD = re.compile(r"\{(\w+)\}")


@dataclass
class Migration:
    """What a migration renamed (or would rename), and the keys it could not."""

    renames: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # the new key exists
    indexed: list[str] = field(default_factory=list)  # channels added to their platform's set


def _pattern(template: str) -> re.Pattern[str]:
    """A regex matching the keys an old template wrote, one group per field."""
    parts = _FIELD.split(template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^:{{}}]+)" for i, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$")


# Fixed keys before templates, fewer fields before more: ``reports:latest`` is LATEST_REPORT,
# not the reports of a measure called "latest".
_TEMPLATES = sorted(
    ((name, _pattern(old)) for name, old in OLD.items()),
    key=lambda item: len(item[1].groupindex),
)


def new_name(key: str, orgs: set[str]) -> str | None:
    """Return the new name of an old-layout key, or None (new layout, or not ours)."""
    if key.startswith(OUTBOX_PREFIXES[0]):
        return OUTBOX_PREFIXES[1] + key[len(OUTBOX_PREFIXES[0]) :]
    for name, pattern in _TEMPLATES:
        found = pattern.match(key)
        if found is None:
            continue
        fields = found.groupdict()
        if "org" in fields and fields["org"] not in orgs:
            continue  # not an organisation's key after all
        template = getattr(k, name)  # a fixed key (no fields) is not a format string
        renamed = template.format(**fields) if fields else template
        return renamed if renamed != key else None
    return None


def _old_keys(client: redis.Redis) -> Iterator[str]:
    for match in (k.PREFIX + "*", OUTBOX_PREFIXES[0] + "*"):
        for raw in client.scan_iter(match=match, count=1000):
            try:
                yield raw.decode() if isinstance(raw, bytes) else str(raw)
            except UnicodeDecodeError:
                continue  # no template writes such a key


def migrate_store(store: RedisStore, dry_run: bool = False) -> Migration:
    """Migrate the keys of a store's server (see migrate), then index older channel records."""
    done = migrate(store.r, dry_run=dry_run)
    done.indexed = index_channels(store.r, dry_run=dry_run)
    return done


def index_channels(client: redis.Redis, dry_run: bool = False) -> list[str]:
    """Add channel records saved before the per-platform sets to theirs; return their ids.

    The daily quota check lists LINE channels from that set. The platform is read from the
    record's clear fields: no secret is opened.
    """
    added: list[str] = []
    for raw_key in client.scan_iter(match=k.ORG_CHANNELS.format(org="*"), count=1000):
        ids = sorted(as_text(m) for m in client.smembers(raw_key))
        raws = client.mget([k.CHANNEL.format(channel=i) for i in ids]) if ids else []
        for channel_id, raw in zip(ids, raws, strict=True):
            if raw is None:
                continue
            platform = str(json.loads(raw).get("platform", ""))
            key = k.PLATFORM_CHANNELS.format(platform=platform)
            if platform and not client.sismember(key, channel_id):
                if not dry_run:
                    client.sadd(key, channel_id)
                added.append(channel_id)
    return added


_OLD_LEDGER = _pattern(OLD["LEDGER"])


def _fold_ledger(client: redis.Redis, key: str, target: str, dry_run: bool) -> bool:
    """Fold an old per-send ledger key into its day's hash; False if the entry is there."""
    found = _OLD_LEDGER.match(key)
    assert found is not None
    name = "{person}|{measure}|{kind}".format(**found.groupdict())
    if dry_run:
        return not client.hexists(target, name)
    value, ttl = client.get(key), client.ttl(key)
    added = value is not None and bool(client.hsetnx(target, name, value))
    if added:
        # the hash lives as long as its longest entry would have (400 days at most)
        client.expire(target, max(ttl, client.ttl(target), 1) if ttl > 0 else LEDGER_TTL)
    client.delete(key)
    return added


def migrate(client: redis.Redis, dry_run: bool = False) -> Migration:
    """Rename every old-layout key (or, with dry_run, only say what would be renamed).

    Old per-send ledger keys (one STRING each) are folded into the day's HASH instead.
    """
    orgs = {as_text(member) for member in client.smembers(k.ORGS)}
    done = Migration()
    for key in sorted(set(_old_keys(client))):
        target = new_name(key, orgs)
        if target is None:
            continue
        if _OLD_LEDGER.match(key) and target.startswith(k.PREFIX):
            moved = _fold_ledger(client, key, target, dry_run)
            (done.renames if moved else done.conflicts).append((key, target))
            continue
        if dry_run:
            if client.exists(target):
                done.conflicts.append((key, target))
            else:
                done.renames.append((key, target))
        elif client.renamenx(key, target):
            done.renames.append((key, target))
        else:
            done.conflicts.append((key, target))
    return done
