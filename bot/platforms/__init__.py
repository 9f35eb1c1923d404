"""Adapters between the chat core and the chat platforms: one folder each, one registry line.

``base.py`` holds the Adapter protocol, ``registry.py`` the platforms. This module holds
what they share at process level: the one background event loop that runs the coroutines
of asyncio-only SDKs (python-telegram-bot) for synchronous callers.
See bot/platforms/telegram/platform.py for why one long-lived loop, and how it behaves at fork.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class BackgroundLoop:
    """The process's one event loop, running forever in a daemon thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pid = -1

    def loop(self) -> asyncio.AbstractEventLoop:
        """Return the running loop of this process, starting it on first use (or after fork)."""
        with self._lock:
            if self._loop is None or self._pid != os.getpid():
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="platforms-loop")
                thread.daemon = True
                thread.start()
                self._loop, self._pid = loop, os.getpid()
            return self._loop

    def forget_after_fork(self) -> None:
        """Drop the parent's loop and lock in a forked child (its loop thread is not there)."""
        self._lock = threading.Lock()
        self._loop = None

    def run(self, coro: Coroutine[Any, Any, T], timeout: float) -> T:
        """Run a coroutine on the loop and wait for its result."""
        future = asyncio.run_coroutine_threadsafe(coro, self.loop())
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise


LOOP = BackgroundLoop()
os.register_at_fork(after_in_child=LOOP.forget_after_fork)
