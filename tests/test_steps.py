"""A step's commit in two transactions: a crash between them loses nothing, doubles nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask
from redis.crc import key_slot

from bot.app.runtime import build_runtime
from bot.demo import ensure_demo
from bot.domain.model import Role
from bot.store import keys as k
from bot.store import steps as commit
from bot.store.invites import create_invite
from bot.store.redis_store import RedisStore
from bot.store.steps import Command, by_slot, dump_commands, load_commands
from bot.web import create_app
from tests.conftest import redis_snapshot
from tests.fakes import FakeLineServer, FakeTelegramServer
from tests.fakes import webhooks as wh
from tests.platform_helpers import platform_config

ME = wh.line_source("U" + "4" * 32)


@pytest.fixture()
def app(
    store: RedisStore, fake_line: FakeLineServer, fake_telegram: FakeTelegramServer, tmp_path: Path
) -> Flask:
    ensure_demo(store, today=date(2026, 11, 21))
    config = platform_config(fake_line, fake_telegram).with_overrides(data_dir=tmp_path)
    return create_app(build_runtime(config, store))


def post_line(app: Flask, event: dict[str, Any]) -> int:
    body, headers = wh.line_webhook_request(
        event, secret=app.extensions["ita"].config.line_channel_secret
    )
    return int(app.test_client().post("/webhooks/line", data=body, headers=headers).status_code)


def joined(app: Flask, store: RedisStore) -> tuple[str, int]:
    """Join ME as staff of กองคลัง; return a measure id of the division and its number."""
    code = create_invite(store, "demo", Role.STAFF, "กองคลัง").code
    assert post_line(app, wh.text_message_event(code, source=ME)) == 200
    measure = store.measures_of_division("demo", "กองคลัง")[0]
    return measure.id, measure.number


def is_users_half(commands: Sequence[Command]) -> bool:
    """Whether a transaction is the user's half of a step (it ends with the lock's release)."""
    return bool(commands) and str(commands[-1][0]).upper() == "EVAL"


@pytest.mark.store
def test_a_crash_between_the_two_transactions_loses_and_doubles_nothing(
    app: Flask, store: RedisStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    measure, number = joined(app, store)
    before = len(store.reports("demo", measure))
    event = wh.text_message_event(f"รายงาน {number} กำลังทำ 30% จัดประชุมแล้ว", source=ME)
    real = commit.transaction
    crashes: list[int] = []

    def crash_before_the_user(client: redis.Redis, commands: Sequence[Command]) -> None:
        if is_users_half(commands) and not crashes:
            crashes.append(1)  # the organisation's half is in; the user's never runs
            raise redis.ConnectionError("the user's node went away")
        real(client, commands)

    monkeypatch.setattr(commit, "transaction", crash_before_the_user)
    assert post_line(app, event) == 503  # the platform delivers it again
    assert crashes and len(store.reports("demo", measure)) == before + 1  # the org's half
    step = k.org_key(k.STEP_ORG, "demo", platform="line", event=event["webhookEventId"])
    assert store.r.exists(step)
    assert post_line(app, {**event, "replyToken": wh.reply_token()}) == 200
    assert post_line(app, {**event, "replyToken": wh.reply_token()}) == 200
    assert len(store.reports("demo", measure)) == before + 1  # not doubled
    user = {"platform": "line", "user": ME["userId"]}
    assert store.r.exists(k.STEP_USER.format(**user, event=event["webhookEventId"]))
    assert not store.r.exists(k.CONVERSATION_LOCK.format(**user))
    assert not store.r.exists(step)  # its copy of the state went once the user's half was in
    # The next message starts afresh: the report step is over, nothing is left half-done.
    assert post_line(app, wh.text_message_event("งานของฉัน", source=ME)) == 200
    assert len(store.reports("demo", measure)) == before + 1


@pytest.mark.store
def test_a_step_committed_whole_whose_done_mark_was_lost_changes_nothing(
    app: Flask, store: RedisStore
) -> None:
    measure, number = joined(app, store)
    event = wh.text_message_event(f"รายงาน {number} เสร็จ จัดทำคู่มือแล้ว", source=ME)
    assert post_line(app, event) == 200
    done = k.DEDUPE.format(platform="line", event=event["webhookEventId"])
    store.r.delete(done)  # the process died before marking the event done
    before = redis_snapshot(store.r)
    assert post_line(app, {**event, "replyToken": wh.reply_token()}) == 200
    after = redis_snapshot(store.r)
    assert {key: v for key, v in after.items() if key != done.encode()} == before


def test_commands_are_grouped_by_slot_and_a_straying_delete_is_split() -> None:
    org, user = "ita:{demo}:people", "ita:user:{line:U1}:conv"
    groups = by_slot([["HSET", org, "p1", "{}"], ["DEL", org, user], ["PUBLISH", "ch", "1"]])
    assert groups == {
        key_slot(org.encode()): [["HSET", org, "p1", "{}"], ["DEL", org]],
        key_slot(user.encode()): [["DEL", user]],
        None: [["PUBLISH", "ch", "1"]],
    }


def test_kept_commands_come_back_byte_for_byte() -> None:
    groups = [[["SET", "ita:{o}:signature:p1", b"\x89PNG\xff\x00"], ["INCR", "x"]], []]
    assert load_commands(dump_commands(groups)) == groups
