"""A webhook answer says where its time went (Server-Timing), and a slow one is logged."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from bot.app.runtime import build_runtime
from bot.demo import ensure_demo
from bot.store.redis_store import RedisStore
from bot.web import create_app
from bot.web.timing import Phases
from tests.fakes import FakeLineServer, FakeTelegramServer
from tests.fakes import webhooks as wh
from tests.platform_helpers import platform_config

pytestmark = pytest.mark.store


@pytest.fixture()
def app(
    store: RedisStore, fake_line: FakeLineServer, fake_telegram: FakeTelegramServer, tmp_path: Path
) -> Flask:
    ensure_demo(store, today=date(2026, 11, 21))
    config = platform_config(fake_line, fake_telegram).with_overrides(data_dir=tmp_path)
    return create_app(build_runtime(config, store))


def _post(app: Flask, raw: dict[str, object]) -> object:
    secret = app.extensions["ita"].config.line_channel_secret
    body, headers = wh.line_webhook_request(raw, secret=secret)
    return app.test_client().post("/webhooks/line", data=body, headers=headers)


def _phases(answer: object) -> list[str]:
    value = answer.headers["Server-Timing"]  # type: ignore[attr-defined]
    return [part.strip().split(";")[0] for part in value.split(",")]


def test_an_answered_event_names_each_phase(app: Flask, fake_line: FakeLineServer) -> None:
    answer = _post(app, wh.text_message_event("ช่วยเหลือ"))
    assert answer.status_code == 200  # type: ignore[attr-defined]
    assert _phases(answer) == ["verify", "claim", "core", "begin", "step", "reply"]
    assert fake_line.replies()


def test_a_redelivery_shows_only_the_claim(app: Flask) -> None:
    raw = wh.text_message_event("ช่วยเหลือ")
    _post(app, raw)
    again = _post(app, raw)
    assert again.status_code == 200  # type: ignore[attr-defined]
    assert _phases(again) == ["verify", "claim"]


def test_a_refused_signature_gets_no_timings(app: Flask) -> None:
    body, headers = wh.line_webhook_request(wh.text_message_event("x"), secret="another secret")
    answer = app.test_client().post("/webhooks/line", data=body, headers=headers)
    assert answer.status_code == 400
    assert "Server-Timing" not in answer.headers


def test_a_request_slower_than_line_waits_is_logged_with_its_split(
    caplog: pytest.LogCaptureFixture,
) -> None:
    phases = Phases()
    phases.spent["step"] = 0.004
    with caplog.at_level(logging.WARNING, logger="bot.web.timing"):
        phases.log_if_slow("line")
        assert not caplog.records
        phases.started -= 3.0  # began three seconds ago
        phases.log_if_slow("line")
    assert "line webhook answered in 3.0 s: step=4ms" in caplog.text
