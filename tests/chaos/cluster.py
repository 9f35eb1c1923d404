"""The processes of a chaos run, how to break them and how to mend them."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from bot.domain.thai import BANGKOK
from bot.reminders.calendar import WorkCalendar
from tests.chaos.processes import Proc, Valkey, Web, free_port
from tests.fakes import LINE_ACCESS_TOKEN, LINE_CHANNEL_SECRET, FakeLineServer
from tests.fakes.line_validate import line_request_errors, line_webhook_errors


class TimedLineServer(FakeLineServer):
    """The fake LINE API, stamping each request with its arrival time (Bangkok day of pushes)."""

    def start(self) -> TimedLineServer:
        """Serve; a connection reset by a killed worker is expected here, not an error.

        The spec validators are built first: built by the first requests, a second of CPU
        each, concurrently, they held the bot's first replies past its 10 s read timeout.
        """
        warm_validators()
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


def warm_validators() -> None:
    """Load the LINE specs and build the validators of replies, pushes and webhook bodies."""
    message = [{"type": "text", "text": "warm"}]
    line_request_errors("POST", "/v2/bot/message/reply", {"replyToken": "t", "messages": message})
    line_request_errors("POST", "/v2/bot/message/push", {"to": "U" + "0" * 32, "messages": message})
    line_webhook_errors({"destination": "U" + "0" * 32, "events": []})


def office_now() -> datetime:
    """Now, or (at night, at a weekend) the next office morning: when reminders may go out.

    The drill ticks at this instant, so a run at any hour delivers what it planned.
    """
    real = datetime.now(BANGKOK)
    slot = WorkCalendar().office_slot(real, clock_time(8, 30), clock_time(16, 30))
    return real if slot is None else slot + timedelta(hours=1)


@dataclass
class Cluster:
    """The processes of one run and how to break and mend them."""

    workdir: Path
    line: FakeLineServer
    valkey: Valkey
    web: Web
    clock: Proc
    outbox: Proc  # python -m scheduler.worker: the outbox's own process, as in the Procfile
    env: dict[str, str]
    faults: Counter[str] = field(default_factory=Counter)
    restarts: Counter[str] = field(default_factory=Counter)
    tick_runs: int = 0
    # Virtual time = real time + offset: at night or at a weekend the run happens on the
    # next office morning, so what it plans is due and may go out.
    offset: timedelta = field(default_factory=lambda: office_now() - datetime.now(BANGKOK))
    _tick_proc: Proc | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def start(cls, workdir: Path, workers: int, threads: int, line: FakeLineServer) -> Cluster:
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
        web = Web(env, port, workers, threads, workdir / "web.log")
        clock = Proc("clock", [sys.executable, "-m", "scheduler"], env, workdir / "clock.log")
        outbox = Proc(
            "outbox", [sys.executable, "-m", "scheduler.worker"], env, workdir / "outbox.log"
        )
        return cls(workdir, line, valkey, web, clock, outbox, env)

    def start_services(self) -> None:
        """Start the web tier and the clock and wait until the web serves."""
        self.web.start_ready()
        self.clock.start()
        self.outbox.start()

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
        elif kind == "outbox":
            self.outbox.kill9()
            self.outbox.start()
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

    def now(self) -> datetime:
        """The run's virtual now (Bangkok)."""
        return datetime.now(BANGKOK) + self.offset

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
        if not self.outbox.alive():
            self.outbox.start()
            self.restarts["outbox"] += 1

    def ticker(self, every: float, until: Callable[[], bool]) -> None:
        """Run `python -m bot reminders tick --now NOW` every `every` seconds (the drill CLI)."""
        runs = 0
        while not until() and runs < 10_000:
            now = self.now().isoformat(timespec="seconds")
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
        for proc in (self._tick_proc, self.outbox, self.clock, self.web, self.valkey):
            if proc is not None:
                proc.stop()
