"""One chaos run: start everything, drive the load, kill -9 at random moments, count.

Used by tests/test_chaos.py (short) and bench/bench_chaos.py (long, beside a no-fault
baseline). Traffic goes only to 127.0.0.1; every loop is bounded in count and time.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis
from dramatiq.common import dq_name

from bot.outbox import QUEUE
from bot.reminders.policy import PolicyStore
from bot.store.codec import as_text
from bot.thai import BANGKOK
from tests.chaos.load import (
    LineSender,
    Load,
    dumps,
    load_org,
    plan_reminders,
    stored_markers,
)
from tests.chaos.processes import Proc, Valkey, Web, free_port, wait_for
from tests.chaos.tally import Tally, count, record
from tests.fakes import LINE_ACCESS_TOKEN, LINE_CHANNEL_SECRET, FakeLineServer

FAULTS = ("worker", "clock", "tick", "redis", "worker", "master")


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


class TimedLineServer(FakeLineServer):
    """The fake LINE API, stamping each request with its arrival time (Bangkok day of pushes)."""

    def start(self) -> TimedLineServer:
        """Serve; a connection reset by a killed worker is expected here, not an error."""
        super().start()
        server = self._server
        if server is not None:
            report = server.handle_error

            def quiet(request: object, address: object) -> None:
                if not isinstance(sys.exc_info()[1], ConnectionError):
                    report(request, address)  # type: ignore[arg-type]

            server.handle_error = quiet  # type: ignore[method-assign]
        return self

    def handle(self, request):  # type: ignore[no-untyped-def]
        """Stamp, then validate and answer as the fake does."""
        request.headers["X-Chaos-Received"] = str(time.time())
        return super().handle(request)


@dataclass
class Cluster:
    """The processes of one run and how to break and mend them."""

    workdir: Path
    line: FakeLineServer
    valkey: Valkey
    web: Web
    clock: Proc
    env: dict[str, str]
    faults: Counter[str] = field(default_factory=Counter)
    restarts: Counter[str] = field(default_factory=Counter)
    tick_runs: int = 0
    _tick_proc: Proc | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def start(cls, workdir: Path, config: ChaosConfig, line: FakeLineServer) -> Cluster:
        """Start Valkey (the harness loads the organisation, then) the web tier and the clock."""
        valkey = Valkey(workdir / "valkey", free_port())
        valkey.start_ready()
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("LINE_", "TELEGRAM_", "BOT_", "REDIS_"))
        }
        env.update(
            REDIS_URL=valkey.url,
            BOT_ENV="production",
            BOT_SECRET_KEY="chaos-" + os.urandom(8).hex(),
            BOT_DATA_DIR=str(workdir / "data"),
            LINE_CHANNEL_SECRET=LINE_CHANNEL_SECRET,
            LINE_CHANNEL_ACCESS_TOKEN=LINE_ACCESS_TOKEN,
            LINE_API_BASE_URL=line.base_url,
            LINE_DATA_API_BASE_URL=line.data_base_url,
            PUBLIC_URL="http://127.0.0.1",
            PYTHONUNBUFFERED="1",
        )
        port = free_port()
        env["PORT"] = str(port)
        web = Web(env, port, config.web_workers, config.web_threads, workdir / "web.log")
        clock = Proc("clock", [sys.executable, "-m", "scheduler"], env, workdir / "clock.log")
        return cls(workdir, line, valkey, web, clock, env)

    def start_services(self) -> None:
        """Start the web tier and the clock and wait until the web serves."""
        self.web.start_ready()
        self.clock.start()

    # ---- faults --------------------------------------------------------------------------
    def kill(self, kind: str, rng: random.Random, down: tuple[float, float]) -> None:
        """kill -9 one part; Redis comes back on the same data after a pause."""
        if kind == "worker":
            pids = self.web.worker_pids()
            if not pids:
                return
            with contextlib.suppress(ProcessLookupError):
                os.kill(rng.choice(pids), signal.SIGKILL)  # the gunicorn master forks another
        elif kind == "master":
            self.web.kill9()  # the master and its workers: the platform starts the dyno again
            self.web.start()
        elif kind == "clock":
            self.clock.kill9()
            self.clock.start()
        elif kind == "tick":
            # The drill CLI runs a few seconds out of every few: wait (bounded) for one.
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and not (
                self._tick_proc is not None and self._tick_proc.alive()
            ):
                time.sleep(0.05)
            if self._tick_proc is None or not self._tick_proc.alive():
                return
            time.sleep(rng.uniform(0.5, 2.0))  # into its work, past the imports
            self._tick_proc.kill9()
        elif kind == "redis":
            self.valkey.kill9()
            time.sleep(rng.uniform(*down))
            self.valkey.start_ready()
        self.faults[kind] += 1

    def supervise(self) -> None:
        """Start again what died on its own (a master that halted, a clock that crashed)."""
        if not self.valkey.alive():
            self.valkey.start_ready()
            self.restarts["valkey"] += 1
        if not self.web.alive():
            self.web.start()
            self.restarts["web"] += 1
        if not self.clock.alive():
            self.clock.start()
            self.restarts["clock"] += 1

    def ticker(self, every: float, until: Callable[[], bool]) -> None:
        """Run `python -m bot reminders tick --now NOW` every `every` seconds (the drill CLI)."""
        runs = 0
        while not until() and runs < 10_000:
            now = datetime.now(BANGKOK).isoformat(timespec="seconds")
            argv = [sys.executable, "-m", "bot", "reminders", "tick", "--now", now]
            proc = Proc("tick", argv, self.env, self.workdir / "tick.log")
            self._tick_proc = proc
            proc.start()
            with contextlib.suppress(Exception):
                assert proc.popen is not None
                proc.popen.wait(timeout=60)
            proc.stop(timeout=1)
            runs += 1
            self.tick_runs = runs
            self._stop.wait(every)

    def stop(self) -> None:
        """Stop everything cleanly (SIGTERM, then SIGKILL)."""
        self._stop.set()
        for proc in (self._tick_proc, self.clock, self.web, self.valkey):
            if proc is not None:
                proc.stop()


def run_chaos(config: ChaosConfig, workdir: Path, say: Callable[[str], None] = print) -> Tally:
    """Run the load with config.faults kill -9s; return what it counted."""
    workdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(config.seed)
    with TimedLineServer() as line:
        cluster = Cluster.start(workdir, config, line)
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
    # Days off today and tomorrow: the clock plans nothing of its own, so every push to
    # these users is one of the reminders planned here (one a person a day).
    today = datetime.now(BANGKOK).date()
    for day in (today, today + timedelta(days=1)):
        PolicyStore(client).add_holiday(org_id, day, "chaos")
    started = datetime.now(UTC) + timedelta(seconds=5)
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
        for raw in client.hvals(f"ita-outbox:{name}.msgs"):
            with contextlib.suppress(ValueError, KeyError, IndexError, TypeError):
                found.add(str(json.loads(raw)["args"][0]))
    return found


def _reminders_settled(
    client: redis.Redis, users: set[str], planned: list[str], line: FakeLineServer
) -> bool:
    """Whether every user got a push and no reminder is planned, queued or being retried."""
    pushed = {c.to for c in line.pushes()}
    queued = sum(int(client.hlen(f"ita-outbox:{name}.msgs")) for name in (QUEUE, dq_name(QUEUE)))
    return users <= pushed and _planned_left(client, planned) == 0 and queued == 0


def _safe(action: Callable[[], object]) -> None:
    """Run a harness action; a failure to (re)start is logged by its process, not fatal here."""
    try:
        action()
    except Exception as exc:  # noqa: BLE001 - the run goes on; the tally tells the outcome
        print(f"  harness: {type(exc).__name__}: {exc}", file=sys.stderr)
