"""The one store implementation: organisations, plans, reports and people on Redis.

``RedisStore`` is the one face; its measure, report and people methods live in
mixins beside it (``plans.py``, ``plan_versions.py``, ``reports.py``, ``people.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

import redis

from bot.domain.model import Organisation, split_address
from bot.store import audit as audit_log
from bot.store import codec
from bot.store import keys as k
from bot.store.people import PeopleStoreMixin
from bot.store.plan_versions import PlanRestore, PlanVersion, PlanVersionStoreMixin
from bot.store.plans import ClaimGone, PlanSave, natural_keys, new_id
from bot.store.provinces import index_province
from bot.store.reports import ReportStoreMixin
from bot.store.steps import StepCommit

if TYPE_CHECKING:  # the subject stores import domain modules that import this one
    from bot.store.conversations import ConversationStore
    from bot.store.deliveries import DeliveryRecords
    from bot.store.events import EventStore
    from bot.store.evidence import EvidenceStore
    from bot.store.health import HealthStore
    from bot.store.lease import Lease
    from bot.store.ledger import Ledger
    from bot.store.memos import MemoStore
    from bot.store.org_data import OrgData
    from bot.store.payloads import PayloadRecords, RichMenuRecords
    from bot.store.policies import PolicyStore
    from bot.store.previews import PreviewStore
    from bot.store.provinces import ProvinceStore
    from bot.store.quota import QuotaStore
    from bot.store.schedule import Schedule
    from bot.store.sessions import SessionStore
    from bot.store.simulator import SimulatorOutbox
    from bot.store.snapshots import SnapshotStore

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

    def commit_step(self, step: StepCommit, release: list[object]) -> None:
        """Commit a conversation step per slot, ending with release (bot/store/steps.py)."""
        step.run(self.r, release)

    def pipeline(self, transaction: bool = True) -> Pipeline:
        """Return a pipeline (MULTI unless transaction=False) to pass to methods, then execute."""
        return self.r.pipeline(transaction=transaction)

    # --- organisations ---
    def create_org(self, org: Organisation) -> None:
        """Store a new organisation; raise OrgExistsError if the id is taken."""
        # Listed first, then written: the list is shared (another slot on a cluster), and
        # an id listed without its record is skipped by list_orgs, never the reverse.
        self.r.sadd(k.ORGS, org.id)
        created = self.r.set(k.org_key(k.ORG, org.id), codec.dump_org(org), nx=True)
        if not created:
            raise OrgExistsError(org.id)
        if org.province:
            with self.r.pipeline() as pipe:
                index_province(pipe, org.id, None, org.province)
                pipe.execute()

    def save_org(self, org: Organisation) -> None:
        """Create or replace an organisation's record (name, divisions, province)."""
        before = self.get_org(org.id)
        self.r.sadd(k.ORGS, org.id)  # first, as in create_org
        self.r.set(k.org_key(k.ORG, org.id), codec.dump_org(org))
        with self.r.pipeline() as pipe:  # the province sets share one slot ({provinces})
            index_province(pipe, org.id, before.province if before else None, org.province)
            pipe.execute()

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
            for address, user in person.identities():
                doomed.append(k.IDENTITY.format(platform=address, user=user))
                doomed.append(k.CONVERSATION.format(platform=address, user=user))
                if split_address(address)[0] == "simulator":  # its pushes start over too
                    doomed += [
                        t.format(user=user) for t in (k.SIM_OUTBOX, k.SIM_PUSHED, k.SIM_SEEN)
                    ]
        doomed += self.r.scan_iter(match=k.org_pattern(org_id), count=500)
        before = self.get_org(org_id)
        self.r.srem(k.ORGS, org_id)  # unlisted first: a crash leaves keys nobody reads
        with self.r.pipeline() as pipe:  # the province sets share one slot ({provinces})
            index_province(pipe, org_id, before.province if before else None, None)
            pipe.execute()
        # One DEL per slot (redis-py splits it on a cluster): the keys span many users.
        return int(self.r.delete(*doomed)) if doomed else 0

    def list_orgs(self) -> list[Organisation]:
        """Return every organisation, sorted by id."""
        ids = self.org_ids()
        if not ids:
            return []
        raws = self.r.mget([k.org_key(k.ORG, i) for i in ids])
        return [codec.load_org(raw) for raw in raws if raw]

    def org_ids(self) -> list[str]:
        """Return every organisation id, sorted."""
        return sorted(codec.as_text(x) for x in self.r.smembers(k.ORGS))

    def read_orgs(self, org_ids: Sequence[str], months: Sequence[str] = ()) -> list[OrgData | None]:
        """Read organisations with what their summaries need, in two round trips."""
        from bot.store.org_data import read_orgs

        return read_orgs(self.r, org_ids, months)

    def audit(
        self,
        org_id: str,
        actor: str,
        action: str,
        target: str,
        before: Any = None,
        after: Any = None,
        at: datetime | None = None,
    ) -> None:
        """Append one change to the audit log on its own (see audit.record for a pipeline)."""
        audit_log.record(self.r, org_id, actor, action, target, before, after, at=at)

    def audit_entries(self, org_id: str, count: int = 100) -> list[audit_log.AuditEntry]:
        """Return the organisation's latest changes, newest first."""
        return audit_log.entries(self.r, org_id, count=count)

    # --- the subject stores, on the same connection ---
    @cached_property
    def conversations(self) -> ConversationStore:
        """Conversation locks, state and missed reminders."""
        from bot.store.conversations import ConversationStore

        return ConversationStore(self.r)

    @cached_property
    def events(self) -> EventStore:
        """Webhook event claims and done marks."""
        from bot.store.events import EventStore

        return EventStore(self.r)

    @cached_property
    def evidence(self) -> EvidenceStore:
        """Evidence records and the download queue."""
        from bot.store.evidence import EvidenceStore

        return EvidenceStore(self.r)

    @cached_property
    def health(self) -> HealthStore:
        """Readiness probes and the clock's heartbeat."""
        from bot.store.health import HealthStore

        return HealthStore(self.r)

    def clock_lease(self) -> Lease:
        """Return a new holder's handle on the clock's lease."""
        from bot.store.lease import Lease

        return Lease(self.r, k.CLOCK_LEASE, fence_key=k.CLOCK_FENCE)

    @cached_property
    def deliveries(self) -> DeliveryRecords:
        """A reminder delivery's batched reads and writes."""
        from bot.store.deliveries import DeliveryRecords

        return DeliveryRecords(self.r)

    @cached_property
    def ledger(self) -> Ledger:
        """The delivery ledger and send locks."""
        from bot.store.ledger import Ledger

        return Ledger(self.r)

    @cached_property
    def memos(self) -> MemoStore:
        """Memos, their chain, settings and signatures."""
        from bot.store.memos import MemoStore

        return MemoStore(self.r)

    @cached_property
    def payloads(self) -> PayloadRecords:
        """Long button payloads parked under short keys."""
        from bot.store.payloads import PayloadRecords

        return PayloadRecords(self.r)

    @cached_property
    def policies(self) -> PolicyStore:
        """Reminder policies, days off, absences and snoozes."""
        from bot.store.policies import PolicyStore

        return PolicyStore(self.r)

    @cached_property
    def previews(self) -> PreviewStore:
        """Plan files read in chat, kept an hour before they are saved."""
        from bot.store.previews import PreviewStore

        return PreviewStore(self.r)

    @cached_property
    def quota(self) -> QuotaStore:
        """Platform sending limits."""
        from bot.store.quota import QuotaStore

        return QuotaStore(self.r)

    @cached_property
    def rich_menus(self) -> RichMenuRecords:
        """The LINE rich menus installed."""
        from bot.store.payloads import RichMenuRecords

        return RichMenuRecords(self.r)

    def rich_menus_of(self, channel: str) -> RichMenuRecords:
        """The LINE rich menus installed on a channel ("" = the deployment's own)."""
        from bot.store.payloads import RichMenuRecords

        return RichMenuRecords(self.r, channel) if channel else self.rich_menus

    @cached_property
    def schedule(self) -> Schedule:
        """Planned reminder messages and their delivery state."""
        from bot.store.schedule import Schedule

        return Schedule(self.r)

    @cached_property
    def sessions(self) -> SessionStore:
        """Dashboard sign-in tokens and sessions."""
        from bot.store.sessions import SessionStore

        return SessionStore(self.r)

    @cached_property
    def simulator(self) -> SimulatorOutbox:
        """What was pushed to simulator personas."""
        from bot.store.simulator import SimulatorOutbox

        return SimulatorOutbox(self.r)

    @cached_property
    def provinces(self) -> ProvinceStore:
        """Provinces: their organisations, side by side."""
        from bot.store.provinces import ProvinceStore

        return ProvinceStore(self.r)

    @cached_property
    def snapshots(self) -> SnapshotStore:
        """Frozen month-end summaries and their acknowledgements."""
        from bot.store.snapshots import SnapshotStore

        return SnapshotStore(self.r)
