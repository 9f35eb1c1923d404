"""Pytest fixtures for the fakes; enable with ``pytest_plugins = ["tests.fakes.fixtures"]``.

Each fixture starts its fake for one test and fails the test at teardown if the fake recorded
any invalid request (tests that provoke rejections on purpose call ``fake.take_errors()``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .line_server import FakeLineServer
from .telegram_server import FakeTelegramServer


def serve_line(**kwargs: object) -> Iterator[FakeLineServer]:
    """Run a FakeLineServer for the duration of a fixture; fail on recorded errors."""
    with FakeLineServer(**kwargs) as fake:  # type: ignore[arg-type]
        yield fake
        if fake.errors:
            pytest.fail("invalid LINE API requests:\n" + "\n".join(fake.errors), pytrace=False)


def serve_telegram(**kwargs: object) -> Iterator[FakeTelegramServer]:
    """Run a FakeTelegramServer for the duration of a fixture; fail on recorded errors."""
    with FakeTelegramServer(**kwargs) as fake:  # type: ignore[arg-type]
        yield fake
        if fake.errors:
            pytest.fail("invalid Telegram API calls:\n" + "\n".join(fake.errors), pytrace=False)


@pytest.fixture
def fake_line() -> Iterator[FakeLineServer]:
    """A running fake LINE API; the test fails if the code under test sent a bad request."""
    yield from serve_line()


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegramServer]:
    """A running fake Telegram Bot API; the test fails on any call api.json rejects."""
    yield from serve_telegram()
