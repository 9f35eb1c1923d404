"""Organisations' own channels as adapters: pushes go out on the channel a person joined by.

A person's chat ids are keyed by chat address: "line" is the deployment's channel,
"line@<channel id>" an organisation's own OA, whose user ids are not the deployment's.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.app.runtime import build_runtime
from bot.chat.messages import Platform, Text
from bot.domain.model import Person, Role
from bot.store.channel_record import new_channel
from bot.store.channels import channel_store
from bot.store.redis_store import RedisStore
from tests.fakes import LINE_ACCESS_TOKEN, FakeLineServer
from tests.platform_helpers import platform_config

pytestmark = pytest.mark.store
pytest_plugins = ["tests.fakes.fixtures"]


def _push_tokens(fake: FakeLineServer) -> list[str]:
    calls = [c for c in fake.calls if c.path.endswith("/message/push")]
    return [c.headers.get("authorization") or c.headers.get("Authorization") or "" for c in calls]


def test_each_organisation_is_pushed_on_its_own_channel_else_the_deployment_s(
    store: RedisStore, fake_line: FakeLineServer
) -> None:
    config = platform_config(fake_line)
    channels = channel_store(config, store)
    a = new_channel("org-a", Platform.LINE, "secret-a", "token-of-a")
    b = new_channel("org-b", Platform.LINE, "secret-b", "token-of-b")
    channels.save(a)
    channels.save(b)
    runtime = build_runtime(config, store)
    people = [
        Person("p1", "org-a", "ก", [Role.STAFF], chat_ids={f"line@{a.id}": "U" + "a" * 32}),
        Person("p2", "org-b", "ข", [Role.STAFF], chat_ids={f"line@{b.id}": "U" + "b" * 32}),
        Person("p3", "org-c", "ค", [Role.STAFF], chat_ids={"line": "U" + "c" * 32}),
    ]
    for n, person in enumerate(people):
        outcome = runtime.deliverer.send_replies(person, [Text("ทดสอบ")], f"test|{n}")
        assert (outcome.status, outcome.platform) == ("sent", "line")
    assert _push_tokens(fake_line) == [
        "Bearer token-of-a",
        "Bearer token-of-b",
        f"Bearer {LINE_ACCESS_TOKEN}",  # org-c has no channel of its own
    ]
    pushed_to = [c.json["to"] for c in fake_line.calls if c.path.endswith("/message/push")]
    assert pushed_to == ["U" + "a" * 32, "U" + "b" * 32, "U" + "c" * 32]


def test_the_organisation_s_own_channel_comes_before_the_deployment_s(
    store: RedisStore, fake_line: FakeLineServer
) -> None:
    config = platform_config(fake_line)
    a = new_channel("org-a", Platform.LINE, "secret-a", "token-of-a")
    channel_store(config, store).save(a)
    runtime = build_runtime(config, store)
    both = {"line": "U" + "d" * 32, f"line@{a.id}": "U" + "a" * 32}  # joined by both OAs
    person = Person("p1", "org-a", "ก", [Role.STAFF], chat_ids=both)
    runtime.deliverer.send_replies(person, [Text("ทดสอบ")], "test|own-first")
    assert _push_tokens(fake_line) == ["Bearer token-of-a"]


def test_a_changed_token_is_used_from_the_next_send_and_a_removed_channel_falls_back(
    store: RedisStore, fake_line: FakeLineServer
) -> None:
    config = platform_config(fake_line)
    channels = channel_store(config, store)
    a = new_channel("org-a", Platform.LINE, "secret-a", "token-one")
    channels.save(a)
    runtime = build_runtime(config, store)
    own, default = "U" + "a" * 32, "U" + "d" * 32
    chat_ids = {f"line@{a.id}": own, "line": default}
    person = Person("p1", "org-a", "ก", [Role.STAFF], chat_ids=chat_ids)
    runtime.deliverer.send_replies(person, [Text("หนึ่ง")], "test|1")
    channels.save(replace(a, token="token-two", revision=a.revision + 1))
    runtime.deliverer.send_replies(person, [Text("สอง")], "test|2")
    channels.remove(replace(a, token="token-two", revision=a.revision + 1))
    runtime.deliverer.send_replies(person, [Text("สาม")], "test|3")
    assert _push_tokens(fake_line) == [
        "Bearer token-one",
        "Bearer token-two",
        f"Bearer {LINE_ACCESS_TOKEN}",  # the channel is gone: the deployment's OA remains
    ]
    pushed_to = [c.json["to"] for c in fake_line.calls if c.path.endswith("/message/push")]
    assert pushed_to == [own, own, default]
    only_own = Person("p2", "org-a", "ข", [Role.STAFF], chat_ids={f"line@{a.id}": own})
    outcome = runtime.deliverer.send_replies(only_own, [Text("สี่")], "test|4")
    assert outcome.status == "not_needed"  # nobody to reach: never on another OA's user id
