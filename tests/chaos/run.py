"""One chaos run: start everything, drive the load, kill -9 at random moments, count.

Used by tests/test_chaos.py (short) and bench/bench_chaos.py (long, beside a no-fault
baseline). Traffic goes only to 127.0.0.1; every loop is bounded in count and time.
"""

from __future__ import annotations

import contextlib
import json
import random
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, timedelta
from datetime import time as clock_time
from pathlib import Path

import redis
from dramatiq.common import dq_name

from bot.delivery.outbox import QUEUE
from bot.reminders.policy import ReminderPolicy
from bot.store.codec import as_text
from bot.store.policies import PolicyStore
from tests.chaos.cluster import Cluster, TimedLineServer
from tests.chaos.load import (
    LineSender,
    Load,
    dumps,
    load_org,
    plan_reminders,
    stored_markers,
)
from tests.chaos.processes import wait_for
from tests.chaos.tally import Tally, count, record
from tests.fakes import FakeLineServer

FAULTS = ("worker", "clock", "tick", "redis", "worker", "master", "outbox")


@dataclass
class ChaosConfig:
    """The size of a run and how often things die."""

    users: int = 8  # LINE staff members reporting in parallel
    reminded: int = 24  # more LINE staff who only get a reminder (more pushes to kill around)
    per_user: int = 1000  # at most this many reports each (the time bound comes first)
    load_seconds: float = 40.0  # users start no new report after this
    web_workers: int = 2
    web_threads: int = 4
    faults: int = 6  # kill -9s during the load; 0 gives the baseline
    kinds: tuple[str, ...] = FAULTS  # what may be killed, drawn in turn from a shuffled cycle
    redis_down: tuple[float, float] = (1.0, 3.0)  # seconds Redis stays dead
    tick_every: float = 5.0  # `python -m bot reminders tick` this often (beside the clock)
    resend_window: float = 170.0  # LINE-style redelivery of one event lasts this long at most
    drain_seconds: float = 120.0  # after the load: wait this long at most for reminders
    seed: int = 7


def run_chaos(config: ChaosConfig, workdir: Path, say: Callable[[str], None] = print) -> Tally:
    """Run the load with config.faults kill -9s; return what it counted."""
    workdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(config.seed)
    with TimedLineServer() as line:
        cluster = Cluster.start(workdir, config.web_workers, config.web_threads, line)
        try:
            return _drive(cluster, config, rng, say)
        finally:
            cluster.stop()


def _drive(
    cluster: Cluster, config: ChaosConfig, rng: random.Random, say: Callable[[str], None]
) -> Tally:
    client = redis.Redis.from_url(cluster.valkey.url, socket_timeout=10)
    org_id, users = load_org(client, config.users, config.seed)
    _, quiet = load_org(client, config.reminded, config.seed + 1)
    # Planning off: the clock plans nothing of its own, so every push to these users is one
    # of the reminders planned here (one a person a day). Offices open round the clock, so
    # what is due now goes now, whatever the hour the run happens at.
    policies = PolicyStore(client)
    policies.set(org_id, ReminderPolicy(
        enabled=False, office_start=clock_time(0, 0), office_end=clock_time(23, 59),
        send_time=clock_time(0, 0),
    ))  # fmt: skip
    started = cluster.now().astimezone(UTC) + timedelta(seconds=5)
    everyone = users + quiet
    planned = plan_reminders(
        client, org_id, everyone, started, config.load_seconds * 0.8, config.seed
    )
    client.close()
    say(
        f"chaos: {len(users)} users reporting, {len(planned)} reminders planned, "
        f"{config.faults} faults"
    )
    cluster.start_services()
    load = Load(users, LineSender(cluster.web.port, config.resend_window),
                config.load_seconds, config.per_user, config.seed)  # fmt: skip
    t0 = time.monotonic()
    threads = load.start()
    load_done = threading.Event()
    ticker = threading.Thread(
        target=cluster.ticker, args=(config.tick_every, load_done.is_set), daemon=True
    )
    ticker.start()
    # Faults at random moments of the load, never in its first or last 10%.
    moments = sorted(rng.uniform(0.1, 0.9) * config.load_seconds for _ in range(config.faults))
    kinds = [config.kinds[i % len(config.kinds)] for i in range(config.faults)]
    rng.shuffle(kinds)
    for moment, kind in zip(moments, kinds, strict=True):
        while time.monotonic() - t0 < moment:
            time.sleep(0.05)
            _safe(cluster.supervise)
        say(f"  t={time.monotonic() - t0:5.1f}s kill -9 {kind}")
        _safe(lambda kind=kind: cluster.kill(kind, rng, config.redis_down))
    # Everything up again, then let the users' redeliveries and the reminders finish.
    deadline = t0 + config.load_seconds + config.resend_window + 30
    while any(t.is_alive() for t in threads) and time.monotonic() < deadline:
        _safe(cluster.supervise)
        time.sleep(0.2)
    _safe(cluster.supervise)
    client = redis.Redis.from_url(cluster.valkey.url, socket_timeout=10)
    try:
        wait_for(
            lambda: _reminders_settled(client, line_users(everyone), planned, cluster.line),
            config.drain_seconds, "reminders", step=1.0,
        )  # fmt: skip
    except TimeoutError:
        say("  reminders did not all settle within the drain time")
    load_done.set()
    ticker.join(timeout=70)
    time.sleep(2)  # a redelivered push in flight lands now or never
    markers = stored_markers(client, org_id)
    (cluster.workdir / "conversations.json").write_text(dumps(record(load.conversations)))
    pushed = {c.to for c in cluster.line.pushes()}
    waiting = _pending(client)
    unpushed = [m for u, m in zip(everyone, planned, strict=True) if u.line_user_id not in pushed]
    client.close()
    return count(
        conversations=load.conversations,
        events=load.events,
        stored=markers,
        line=cluster.line,
        users=line_users(everyone),
        planned=len(planned),
        orphaned=sum(1 for m in unpushed if m not in waiting),
        pending=sum(1 for m in unpushed if m in waiting),
        faults=cluster.faults,
        restarts=cluster.restarts,
        seconds=time.monotonic() - t0,
    )


def line_users(users: list) -> set[str]:  # type: ignore[type-arg]
    """Return the LINE ids of the users."""
    return {u.line_user_id for u in users}


def _planned_left(client: redis.Redis, planned: list[str]) -> int:
    from bot.store import keys as k

    return sum(1 for raw in client.hmget(k.PLANNED_DATA, planned) if raw)


def _pending(client: redis.Redis) -> set[str]:
    """Return the reminder ids still planned, claimed, or in the outbox (a dead worker's too).

    Dramatiq gives a dead worker's messages back only when some worker's maintenance runs
    (at random, minutes apart), and a claim stuck for 5 minutes is put back: such
    reminders are late, not orphaned.
    """
    from bot.store import keys as k

    found = {as_text(m) for key in (k.PLANNED, k.CLAIMED) for m in client.zrange(key, 0, -1)}
    for name in (QUEUE, dq_name(QUEUE)):
        for raw in client.hvals(f"{{ita-outbox}}:{name}.msgs"):
            with contextlib.suppress(ValueError, KeyError, IndexError, TypeError):
                ids = json.loads(raw)["args"][0]  # one id, or a tick's batch of them
                found.update(map(str, ids) if isinstance(ids, list) else [str(ids)])
    return found


def _reminders_settled(
    client: redis.Redis, users: set[str], planned: list[str], line: FakeLineServer
) -> bool:
    """Whether every user got a push and no reminder is planned, queued or being retried."""
    pushed = {c.to for c in line.pushes()}
    queued = sum(
        int(client.hlen(f"{{ita-outbox}}:{name}.msgs")) for name in (QUEUE, dq_name(QUEUE))
    )
    return users <= pushed and _planned_left(client, planned) == 0 and queued == 0


def _safe(action: Callable[[], object]) -> None:
    """Run a harness action; a failure to (re)start is logged by its process, not fatal here."""
    try:
        action()
    except Exception as exc:  # noqa: BLE001 - the run goes on; the tally tells the outcome
        print(f"  harness: {type(exc).__name__}: {exc}", file=sys.stderr)
