"""The demo's organisations each chat through their own simulated OA (issue 11 item 7)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.app.runtime import build_runtime
from bot.chat.messages import Platform, Text
from bot.delivery.monthly_push import send_monthly_summary
from bot.demo import DEMO_ORG, ensure_demo, load_demo
from bot.demo.channels import DEMO_ACCOUNTS, persona_address
from bot.demo.province import TAMBON_ORG, VIEWER_ID
from bot.store import keys as k
from bot.store.channels import ChannelStore, channel_store
from bot.store.redis_store import RedisStore
from bot.web import create_app

pytestmark = pytest.mark.store
TODAY = date(2026, 11, 21)


def _simulated(channels: ChannelStore, org_id: str) -> list[str]:
    return [c.id for c in channels.for_org(org_id) if c.platform is Platform.SIMULATOR]


def test_demo_load_gives_each_organisation_one_simulated_oa_of_its_own(
    store: RedisStore, tmp_path: Path
) -> None:
    config = Config(data_dir=tmp_path)
    channels = channel_store(config, store)
    ensure_demo(store, today=TODAY, province=True, channels=channels)
    found = {org: channels.for_org(org) for org in (DEMO_ORG, TAMBON_ORG)}
    assert {org: len(records) for org, records in found.items()} == {DEMO_ORG: 1, TAMBON_ORG: 1}
    demo, tambon = found[DEMO_ORG][0], found[TAMBON_ORG][0]
    assert demo.id != tambon.id and demo.platform is tambon.platform is Platform.SIMULATOR
    assert (demo.basic_id, demo.name) == DEMO_ACCOUNTS[DEMO_ORG]
    assert (tambon.basic_id, tambon.name) == DEMO_ACCOUNTS[TAMBON_ORG]
    raw = store.r.get(k.CHANNEL.format(channel=demo.id))
    assert raw is not None and demo.token not in raw.decode()  # sealed like a real channel
    for org, channel in ((DEMO_ORG, demo), (TAMBON_ORG, tambon)):
        for person in store.people(org):
            assert person.chat_ids == {persona_address(channel): person.id}
            assert store.person_by_identity(persona_address(channel), person.id) == person
            assert store.person_by_identity("simulator", person.id) is None
    viewer = store.person_by_identity("simulator", VIEWER_ID)  # the province: the default
    assert viewer is not None and viewer.chat_ids == {"simulator": VIEWER_ID}


def test_restarting_and_resetting_keep_the_same_oas(store: RedisStore, tmp_path: Path) -> None:
    channels = channel_store(Config(data_dir=tmp_path), store)
    ensure_demo(store, today=TODAY, province=True, channels=channels)
    first = {org: _simulated(channels, org) for org in DEMO_ACCOUNTS}
    people = {org: store.people(org) for org in DEMO_ACCOUNTS}
    assert ensure_demo(store, today=TODAY, province=True, channels=channels) is None
    assert {org: _simulated(channels, org) for org in DEMO_ACCOUNTS} == first
    assert {org: store.people(org) for org in DEMO_ACCOUNTS} == people
    load_demo(store, today=TODAY, reset=True, province=True, channels=channels)
    assert {org: _simulated(channels, org) for org in DEMO_ACCOUNTS} == first
    address = persona_address(channels.for_org(DEMO_ORG)[0])
    assert all(p.chat_ids == {address: p.id} for p in store.people(DEMO_ORG))


def test_a_store_loaded_before_the_oas_moves_its_personas_onto_them(
    store: RedisStore, tmp_path: Path
) -> None:
    ensure_demo(store, today=TODAY, province=True)  # as `make run` did before
    assert store.person_by_identity("simulator", "p_secretary") is not None
    channels = channel_store(Config(data_dir=tmp_path), store)
    ensure_demo(store, today=TODAY, province=True, channels=channels)
    address = persona_address(channels.for_org(DEMO_ORG)[0])
    assert store.person_by_identity("simulator", "p_secretary") is None
    moved = store.person_by_identity(address, "p_secretary")
    assert moved is not None and moved.org_id == DEMO_ORG


def test_the_simulator_page_names_each_persona_s_oa(store: RedisStore, tmp_path: Path) -> None:
    config = Config(data_dir=tmp_path, with_clock=False)
    ensure_demo(store, today=TODAY, province=True, channels=channel_store(config, store))
    page = create_app(build_runtime(config, store)).test_client().get("/").text
    for org, persona in ((DEMO_ORG, "p_secretary"), (TAMBON_ORG, "t_secretary")):
        basic_id, name = DEMO_ACCOUNTS[org]
        button = next(b for b in page.split("<button")[1:] if f'data-id="{persona}"' in b)
        assert f'data-oa="{name}"' in button and basic_id in button
    viewer = next(b for b in page.split("<button")[1:] if f'data-id="{VIEWER_ID}"' in b)
    assert 'data-channel=""' in viewer and "บอทของระบบ" in viewer


def _pushed(store: RedisStore, persona: str) -> list[dict[str, object]]:
    """Every reply pushed to a persona's simulator pages so far."""
    _, items = store.simulator.pushed(persona)
    return [reply for item in items for reply in json.loads(item)]


def test_a_persona_chats_and_is_pushed_through_its_organisation_s_oa(
    store: RedisStore, tmp_path: Path
) -> None:
    config = Config(data_dir=tmp_path, with_clock=False)
    channels = channel_store(config, store)
    ensure_demo(store, today=TODAY, province=True, channels=channels)
    runtime = build_runtime(config, store)
    client = create_app(runtime).test_client()
    oa = {org: channels.for_org(org)[0] for org in DEMO_ACCOUNTS}

    def send(persona: str, channel: str) -> str:
        answer = client.post(
            "/simulator/send", data={"persona": persona, "channel": channel, "text": "งานของฉัน"}
        )
        assert answer.status_code == 200
        return " ".join(str(r.get("text", "")) for r in answer.json)

    assert "มาตรการของ กองคลัง" in send("p_staff2", oa[DEMO_ORG].id)
    address = persona_address(oa[DEMO_ORG])
    assert store.r.exists(k.CONVERSATION.format(platform=address, user="p_staff2"))
    # The same persona id on another OA, or on the default channel, is a stranger there.
    for elsewhere in (oa[TAMBON_ORG].id, ""):
        assert "มาตรการของ กองคลัง" not in send("p_staff2", elsewhere)
    assert (
        client.post("/simulator/send", data={"persona": "p_staff2", "channel": "nope"}).status_code
        == 400
    )

    for org, persona in ((DEMO_ORG, "p_secretary"), (TAMBON_ORG, "t_secretary")):
        person = store.get_person(org, persona)
        assert person is not None
        outcome = runtime.deliverer.send_replies(person, [Text("แจ้งเตือนทดสอบ")], f"t|{persona}")
        assert outcome.status == "sent"
        status = send_monthly_summary(
            config, store, runtime.deliverer, runtime.clock, org, persona, "2026-10"
        )
        assert status == "sent"
        pushed = _pushed(store, persona)
        assert [r["text"] for r in pushed[:1]] == ["แจ้งเตือนทดสอบ"] and len(pushed) == 4
        assert {r["channel"] for r in pushed} == {oa[org].id}
