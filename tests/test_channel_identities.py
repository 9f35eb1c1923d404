"""A person on two organisations' channels: identities, conversations and payloads per channel.

LINE user ids are the provider's and Telegram's chats the bot's, so the same user id on two
channels is two identities; each says which organisation its channel means. Real core,
signed webhooks on each channel's own path, every call checked by the fakes.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from bot.app.runtime import build_runtime
from bot.chat.messages import Platform, Text
from bot.demo import DEMO_ORG, ensure_demo
from bot.demo.province import TAMBON_ORG
from bot.domain.model import Role
from bot.store.channel_record import ChannelRecord, new_channel
from bot.store.channels import channel_store
from bot.store.invites import create_invite
from bot.store.redis_store import RedisStore
from bot.web import create_app
from tests.fakes import FakeLineServer, FakeTelegramServer
from tests.fakes import tg_updates as tg
from tests.fakes.webhooks import (
    image_message_event,
    line_source,
    line_webhook_request,
    postback_event,
)
from tests.fakes.webhooks import text_message_event as text_event
from tests.platform_helpers import platform_config

pytestmark = pytest.mark.store
USER = "U" + "7" * 32  # the same user id arriving on both OAs (as with one LINE provider)
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64


@pytest.fixture()
def app(
    store: RedisStore, fake_line: FakeLineServer, fake_telegram: FakeTelegramServer, tmp_path: Path
) -> Flask:
    ensure_demo(store, today=date.today(), province=True)
    config = platform_config(fake_line, fake_telegram).with_overrides(data_dir=tmp_path)
    return create_app(build_runtime(config, store))


@pytest.fixture()
def oas(app: Flask) -> tuple[ChannelRecord, ChannelRecord]:
    services = app.extensions["ita"]
    channels = channel_store(services.config, services.store)
    a = new_channel(DEMO_ORG, Platform.LINE, "secret-of-a-0123456789", "token-of-a")
    b = new_channel(TAMBON_ORG, Platform.LINE, "secret-of-b-0123456789", "token-of-b")
    channels.save(a)
    channels.save(b)
    return a, b


def send(app: Flask, record: ChannelRecord, event: dict[str, Any]) -> None:
    body, headers = line_webhook_request(event, secret=record.secret)
    assert (
        app.test_client().post(record.webhook_path, data=body, headers=headers).status_code == 200
    )


def join(app: Flask, store: RedisStore, record: ChannelRecord, division: str = "กองคลัง") -> None:
    """Join the record's organisation as staff of division, through the record's own OA."""
    code = create_invite(store, record.org_id, Role.STAFF, division).code
    send(app, record, text_event(code, source=line_source(USER)))


def last_reply(fake: FakeLineServer, token: str) -> dict[str, Any]:
    mine = [c for c in fake.replies() if c.headers.get("Authorization") == f"Bearer {token}"]
    return dict(mine[-1].json)


def step_of(store: RedisStore, address: str, user: str) -> str:
    """Return the conversation step a chat identity is in ("" outside one)."""
    found = store.conversations.lock(address, user, "peek", 1000)
    assert found is not None
    store.conversations.release(address, user, "peek")
    return str(json.loads(found.state).get("name") or "") if found.state else ""


def reply_text(call: dict[str, Any]) -> str:
    return "\n".join(m.get("text", "") for m in call["messages"])


def test_one_user_id_on_two_channels_is_two_people_of_two_organisations(
    app: Flask, store: RedisStore, fake_line: FakeLineServer, oas: tuple[ChannelRecord, ...]
) -> None:
    a, b = oas
    me = line_source(USER)
    join(app, store, a)
    join(app, store, b, "สำนักปลัด")
    on_a = store.person_by_identity(f"line@{a.id}", USER)
    on_b = store.person_by_identity(f"line@{b.id}", USER)
    assert on_a is not None and on_a.org_id == DEMO_ORG and on_a.division == "กองคลัง"
    assert on_b is not None and on_b.org_id == TAMBON_ORG and on_b.division == "สำนักปลัด"
    assert on_a.chat_ids == {f"line@{a.id}": USER}
    assert store.person_by_identity("line", USER) is None  # the deployment's OA: a stranger

    send(app, a, text_event("งานของฉัน", source=me))
    assert "กองคลัง" in reply_text(last_reply(fake_line, a.token))
    send(app, b, text_event("งานของฉัน", source=me))
    assert "สำนักปลัด" in reply_text(last_reply(fake_line, b.token))


def test_a_conversation_on_one_channel_is_not_the_other_s(
    app: Flask, store: RedisStore, fake_line: FakeLineServer, oas: tuple[ChannelRecord, ...]
) -> None:
    a, b = oas
    me = line_source(USER)
    join(app, store, a)
    join(app, store, b)
    send(app, a, text_event("รายงาน", source=me))  # a report conversation opens on A only
    step = step_of(store, f"line@{a.id}", USER)
    assert step and not step_of(store, f"line@{b.id}", USER)
    send(app, b, text_event("ยกเลิก", source=me))  # cancelling on B leaves A's step alone
    assert step_of(store, f"line@{a.id}", USER) == step


def test_pushes_reach_each_person_on_their_own_organisation_s_channel(
    app: Flask, store: RedisStore, fake_line: FakeLineServer, oas: tuple[ChannelRecord, ...]
) -> None:
    a, b = oas
    join(app, store, a)
    join(app, store, b)
    deliverer = app.extensions["ita"].runtime.deliverer
    for address, org in ((f"line@{a.id}", DEMO_ORG), (f"line@{b.id}", TAMBON_ORG)):
        person = store.person_by_identity(address, USER)
        assert person is not None and person.org_id == org
        assert deliverer.send_replies(person, [Text(org)], f"test|{org}").status == "sent"
    pushes = [
        (c.headers.get("Authorization"), c.json["messages"][0]["text"]) for c in fake_line.pushes()
    ]
    assert pushes == [(f"Bearer {a.token}", DEMO_ORG), (f"Bearer {b.token}", TAMBON_ORG)]


def test_evidence_sent_on_a_channel_is_downloaded_with_that_channel_s_token(
    app: Flask, store: RedisStore, fake_line: FakeLineServer, oas: tuple[ChannelRecord, ...]
) -> None:
    a, _ = oas
    me = line_source(USER)
    join(app, store, a)
    send(app, a, text_event("งานของฉัน", source=me))
    items = last_reply(fake_line, a.token)["messages"][-1]["quickReply"]["items"]
    first = next(i["action"]["data"] for i in items if i["action"]["data"].startswith("rm:"))
    send(app, a, postback_event(first, source=me))
    done = last_reply(fake_line, a.token)["messages"][-1]["quickReply"]["items"]
    send(
        app,
        a,
        postback_event(
            next(i["action"]["data"] for i in done if i["action"]["label"] == "ดำเนินการแล้ว"),
            source=me,
        ),
    )
    send(app, a, text_event("ทำแล้ว 100%", source=me))
    photo = image_message_event(source=me)
    fake_line.set_content(photo["message"]["id"], JPEG, "image/jpeg")
    send(app, a, photo)
    app.extensions["ita"].core.evidence.wait()
    downloads = [c for c in fake_line.calls if c.path.endswith("/content")]
    assert [c.headers.get("Authorization") for c in downloads] == [f"Bearer {a.token}"]


def test_one_telegram_user_on_two_bots_joins_each_organisation_through_its_bot(
    app: Flask, store: RedisStore, fake_telegram: FakeTelegramServer
) -> None:
    services = app.extensions["ita"]
    channels = channel_store(services.config, services.store)
    bots = []
    for n, org in enumerate((DEMO_ORG, TAMBON_ORG)):
        token = f"{800 + n}:AAH{org}token0123456789abcdefghij"[:46]
        record = new_channel(org, Platform.TELEGRAM, f"tg-secret-{n}", token, bot_id=str(800 + n))
        channels.save(record)
        bots.append(record)
    client = app.test_client()
    for n, (record, org) in enumerate(zip(bots, (DEMO_ORG, TAMBON_ORG), strict=True)):
        code = create_invite(store, org, Role.STAFF, "กองคลัง").code
        update = tg.tg_message_update(code, update_id=100 + n)
        answer = client.post(
            record.webhook_path,
            data=json.dumps(update, ensure_ascii=False),
            headers={"X-Telegram-Bot-Api-Secret-Token": record.secret},
        )
        assert answer.status_code == 200
    user = str(tg.USER_ID)
    found = [store.person_by_identity(f"telegram@{r.id}", user) for r in bots]
    assert [p.org_id if p else None for p in found] == [DEMO_ORG, TAMBON_ORG]
    assert store.person_by_identity("telegram", user) is None
    sent = [c for c in fake_telegram.calls if c.method == "sendMessage"]
    tokens = [c.token for c in sent]  # the welcome of each bot's join, in order
    assert tokens[0] == bots[0].token and tokens[-1] == bots[1].token
    assert set(tokens) == {bots[0].token, bots[1].token}


def test_an_invite_of_another_organisation_is_refused_on_an_oa_and_stays_usable(
    app: Flask, store: RedisStore, fake_line: FakeLineServer, oas: tuple[ChannelRecord, ...]
) -> None:
    a, b = oas
    me = line_source(USER)
    code = create_invite(store, DEMO_ORG, Role.STAFF, "กองคลัง").code
    send(app, b, text_event(code, source=me))  # A's code typed on B's OA
    assert "หน่วยงานอื่น" in reply_text(last_reply(fake_line, b.token))
    assert store.person_by_identity(f"line@{b.id}", USER) is None
    send(app, a, text_event(code, source=me))  # the one use is still there, on A's OA
    joined = store.person_by_identity(f"line@{a.id}", USER)
    assert joined is not None and joined.org_id == DEMO_ORG
