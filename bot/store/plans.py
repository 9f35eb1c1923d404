"""Measures on Redis: saving a plan, the indexes by number, end date and division."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import cast

import redis

from bot.domain.clock import utc_now
from bot.domain.model import Channel, Measure, Report, Status
from bot.store import codec
from bot.store import keys as k
from bot.store.replan import mark_replan
from bot.store.reports import ReportStoreMixin

Pipeline = redis.client.Pipeline


@dataclass
class PlanSave:
    """What saving a plan changed."""

    measures: list[Measure] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # measures already stored that the new plan does not mention
    reports: int = 0  # statuses from the plan recorded as reports
    archived: int = 0  # measures the plan replaced (kept with their reports, out of the plan)
    restored: int = 0  # archived measures the plan names again
    previous: list[Measure] = field(default_factory=list)  # updated measures as they were


class ClaimGone(Exception):
    """The preview a save was claiming is gone: saved already, cancelled or expired."""


VERSIONS_KEPT = 5


@dataclass
class _PlanState:
    known: dict[str, str]
    old: dict[str, Measure]
    latest: dict[str, Report]
    seq: int
    archived: dict[str, Measure] = field(default_factory=dict)


_READ_PLAN_STATE = """
local claimed = 1
if #KEYS > 5 then claimed = redis.call('EXISTS', KEYS[6]) end
return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]),
        redis.call('GET', KEYS[3]), redis.call('HGETALL', KEYS[4]),
        redis.call('HGETALL', KEYS[5]), claimed}
"""

AfterSave = Callable[[Pipeline, "PlanSave"], None]


def version_json(ids: Iterable[str], changed: Iterable[Measure], at: datetime, actor: str) -> str:
    """Encode the plan as it was before a save, for ย้อนแผน: the ids it held, and the earlier
    content of the measures the save changed (the others never left the store)."""
    return json.dumps(
        {
            "at": at.isoformat(),
            "actor": actor,
            "ids": list(ids),
            "measures": [json.loads(codec.dump_measure(m)) for m in changed],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


_DIVISION_WITH_LATEST = """
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
if #ids == 0 then return {{}, {}} end
return {redis.call('HMGET', KEYS[2], unpack(ids)), redis.call('HMGET', KEYS[3], unpack(ids))}
"""


def _pairs(flat: list[bytes]) -> dict[str, bytes]:
    it = iter(flat)
    return {codec.as_text(key): value for key, value in zip(it, it, strict=True)}


def new_id(prefix: str) -> str:
    """Return a short random id such as ``m_3f9a1c2b7d``."""
    return f"{prefix}_{secrets.token_hex(5)}"


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def natural_keys(measures: Sequence[Measure]) -> list[str]:
    """Return the import identity of each measure, stable across re-imports of a plan."""
    seen: Counter[str] = Counter()
    out: list[str] = []
    for m in measures:
        basis = "|".join(
            [
                m.assessment.value if m.assessment else "",
                str(m.indicator or ""),
                m.item or "",
                _norm(m.title),
            ]
        )
        digest = hashlib.sha1(basis.encode()).hexdigest()[:16]
        seen[digest] += 1
        out.append(f"{digest}#{seen[digest]}")
    return out


def _day(d: date) -> int:
    return d.toordinal()


def _members(reply: object) -> list[bytes]:
    # ZRANGE/ZRANGEBYSCORE without WITHSCORES return members only; redis-py's type allows pairs.
    return cast(list[bytes], reply)


class PlanStoreMixin(ReportStoreMixin):
    """The measures part of RedisStore: plans, single measures and their indexes."""

    r: redis.Redis

    def save_plan(
        self,
        org_id: str,
        measures: Sequence[Measure],
        statuses: Sequence[Status | None] | None = None,
        at: datetime | None = None,
        *,
        replace_all: bool = False,
        actor: str = "",
        claim: str | None = None,
        after: AfterSave | None = None,
    ) -> PlanSave:
        """Insert or update a plan's measures atomically; re-imports never duplicate.

        A status read from the plan becomes a report (channel ``import``) when it
        differs from the measure's latest report, so re-importing adds nothing.
        The plan as it was is kept as a version (ย้อนแผน). With ``replace_all``,
        measures the plan does not name are archived, never deleted. ``claim`` is
        a key (a preview) that must exist and is deleted in the same transaction,
        so one preview saves once (ClaimGone otherwise); ``after`` adds writes
        (the audit entry) to that transaction.
        """
        natural = natural_keys(measures)
        keys = [
            k.org_key(k.MEASURE_KEYS, org_id),
            k.org_key(k.MEASURES, org_id),
            k.org_key(k.MEASURE_SEQ, org_id),
            k.org_key(k.LATEST_REPORT, org_id),
            k.org_key(k.MEASURES_ARCHIVED, org_id),
        ] + ([claim] if claim else [])
        when = at or utc_now()
        with self.r.pipeline() as pipe:
            while True:
                try:
                    # WATCH, one scripted read and MULTI/EXEC: three round trips.
                    pipe.watch(*keys)
                    known, old_raw, seq, latest, archived, claimed = pipe.eval(
                        _READ_PLAN_STATE, len(keys), *keys
                    )
                    if not claimed:
                        raise ClaimGone(claim)
                    state = _PlanState(
                        known={nat: codec.as_text(mid) for nat, mid in _pairs(known).items()},
                        old={mid: codec.load_measure(raw) for mid, raw in _pairs(old_raw).items()},
                        latest={mid: codec.load_report(raw) for mid, raw in _pairs(latest).items()},
                        seq=int(seq or 0),
                        archived={
                            mid: codec.load_measure(raw) for mid, raw in _pairs(archived).items()
                        },
                    )
                    pipe.multi()
                    result = self._plan_writes(
                        pipe, org_id, measures, natural, state, statuses, when
                    )
                    versions = k.org_key(k.PLAN_VERSIONS, org_id)
                    ids = [m.id for m in sorted(state.old.values(), key=lambda m: m.number)]
                    pipe.lpush(versions, version_json(ids, result.previous, when, actor))
                    pipe.ltrim(versions, 0, VERSIONS_KEPT - 1)
                    if replace_all:
                        for mid in sorted(set(state.old) - {m.id for m in result.measures}):
                            self._archive(pipe, org_id, state.old[mid])
                            result.archived += 1
                        result.kept = 0
                    if claim:
                        pipe.delete(claim)
                    if after is not None:
                        after(pipe, result)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue

    def _plan_writes(
        self,
        pipe: Pipeline,
        org_id: str,
        measures: Sequence[Measure],
        natural: list[str],
        state: _PlanState,
        statuses: Sequence[Status | None] | None,
        at: datetime,
    ) -> PlanSave:
        result = PlanSave()
        seq = state.seq
        touched: set[str] = set()
        for i, (measure, nat) in enumerate(zip(measures, natural, strict=True)):
            mid = state.known.get(nat)
            previous = state.old.get(mid) if mid else None
            away = state.archived.get(mid) if mid and previous is None else None
            if away is not None:
                # Named again after it was archived: it comes back with its number and reports.
                saved = replace(measure, id=away.id, number=away.number)
                pipe.hdel(k.org_key(k.MEASURES_ARCHIVED, org_id), away.id)
                result.restored += 1
            elif previous is None:
                seq += 1
                saved = replace(measure, id=mid or new_id("m"), number=seq)
                result.created += 1
            else:
                saved = replace(measure, id=previous.id, number=previous.number)
                if codec.dump_measure(saved) == codec.dump_measure(previous):
                    result.unchanged += 1
                else:
                    result.updated += 1
                    result.previous.append(previous)
                self._unindex(pipe, org_id, previous)
            touched.add(saved.id)
            pipe.hset(k.org_key(k.MEASURE_KEYS, org_id), nat, saved.id)
            self._write_measure(pipe, org_id, saved)
            result.measures.append(saved)
            status = statuses[i] if statuses else None
            latest = state.latest.get(saved.id)
            if status is not None and (latest is None or latest.status != status):
                report = Report(
                    id=new_id("r"),
                    measure_id=saved.id,
                    status=status,
                    at=at,
                    person_id="import",
                    channel=Channel.IMPORT,
                    supersedes=latest.id if latest else None,
                )
                self.add_report(org_id, report, pipeline=pipe)
                result.reports += 1
        result.kept = len(set(state.old) - touched)
        pipe.set(k.org_key(k.MEASURE_SEQ, org_id), seq)
        return result

    def save_measure(self, org_id: str, measure: Measure, pipeline: Pipeline | None = None) -> None:
        """Replace one stored measure and its index entries."""
        previous = self.get_measure(org_id, measure.id)
        pipe = pipeline or self.r.pipeline()
        if previous:
            self._unindex(pipe, org_id, previous)
        self._write_measure(pipe, org_id, measure)
        if pipeline is None:
            pipe.execute()

    def _write_measure(self, pipe: Pipeline, org_id: str, m: Measure) -> None:
        mark_replan(pipe, org_id)
        pipe.hset(k.org_key(k.MEASURES, org_id), m.id, codec.dump_measure(m))
        pipe.zadd(k.org_key(k.MEASURES_BY_NUMBER, org_id), {m.id: m.number})
        if m.end:
            pipe.zadd(k.org_key(k.MEASURES_BY_END, org_id), {m.id: _day(m.end)})
        for division in m.divisions:
            key = k.org_key(k.MEASURES_BY_DIVISION, org_id, division=division)
            pipe.zadd(key, {m.id: m.number})

    def _archive(self, pipe: Pipeline, org_id: str, m: Measure) -> None:
        """Move a measure out of the plan and every index; its reports stay under its id."""
        mark_replan(pipe, org_id)
        self._unindex(pipe, org_id, m)
        pipe.zrem(k.org_key(k.MEASURES_BY_NUMBER, org_id), m.id)
        pipe.hdel(k.org_key(k.MEASURES, org_id), m.id)
        pipe.hset(k.org_key(k.MEASURES_ARCHIVED, org_id), m.id, codec.dump_measure(m))

    def _unindex(self, pipe: Pipeline, org_id: str, m: Measure) -> None:
        pipe.zrem(k.org_key(k.MEASURES_BY_END, org_id), m.id)
        for division in m.divisions:
            pipe.zrem(k.org_key(k.MEASURES_BY_DIVISION, org_id, division=division), m.id)

    def _load_measures(self, org_id: str, ids: Iterable[bytes | str]) -> list[Measure]:
        ids = list(ids)
        if not ids:
            return []
        raws = self.r.hmget(k.org_key(k.MEASURES, org_id), ids)
        return [codec.load_measure(raw) for raw in raws if raw]

    def measures(self, org_id: str) -> list[Measure]:
        """Return the organisation's measures ordered by their short number."""
        raws = self.r.hgetall(k.org_key(k.MEASURES, org_id)).values()
        return sorted((codec.load_measure(raw) for raw in raws), key=lambda m: m.number)

    def get_measure(self, org_id: str, measure_id: str) -> Measure | None:
        """Return one measure by id, or None."""
        raw = self.r.hget(k.org_key(k.MEASURES, org_id), measure_id)
        return codec.load_measure(raw) if raw else None

    def measure_by_number(self, org_id: str, number: int) -> Measure | None:
        """Return the measure people call by this short number, or None."""
        key = k.org_key(k.MEASURES_BY_NUMBER, org_id)
        ids = _members(self.r.zrangebyscore(key, number, number))
        found = self._load_measures(org_id, ids[:1])
        return found[0] if found else None

    def measures_ending_before(self, org_id: str, day: date) -> list[Measure]:
        """Return measures whose timeframe ends before day, earliest end first."""
        key = k.org_key(k.MEASURES_BY_END, org_id)
        return self._load_measures(
            org_id, _members(self.r.zrangebyscore(key, "-inf", f"({_day(day)}"))
        )

    def measures_of_division(self, org_id: str, division: str) -> list[Measure]:
        """Return the measures a division is responsible for, by number."""
        key = k.org_key(k.MEASURES_BY_DIVISION, org_id, division=division)
        return self._load_measures(org_id, _members(self.r.zrange(key, 0, -1)))

    def measures_with_latest(
        self, org_id: str, division: str | None = None
    ) -> list[tuple[Measure, Report | None]]:
        """Return measures (all, or one division's) with their latest reports, in one trip."""
        measures_key = k.org_key(k.MEASURES, org_id)
        latest_key = k.org_key(k.LATEST_REPORT, org_id)
        if division is None:
            with self.r.pipeline(transaction=False) as pipe:
                pipe.hgetall(measures_key)
                pipe.hgetall(latest_key)
                raw_measures, raw_latest = pipe.execute()
            latest = {codec.as_text(mid): raw for mid, raw in raw_latest.items()}
            measures = sorted(
                (codec.load_measure(raw) for raw in raw_measures.values()), key=lambda m: m.number
            )
            return [
                (m, codec.load_report(latest[m.id]) if m.id in latest else None) for m in measures
            ]
        index = k.org_key(k.MEASURES_BY_DIVISION, org_id, division=division)
        raws, latests = self.r.eval(_DIVISION_WITH_LATEST, 3, index, measures_key, latest_key)
        return [
            (codec.load_measure(raw), codec.load_report(rep) if rep else None)
            for raw, rep in zip(raws, latests, strict=True)
            if raw
        ]
