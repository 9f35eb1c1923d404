"""The production topology rehearsed on loopback (scripts/rehearse.sh).

Redis (a 3-master Valkey cluster, or one server with REHEARSE_REDIS=single), the
S3-compatible store (moto's server), two web processes on two ports, one clock and two
outbox workers. Signed LINE report webhooks alternate between the web processes; one web
process and one worker are killed with SIGKILL mid-load and started again. Prints how
many reports were acknowledged and stored, and how many reminder pushes were doubled.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from datetime import time as clock_time
from pathlib import Path

import redis

from bot.reminders.policy import ReminderPolicy
from bot.store.policies import PolicyStore
from bot.store.server import client_for
from tests.chaos.cluster import TimedLineServer, office_now
from tests.chaos.latency import LoadSampler, Window, dump, report
from tests.chaos.load import LineSender, Load, Sent, load_org, plan_reminders, stored_markers
from tests.chaos.processes import Proc, Valkey, Web, free_port, wait_for
from tests.chaos.tally import count
from tests.fakes import LINE_ACCESS_TOKEN, LINE_CHANNEL_SECRET

BUCKET = "ita-rehearsal"
SLOTS = 16384


class ClusterNode(Valkey):
    """One master of a Valkey cluster: the standalone settings plus cluster mode.

    Its cluster bus gets a free port of its own: the default (port + 10000) is refused
    for a port above 55535, and the OS hands out ports up to 60999.
    """

    def __init__(self, data_dir: Path, port: int) -> None:
        super().__init__(data_dir, port)
        self.bus_port = free_port()
        conf = data_dir / "valkey.conf"
        extra = [
            "cluster-enabled yes",
            f"cluster-config-file {data_dir / 'nodes.conf'}",
            f"cluster-port {self.bus_port}",
        ]
        conf.write_text(conf.read_text() + "\n".join(extra) + "\n")


def start_redis(workdir: Path, topology: str) -> tuple[list[Valkey], dict[str, str]]:
    """Start one Valkey or a 3-master cluster; return the servers and the bot's settings."""
    if topology == "single":
        server = Valkey(workdir / "valkey", free_port())
        server.start_ready()
        return [server], {"REDIS_URL": server.url}
    nodes = [ClusterNode(workdir / f"valkey-{i}", free_port()) for i in range(3)]
    try:
        for node in nodes:
            node.start_ready()
    except BaseException:
        for node in nodes:
            node.stop()
        raise
    clients = [redis.Redis(port=node.port) for node in nodes]
    share = SLOTS // len(nodes)
    for i, client in enumerate(clients):
        last = SLOTS - 1 if i == len(nodes) - 1 else (i + 1) * share - 1
        client.execute_command("CLUSTER", "ADDSLOTSRANGE", i * share, last)
    for node in nodes[1:]:
        clients[0].execute_command("CLUSTER", "MEET", "127.0.0.1", node.port, node.bus_port)

    def formed() -> bool:
        return all(c.execute_command("CLUSTER", "INFO").find(b"cluster_state:ok") >= 0
                   for c in clients)  # fmt: skip

    wait_for(formed, 30, "valkey cluster", step=0.2)
    return nodes, {"REDIS_URL": nodes[0].url, "REDIS_CLUSTER": "1"}


def harness_client(settings: dict[str, str]) -> redis.Redis:
    """A client of the rehearsal's Redis, a cluster client when it is one."""
    # The product's cluster client: its pipelines are one-slot MULTIs (WATCH works), as the
    # store expects; redis-py's plain RedisCluster refuses WATCH outside a transaction.
    cluster = settings.get("REDIS_CLUSTER") == "1"
    return client_for(settings["REDIS_URL"], cluster=cluster, socket_timeout=10)


def start_s3(workdir: Path) -> tuple[Proc, dict[str, str]]:
    """Start moto's S3-compatible server and make the bucket; return it and the settings."""
    port = free_port()
    server = Path(sys.executable).with_name("moto_server")
    proc = Proc("s3", [str(server), "-H", "127.0.0.1", "-p", str(port)], dict(os.environ),
                workdir / "s3.log")  # fmt: skip
    proc.start()
    url = f"http://127.0.0.1:{port}"
    settings = {
        "S3_ENDPOINT_URL": url, "S3_BUCKET": BUCKET, "S3_ACCESS_KEY_ID": "rehearsal",
        "S3_SECRET_ACCESS_KEY": "rehearsal", "S3_REGION": "us-east-1",
    }  # fmt: skip
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="rehearsal",
        aws_secret_access_key="rehearsal",
    )
    wait_for(lambda: bool(client.list_buckets() is not None), 30, "moto_server", step=0.2)
    client.create_bucket(Bucket=BUCKET)
    return proc, settings


class AlternatingSender(LineSender):
    """Posts each delivery to the next web process in turn (redeliveries included)."""

    def __init__(self, ports: list[int], resend_window: float) -> None:
        super().__init__(ports[0], resend_window)
        self._ports = itertools.cycle(ports)
        self._lock = threading.Lock()

    def send(self, body: bytes, headers: dict[str, str]) -> Sent:
        """POST to the next web process."""
        with self._lock:
            self.port = next(self._ports)
            port = self.port
        sender = LineSender(port, self.resend_window, self.timeout)
        return sender.send(body, headers)


@dataclass
class Rehearsal:
    """The processes of one rehearsal."""

    workdir: Path
    env: dict[str, str]
    webs: list[Web]
    clock: Proc
    workers: list[Proc]
    kills: Counter[str] = field(default_factory=Counter)
    restarts: Counter[str] = field(default_factory=Counter)
    windows: list[Window] = field(default_factory=list)  # when a web process was down

    def start(self) -> None:
        """Start the web processes, the clock and the workers; wait until all of them run.

        The load starts on a deployment that is up, as a peak finds it: started with it,
        the clock's and the workers' start-up (seconds of imports each) ran in the first
        seconds of the load, on the cores the web processes answer on.
        """
        for web in self.webs:
            web.start_ready()
        self.clock.start()
        for worker in self.workers:
            worker.start()
        for worker in self.workers:
            wait_for(lambda w=worker: _running(w), 120, worker.name, step=0.25)

    def kill_and_restart(self, what: Proc, pause: float = 2.0) -> None:
        """SIGKILL a process (and its children), wait, start it again."""
        killed_at = time.monotonic()
        what.kill9()
        self.kills[what.name] += 1
        time.sleep(pause)
        if isinstance(what, Web):
            what.start_ready()
            self.windows.append(Window(killed_at, time.monotonic(), what.port))
        else:
            what.start()  # back in its own time, as a crashed worker is
        self.restarts[what.name] += 1

    def tick(self) -> None:
        """Tick once at the rehearsal's office-hours instant (the drill CLI, beside the clock)."""
        now = office_now().isoformat(timespec="seconds")  # a night or weekend run: Monday
        argv = [sys.executable, "-m", "bot", "reminders", "tick", "--now", now]
        root = Path(__file__).resolve().parents[2]
        quiet = subprocess.DEVNULL
        subprocess.run(argv, env=self.env, cwd=root, stdout=quiet, stderr=quiet, timeout=120)

    def ticker(self, stop: threading.Event, every: float = 3.0) -> threading.Thread:
        """Tick in the background every few seconds until stop is set."""

        def loop() -> None:
            while not stop.is_set():
                self.tick()
                stop.wait(every)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """Stop every process of the rehearsal."""
        for proc in [*self.workers, self.clock, *self.webs]:
            proc.stop()


def _running(worker: Proc) -> bool:
    """Whether the outbox worker said it runs, once for each time it was started."""
    said = worker.log_path.read_text(errors="replace").count("outbox worker running")
    return said >= worker.starts


def rehearse(
    topology: str, users: int = 12, reminded: int = 40, seconds: float = 40.0
) -> dict[str, int]:
    """Run the rehearsal; return its figures."""
    workdir = Path(tempfile.mkdtemp(prefix="ita-rehearsal-"))
    print(f"rehearsal: Redis {topology}, logs in {workdir}", flush=True)
    servers, redis_env = start_redis(workdir, topology)
    s3, s3_env = start_s3(workdir)
    line = TimedLineServer().start()
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("LINE_", "TELEGRAM_", "BOT_", "REDIS_", "S3_"))
    }  # fmt: skip
    env.update(redis_env)
    env.update(s3_env)
    env.update(
        BOT_ENV="production", BOT_SECRET_KEY="rehearsal-" + os.urandom(8).hex(),
        BOT_DATA_DIR=str(workdir / "data"), LINE_CHANNEL_SECRET=LINE_CHANNEL_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN=LINE_ACCESS_TOKEN, LINE_API_BASE_URL=line.base_url,
        LINE_DATA_API_BASE_URL=line.data_base_url, PUBLIC_URL="http://127.0.0.1",
        PYTHONUNBUFFERED="1", WORKER_THREADS="2",
    )  # fmt: skip
    webs = [Web(env, free_port(), 2, 4, workdir / f"web-{i}.log") for i in range(2)]
    clock = Proc("clock", [sys.executable, "-m", "scheduler"], env, workdir / "clock.log")
    workers = [
        Proc(f"worker-{i}", [sys.executable, "-m", "scheduler.worker"], env,
             workdir / f"worker-{i}.log")
        for i in range(2)
    ]  # fmt: skip
    run = Rehearsal(workdir, env, webs, clock, workers)
    try:
        return _drive(run, redis_env, line, users, reminded, seconds)
    finally:
        run.stop()
        line.stop()
        s3.stop()
        for server in servers:
            server.stop()


def _drive(
    run: Rehearsal,
    redis_env: dict[str, str],
    line: TimedLineServer,
    users: int,
    reminded: int,
    seconds: float,
) -> dict[str, int]:
    client = harness_client(redis_env)
    org_id, reporters = load_org(client, users, seed=11)
    _, quiet = load_org(client, reminded, seed=12)
    PolicyStore(client).set(org_id, ReminderPolicy(
        enabled=False, office_start=clock_time(0, 0), office_end=clock_time(23, 59),
        send_time=clock_time(0, 0),
    ))  # fmt: skip
    everyone = reporters + quiet
    start = office_now().astimezone(UTC) - timedelta(minutes=1)
    planned = plan_reminders(client, org_id, everyone, start, 0.0, seed=13)
    run.start()
    sender = AlternatingSender([web.port for web in run.webs], resend_window=120.0)
    load = Load(reporters, sender, seconds, per_user=1000, seed=11)
    sampler = LoadSampler().start()
    t0 = time.monotonic()
    threads = load.start()
    ticking = threading.Event()
    ticker = run.ticker(ticking)  # the reminders go out while the load runs
    while time.monotonic() - t0 < seconds / 3:
        time.sleep(0.1)
    print(f"  t={time.monotonic() - t0:4.1f}s SIGKILL web process :{run.webs[0].port}", flush=True)
    run.kill_and_restart(run.webs[0])
    while time.monotonic() - t0 < 2 * seconds / 3:
        time.sleep(0.1)
    print(f"  t={time.monotonic() - t0:4.1f}s SIGKILL {run.workers[0].name}", flush=True)
    run.kill_and_restart(run.workers[0])
    deadline = time.monotonic() + seconds + 150
    while any(t.is_alive() for t in threads) and time.monotonic() < deadline:
        time.sleep(0.5)
    machine = sampler.stop()
    pushed_to = {u.line_user_id for u in everyone}
    settle = time.monotonic() + 180
    while time.monotonic() < settle and not pushed_to <= {c.to for c in line.pushes()}:
        time.sleep(1)
    ticking.set()
    ticker.join(timeout=130)
    time.sleep(2)
    tally = count(
        conversations=load.conversations, events=load.events,
        stored=stored_markers(client, org_id), line=line, users=pushed_to,
        planned=len(planned), orphaned=0, pending=0, faults=run.kills, restarts=run.restarts,
        seconds=time.monotonic() - t0,
    )  # fmt: skip
    client.close()
    figures = {
        "reports": tally.conversations,
        "acknowledged": tally.acknowledged,
        "stored": tally.stored,
        "lost": tally.lost,
        "dropped": tally.dropped,
        "reminders_planned": tally.reminders_planned,
        "reminded_people": tally.reminders_pushed,
        "pushes": tally.pushes,
        "doubled_pushes": tally.doubled_pushes + max(0, tally.max_per_retry_key - 1),
        "invalid_line_requests": tally.line_errors,
    }
    print("\n".join(f"  {line}" for line in tally.lines()))
    events = load.events
    print("\n".join(f"  {line}" for line in report(events, run.windows, t0)))
    print(f"  {machine}")
    dump(run.workdir / "deliveries.json", events, run.windows, t0)
    return figures


def main() -> int:
    """Run the rehearsal with the topology from REHEARSE_REDIS (cluster by default)."""
    topology = os.environ.get("REHEARSE_REDIS", "cluster")
    if topology not in ("cluster", "single"):
        print("REHEARSE_REDIS must be cluster or single", file=sys.stderr)
        return 2
    figures = rehearse(
        topology,
        users=int(os.environ.get("REHEARSE_USERS", "12")),
        seconds=float(os.environ.get("REHEARSE_SECONDS", "40")),
    )
    print(
        f"reports acknowledged {figures['acknowledged']}, stored {figures['stored']} "
        f"(of {figures['reports']}); reminder pushes doubled {figures['doubled_pushes']} "
        f"({figures['pushes']} pushes to {figures['reminded_people']} of "
        f"{figures['reminders_planned']} people reminded)"
    )
    ok = (
        figures["stored"] == figures["reports"] >= figures["acknowledged"]
        and not figures["lost"] and not figures["dropped"] and not figures["doubled_pushes"]
    )  # fmt: skip
    print("PASS: all stored, none doubled" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
