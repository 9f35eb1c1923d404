"""The one store implementation: organisations, plans, reports and people on Redis.

``RedisStore`` is the one face; its measure, report and people methods live in
mixins beside it (``plans.py``, ``plan_versions.py``, ``reports.py``, ``people.py``).
"""

from __future__ import annotations

import redis

from bot.domain.model import Organisation
from bot.store import codec
from bot.store import keys as k
from bot.store.people import PeopleStoreMixin
from bot.store.plan_versions import PlanRestore, PlanVersion, PlanVersionStoreMixin
from bot.store.plans import ClaimGone, PlanSave, natural_keys, new_id
from bot.store.reports import ReportStoreMixin

__all__ = [
    "ClaimGone",
    "OrgExistsError",
    "Pipeline",
    "PlanRestore",
    "PlanSave",
    "PlanVersion",
    "RedisStore",
    "UnknownOrgError",
    "natural_keys",
    "new_id",
]

Pipeline = redis.client.Pipeline


class OrgExistsError(Exception):
    """An organisation with this id already exists."""


class UnknownOrgError(Exception):
    """No organisation has this id."""


class RedisStore(PlanVersionStoreMixin, ReportStoreMixin, PeopleStoreMixin):
    """Reads and writes the bot's state; methods take an optional pipeline to batch."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    # --- organisations ---
    def create_org(self, org: Organisation) -> None:
        """Store a new organisation; raise OrgExistsError if the id is taken."""
        # Listed first, then written: the list is shared (another slot on a cluster), and
        # an id listed without its record is skipped by list_orgs, never the reverse.
        self.r.sadd(k.ORGS, org.id)
        created = self.r.set(k.org_key(k.ORG, org.id), codec.dump_org(org), nx=True)
        if not created:
            raise OrgExistsError(org.id)

    def save_org(self, org: Organisation) -> None:
        """Create or replace an organisation's record (name, divisions)."""
        self.r.sadd(k.ORGS, org.id)  # first, as in create_org
        self.r.set(k.org_key(k.ORG, org.id), codec.dump_org(org))

    def get_org(self, org_id: str) -> Organisation | None:
        """Return the organisation, or None."""
        raw = self.r.get(k.org_key(k.ORG, org_id))
        return codec.load_org(raw) if raw else None

    def require_org(self, org_id: str) -> Organisation:
        """Return the organisation or raise UnknownOrgError."""
        org = self.get_org(org_id)
        if org is None:
            raise UnknownOrgError(org_id)
        return org

    def delete_org(self, org_id: str) -> int:
        """Remove an organisation, its keys and its people's chat identities; return the count."""
        doomed = [k.org_key(k.ORG, org_id)]
        for person in self.people(org_id):
            for platform, user in person.identities():
                doomed.append(k.IDENTITY.format(platform=platform, user=user))
                doomed.append(k.CONVERSATION.format(platform=platform, user=user))
                if platform == "simulator":  # the persona's pushes start over too
                    doomed += [
                        t.format(user=user) for t in (k.SIM_OUTBOX, k.SIM_PUSHED, k.SIM_SEEN)
                    ]
        doomed += self.r.scan_iter(match=k.org_pattern(org_id), count=500)
        self.r.srem(k.ORGS, org_id)  # unlisted first: a crash leaves keys nobody reads
        # One DEL per slot (redis-py splits it on a cluster): the keys span many users.
        return int(self.r.delete(*doomed)) if doomed else 0

    def list_orgs(self) -> list[Organisation]:
        """Return every organisation, sorted by id."""
        ids = sorted(codec.as_text(x) for x in self.r.smembers(k.ORGS))
        if not ids:
            return []
        raws = self.r.mget([k.org_key(k.ORG, i) for i in ids])
        return [codec.load_org(raw) for raw in raws if raw]
