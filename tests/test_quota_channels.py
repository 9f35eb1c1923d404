"""Quotas counted apart (issue 11 items 4 and 8): each LINE OA, each Telegram bot its own."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import redis

from bot.app.config import Config
from bot.app.runtime import Runtime, build_runtime
from bot.chat.messages import Platform, Text
from bot.delivery.deliverer import Deliverer
from bot.delivery.quota import check_every_channel, saved_quota
from bot.domain.model import Organisation, Person, Role
from bot.platforms.telegram.adapter import PER_SECOND, TelegramAdapter
from bot.store.channel_record import new_channel
from bot.store.channels import channel_store
from bot.store.redis_store import RedisStore
from tests.fakes import LINE_ACCESS_TOKEN, FakeLineServer, FakeTelegramServer
from tests.platform_helpers import platform_config

pytestmark = pytest.mark.store
NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def line_user(name: str) -> str:
    return "U" + name.encode().hex().ljust(32, "0")[:32]


def person(org: str, name: str, role: Role, address: str = "line") -> Person:
    """Someone of org on LINE: on the deployment's OA ("line") or their org's ("line@<id>")."""
    return Person(f"{org}-{name}", org, name, [role], chat_ids={address: line_user(f"{org}{name}")})


class World:
    """Three organisations on one deployment: A and B on their own OAs, C on the default."""

    def __init__(self, store: RedisStore, fake: FakeLineServer) -> None:
        config = platform_config(fake)
        channels = channel_store(config, store)
        self.a = new_channel("org-a", Platform.LINE, "secret-a", "token-of-a", name="อบต.ก")
        self.b = new_channel("org-b", Platform.LINE, "secret-b", "token-of-b", name="อบต.ข")
        self.addresses = {
            "org-a": f"line@{self.a.id}",
            "org-b": f"line@{self.b.id}",
            "org-c": "line",
        }
        for org in ("org-a", "org-b", "org-c"):
            store.create_org(Organisation(org, org))
            for role in (Role.SECRETARY, Role.STAFF):
                store.save_person(person(org, role.value, role, self.addresses[org]))
        channels.save(self.a)
        channels.save(self.b)
        self.store = store
        self.fake = fake
        self.runtime: Runtime = build_runtime(config, store)

    def staff(self, org: str) -> Person:
        return person(org, Role.STAFF.value, Role.STAFF, self.addresses[org])

    def secretary(self, org: str) -> Person:
        return person(org, Role.SECRETARY.value, Role.SECRETARY, self.addresses[org])

    def push(self, org: str, n: int = 1) -> list[str]:
        deliverer = self.runtime.deliverer
        return [
            deliverer.send_replies(self.staff(org), [Text("ทดสอบ")], f"t|{org}|{i}").status
            for i in range(n)
        ]


@pytest.fixture()
def world(store: RedisStore, fake_line: FakeLineServer) -> World:
    return World(store, fake_line)


def test_two_organisations_quotas_are_read_and_stored_apart(world: World) -> None:
    world.fake.quotas = {"token-of-a": 100, "token-of-b": 1000}
    world.fake.quota = 500  # the deployment's own channel
    assert world.push("org-a", 3) == ["sent"] * 3
    assert world.push("org-b", 1) == ["sent"]
    found = {q.line.channel: q for q in check_every_channel(world.store, world.runtime.deliverer)}
    assert set(found) == {"", world.a.id, world.b.id}
    assert found[world.a.id].line.orgs == ("org-a",) and found[world.b.id].line.orgs == ("org-b",)
    assert found[""].line.orgs == ("org-c",)  # only C uses the deployment's channel
    stored = {c: saved_quota(world.store, c) for c in found}
    assert {c: (q.limit, q.used) for c, q in stored.items() if q} == {
        world.a.id: (100, 3),
        world.b.id: (1000, 1),
        "": (500, 0),
    }


def test_a_429_on_one_channel_stops_only_that_organisation_s_pushes(world: World) -> None:
    world.fake.fail_next(1, status=429, token="token-of-a")
    assert world.push("org-a") == ["deferred"]  # no Telegram here: it waits for a reply
    deliverer = world.runtime.deliverer
    assert deliverer.quota_exhausted(world.a.id, "org-a")
    assert not deliverer.quota_exhausted(world.b.id, "org-b") and not deliverer.quota_exhausted()
    assert world.push("org-a") == ["deferred"]  # stopped: LINE is not even asked
    assert world.push("org-b") == ["sent"] and world.push("org-c") == ["sent"]
    assert [c.token for c in world.fake.pushes()] == ["token-of-b", LINE_ACCESS_TOKEN]
    assert [c.token for _, c in world.fake.rejected] == ["token-of-a"]


def test_the_80_percent_warning_reaches_only_that_organisation_s_secretary(world: World) -> None:
    world.fake.quotas = {"token-of-a": 100, "token-of-b": 100, LINE_ACCESS_TOKEN: 100}
    world.fake.usage_offsets = {"token-of-a": 85, "token-of-b": 10, LINE_ACCESS_TOKEN: 10}
    deliverer = world.runtime.deliverer
    check_every_channel(world.store, deliverer, NOW)
    check_every_channel(world.store, deliverer, NOW)  # once per channel and month
    warned = {c.to: c.token for c in world.fake.pushes()}
    assert warned == {line_user("org-asecretary"): "token-of-a"}  # on A's own OA
    text = world.fake.texts_to(line_user("org-asecretary"))
    assert len(text) == 1 and "อบต.ก" in text[0] and "85" in text[0]
    # the deployment's channel warns the secretaries of the organisations using it: C's
    world.fake.usage_offsets[LINE_ACCESS_TOKEN] = 90
    check_every_channel(world.store, deliverer, NOW)
    warned = {c.to: c.token for c in world.fake.pushes()}
    assert warned == {
        line_user("org-asecretary"): "token-of-a",
        line_user("org-csecretary"): LINE_ACCESS_TOKEN,
    }


def test_a_spent_channel_stops_the_planned_reminders_of_its_organisation_only(
    world: World,
) -> None:
    world.fake.quotas = {"token-of-a": 100}
    world.fake.usage_offsets = {"token-of-a": 100}
    check_every_channel(world.store, world.runtime.deliverer, NOW)
    assert world.runtime.deliverer.quota_exhausted(world.a.id, "org-a")
    outcomes = {}
    for org in ("org-a", "org-b"):
        message = plan_digest(world.store, world.staff(org))
        outcomes[org] = world.runtime.deliverer.deliver(message).status
    assert outcomes == {"org-a": "deferred", "org-b": "sent"}
    assert [c.token for c in world.fake.pushes()] == ["token-of-b"]


def plan_digest(store: RedisStore, who: Person) -> str:
    """Plan a digest-only reminder for a person; return its message id."""
    message_id = f"{who.org_id}|{who.id}|2026-11-20"
    payload = {
        "id": message_id,
        "org": who.org_id,
        "person": who.id,
        "day": "2026-11-20",
        "at": NOW.timestamp(),
        "at_iso": NOW.isoformat(),
        "digest": True,
        "missing": [],
        "items": [],
    }
    store.schedule.plan([payload])
    assert json.loads(store.r.hget("ita:{reminders}:planned:data", message_id) or "{}")
    return message_id


# ---- round trips of one delivery --------------------------------------------------------


@pytest.mark.single_server(
    "round trips are counted as one server sees them: a cluster sends a pipeline to each"
    " node that holds one of its slots (the person's, the quota's, the channel's)"
)
def test_reading_the_channel_s_quota_mark_costs_no_round_trip(
    world: World, round_trips: list[int]
) -> None:
    """take, facts (with both quota marks), the channel's record (one GET), finish."""
    counted = {}
    for org in ("org-a", "org-c"):
        message = plan_digest(world.store, world.staff(org))
        world.runtime.deliverer.deliver(message)  # warm: the channel's adapter is built
        message = plan_digest(world.store, world.secretary(org))
        round_trips[0] = 0
        assert world.runtime.deliverer.deliver(message).status == "sent"
        counted[org] = round_trips[0]
    # C is on the deployment's channel; A's person on A's own, whose record is read
    assert counted == {"org-a": 4, "org-c": 3}
    # without organisations' channels: take, facts (with the quota mark), finish
    used = world.runtime.deliverer
    alone = Deliverer(world.store, used.schedule, used.policies, adapters=used.adapters)
    another = person("org-c", "another", Role.STAFF)
    world.store.save_person(another)
    message = plan_digest(world.store, another)
    round_trips[0] = 0
    assert alone.deliver(message).status == "sent"
    assert round_trips[0] == 3


# ---- Telegram: 30 messages a second per bot, in every process ---------------------------


class Waited(Exception):
    """The adapter would have slept for its rate limit."""


def stopped_clock(adapter: TelegramAdapter) -> TelegramAdapter:
    """Stop the adapter's clock in one second; waiting for the next raises Waited."""

    def wait(seconds: float) -> None:
        raise Waited(seconds)

    adapter.seconds = lambda: 1_800_000_000.25  # type: ignore[method-assign]
    adapter.sleep = wait  # type: ignore[method-assign]
    return adapter


def other_bot(config: Config) -> Config:
    """The same deployment speaking for another organisation's bot (another token)."""
    return TelegramAdapter.channel_config(config, "s", "987654321:BBHdqTcvCH1vGWJxfSeofSAs0K5PAL")


def test_two_telegram_bots_have_their_own_budget_and_two_processes_of_one_share_it(
    store: RedisStore,
    new_client: Callable[..., redis.Redis],
    fake_telegram: FakeTelegramServer,
) -> None:
    config = platform_config(telegram=fake_telegram)
    bot_a = stopped_clock(TelegramAdapter(config, store))
    bot_b = stopped_clock(TelegramAdapter(other_bot(config), store))
    # the same bot in a second process: its own connection to Redis
    bot_a_too = stopped_clock(TelegramAdapter(config, RedisStore(new_client())))
    for chat in range(PER_SECOND):
        assert bot_a.push_replies(str(1000 + chat), [Text("ทดสอบ")], "-")
    with pytest.raises(Waited):
        bot_a.push_replies("2000", [Text("ทดสอบ")], "-")  # A's 31st this second waits
    with pytest.raises(Waited):
        bot_a_too.push_replies("2001", [Text("ทดสอบ")], "-")  # so does A's other process
    assert bot_b.push_replies("2002", [Text("ทดสอบ")], "-")  # B has a budget of its own
    sent = fake_telegram.calls_to("sendMessage")
    assert len(sent) == PER_SECOND + 1


def test_a_chat_s_one_second_slot_is_per_bot(
    store: RedisStore, fake_telegram: FakeTelegramServer
) -> None:
    config = platform_config(telegram=fake_telegram)
    bot_a = stopped_clock(TelegramAdapter(config, store))
    bot_b = stopped_clock(TelegramAdapter(other_bot(config), store))
    assert bot_a.push_replies("42", [Text("หนึ่ง")], "-")
    assert bot_b.push_replies("42", [Text("สอง")], "-")  # another bot's chat with the person
