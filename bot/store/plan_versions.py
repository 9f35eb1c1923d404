"""Archived measures and earlier versions of the plan: nothing leaves with its reports."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import redis

from bot.domain.model import Measure
from bot.store import codec
from bot.store import keys as k
from bot.store.plans import Pipeline, PlanStoreMixin

AfterWrite = Callable[[Pipeline, Measure], None]  # adds writes (the audit) to the move


@dataclass(frozen=True)
class PlanVersion:
    """The plan as it was before a save: its measure ids, and the ones the save changed."""

    at: datetime
    actor: str
    ids: list[str]
    changed: list[Measure]  # content before the save of the measures it updated


@dataclass(frozen=True)
class PlanRestore:
    """What going back to the previous version changed."""

    version: PlanVersion
    restored: int  # measures of that version now in the plan again (content as it was)
    archived: int  # measures added since, archived with their reports


def load_version(raw: str | bytes) -> PlanVersion:
    """Decode a stored version of the plan."""
    data = json.loads(raw)
    return PlanVersion(
        at=datetime.fromisoformat(data["at"]),
        actor=data.get("actor", ""),
        ids=list(data["ids"]),
        changed=[codec.load_measure(json.dumps(m)) for m in data["measures"]],
    )


class PlanVersionStoreMixin(PlanStoreMixin):
    """Archive and restore one measure; go back to the plan before the last save."""

    r: redis.Redis

    def archived_measures(self, org_id: str) -> list[Measure]:
        """Return the archived measures by number."""
        raws = self.r.hvals(k.org_key(k.MEASURES_ARCHIVED, org_id))
        return sorted((codec.load_measure(raw) for raw in raws), key=lambda m: m.number)

    def archived_by_number(self, org_id: str, number: int) -> Measure | None:
        """Return the archived measure with this short number, or None."""
        return next((m for m in self.archived_measures(org_id) if m.number == number), None)

    def archive_measure(
        self, org_id: str, measure_id: str, after: AfterWrite | None = None
    ) -> Measure | None:
        """Take a measure out of the plan (reports kept); None when it is not in the plan."""
        return self._move(org_id, measure_id, k.MEASURES, after)

    def restore_measure(
        self, org_id: str, measure_id: str, after: AfterWrite | None = None
    ) -> Measure | None:
        """Put an archived measure back in the plan; None when it is not archived."""
        return self._move(org_id, measure_id, k.MEASURES_ARCHIVED, after)

    def _move(
        self, org_id: str, measure_id: str, source: str, after: AfterWrite | None
    ) -> Measure | None:
        key = k.org_key(source, org_id)
        with self.r.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.hget(key, measure_id)
                    if not raw:
                        return None
                    measure = codec.load_measure(raw)
                    pipe.multi()
                    if source == k.MEASURES:
                        self._archive(pipe, org_id, measure)
                    else:
                        pipe.hdel(key, measure_id)
                        self._write_measure(pipe, org_id, measure)
                    if after is not None:
                        after(pipe, measure)
                    pipe.execute()
                    return measure
                except redis.WatchError:
                    continue

    def plan_versions(self, org_id: str) -> list[PlanVersion]:
        """Return the kept versions of the plan, newest first."""
        raws = self.r.lrange(k.org_key(k.PLAN_VERSIONS, org_id), 0, -1)
        return [load_version(raw) for raw in raws]

    def restore_previous_plan(
        self,
        org_id: str,
        actor: str = "",
        at: datetime | None = None,
        after: Callable[[Pipeline, PlanRestore], None] | None = None,
    ) -> PlanRestore | None:
        """Go back to the plan before the last save; None when no version is kept.

        Measures of that version come back (out of the archive if need be), those
        the save updated with their earlier content; measures added since are
        archived. Reports are never touched, so they stay attached to every measure
        that still exists.
        """
        measures_key = k.org_key(k.MEASURES, org_id)
        archived_key = k.org_key(k.MEASURES_ARCHIVED, org_id)
        versions_key = k.org_key(k.PLAN_VERSIONS, org_id)
        with self.r.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(measures_key, archived_key, versions_key)
                    raw_version = pipe.lindex(versions_key, 0)
                    if not raw_version:
                        return None
                    version = load_version(raw_version)
                    current = {
                        codec.as_text(mid): codec.load_measure(raw)
                        for mid, raw in pipe.hgetall(measures_key).items()
                    }
                    away = [mid for mid in version.ids if mid not in current]
                    raws = pipe.hmget(archived_key, away) if away else []
                    archived = {
                        mid: codec.load_measure(raw)
                        for mid, raw in zip(away, raws, strict=True)
                        if raw
                    }
                    earlier = {m.id: m for m in version.changed}
                    pipe.multi()
                    restored = 0
                    for mid in version.ids:
                        m = earlier.get(mid) or current.get(mid) or archived.get(mid)
                        if m is None:  # never deleted, so never missing; skip rather than fail
                            continue
                        if mid in current:
                            self._unindex(pipe, org_id, current[mid])
                        else:
                            pipe.hdel(archived_key, mid)
                        self._write_measure(pipe, org_id, m)
                        restored += 1
                    wanted = set(version.ids)
                    added = [m for mid, m in current.items() if mid not in wanted]
                    for m in added:
                        self._archive(pipe, org_id, m)
                    pipe.lpop(versions_key)
                    result = PlanRestore(version, restored, len(added))
                    if after is not None:
                        after(pipe, result)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue


def describe_version(version: PlanVersion) -> dict[str, object]:
    """Return a version as JSON-ready data for the audit log."""
    return {
        "at": version.at.astimezone(UTC).isoformat(),
        "actor": version.actor,
        "measures": len(version.ids),
    }
