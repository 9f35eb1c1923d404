"""Shared bits for the platform and webhook tests: config aimed at the fakes, a fake core."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from flask import Flask

from bot.app.config import Config
from bot.app.runtime import build_runtime
from bot.chat.messages import Incoming, Kind, Option, Reply, Text
from bot.store.keys import DEDUPE
from bot.store.redis_store import RedisStore
from bot.web import create_app
from bot.web.webhooks import register
from tests.fakes import (
    LINE_ACCESS_TOKEN,
    LINE_CHANNEL_SECRET,
    TELEGRAM_TOKEN,
    FakeLineServer,
    FakeTelegramServer,
)

TELEGRAM_SECRET = "tg-secret_0123456789"
CHOICES = (Option("ใช่", "answer:yes"), Option("ไม่ใช่", "answer:no"))


def platform_config(
    line: FakeLineServer | None = None, telegram: FakeTelegramServer | None = None
) -> Config:
    """Return a config whose LINE and Telegram endpoints are the fakes."""
    config = Config(
        demo=False,
        with_clock=False,
        line_channel_secret=LINE_CHANNEL_SECRET,
        line_channel_access_token=LINE_ACCESS_TOKEN,
        telegram_bot_token=TELEGRAM_TOKEN,
        telegram_secret_token=TELEGRAM_SECRET,
        public_url="https://bot.example.org",
    )
    if line is not None:
        config = config.with_overrides(
            line_api_base_url=line.base_url, line_data_api_base_url=line.data_base_url
        )
    if telegram is not None:
        config = config.with_overrides(
            telegram_api_base_url=telegram.api_base_url,
            telegram_file_base_url=telegram.file_base_url,
        )
    return config


@dataclass
class EchoCore:
    """A stand-in for ChatCore: echoes what it got, offers two choices, records everything."""

    seen: list[Incoming] = field(default_factory=list)
    answers: dict[str, list[Reply]] = field(default_factory=dict)  # text -> canned replies
    fail_on: str | None = None  # a text that makes handle raise
    lock: threading.Lock = field(default_factory=threading.Lock)
    store: RedisStore | None = None  # set by make_app: marks events done, as ChatCore does

    def handle(self, incoming: Incoming) -> list[Reply]:
        with self.lock:
            self.seen.append(incoming)
        if self.store is not None and incoming.event_id:
            key = DEDUPE.format(platform=incoming.identity.platform, event=incoming.event_id)
            self.store.r.set(key, "done", ex=3600)
        if self.fail_on is not None and incoming.text == self.fail_on:
            raise RuntimeError("core failed")
        if incoming.text in self.answers:
            return self.answers[incoming.text]
        said = incoming.text or incoming.data or incoming.kind.value
        if incoming.kind is Kind.CHOICE and not incoming.data:
            said = "expired"
        return [Text(f"echo: {said}", CHOICES)]


def make_app(config: Config, store: RedisStore, core: EchoCore) -> Flask:
    """Build the real app with the webhooks wired to a fake core."""
    app = create_app(build_runtime(config, store))
    core.store = store
    register(app, lambda: core)
    app.config["TESTING"] = True
    return app
