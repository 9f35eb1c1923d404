"""Schema-generated webhook bodies, correctly signed, never get a 5xx while Redis is up.

Some bodies carry one more value nested thousands deep (issue 9, defect 6: a RecursionError
gave 500).
Bodies are drawn from the platforms' own definitions (LINE's webhook.yml CallbackRequest,
Telegram's api.json Update) and sent to the real app -- the real chat core, a real Redis, the
fake LINE and Telegram APIs -- with a loaded organisation whose people some of the bodies
speak for. Deterministic by default (derandomized, a bounded number of examples); set
FUZZ_PROFILE=long for a longer random search.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app.runtime import build_runtime
from bot.demo import ensure_demo
from bot.domain.model import Person, Role
from bot.store.redis_store import RedisStore
from bot.web import create_app
from tests.fakes import LINE_CHANNEL_SECRET, FakeLineServer, FakeTelegramServer, sign_line
from tests.platform_helpers import TELEGRAM_SECRET, platform_config
from tests.schema_strategies import LineSchemas, TelegramSchemas, fresh, fresh_ints

pytestmark = pytest.mark.store

_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
}
settings.register_profile("fuzz-ci", max_examples=120, derandomize=True, **_COMMON)
settings.register_profile("fuzz-long", max_examples=2000, **_COMMON)
PROFILE = settings.get_profile(
    "fuzz-long" if os.environ.get("FUZZ_PROFILE") == "long" else "fuzz-ci"
)

LINE_STAFF = "U" + "5a" * 16
LINE_SECRETARY = "U" + "c3" * 16
TG_STAFF = 730001
TG_SECRETARY = 730002
# What people type, so the fuzz walks the conversations and not only "who are you?".
SAID = st.sampled_from(
    [
        "งานของฉัน", "รายงาน", "รายงาน 1 กำลังทำ 40% ทดสอบ", "รายงาน ๒ เสร็จ", "รายงาน 999",
        "แก้ไข", "ยกเลิก", "ช่วยเหลือ", "English", "ภาษาไทย", "สรุป", "สรุป มี.ค. 66",
        "เชิญ กองคลัง", "ใครยังไม่รายงาน", "สถานะ", "ลา ถึง 15 มี.ค.", "กลับมาแล้ว", "เว็บ",
        "ตั้งค่า nudge_day=24", "ABCD2345", "/start", "/start ABCD2345", "1", "ถัดไป",
    ]
)  # fmt: skip
_LINE = LineSchemas(
    {
        "userId": st.one_of(st.sampled_from([LINE_STAFF, LINE_SECRETARY]), st.text(max_size=40)),
        "text": st.one_of(SAID, st.text(max_size=60)),
        "data": st.one_of(
            st.sampled_from(["action=menu", "answer:yes", "x"]), st.text(max_size=60)
        ),
        # Mostly fresh and active, as LINE sends them: a repeated id is deduped, a used
        # token refused, a standby event left to another channel.
        "webhookEventId": st.one_of(fresh("01FUZZ"), fresh("01FUZZX"), st.text(max_size=30)),
        "replyToken": st.one_of(fresh("tok"), fresh("tokx"), st.text(max_size=30)),
        "mode": st.sampled_from(["active", "active", "active", "standby"]),
    }
)
_LINE.overrides["source"] = st.one_of(
    st.fixed_dictionaries(
        {"type": st.just("user"), "userId": st.sampled_from([LINE_STAFF, LINE_SECRETARY])}
    ),
    _LINE.component("Source"),
)
# Every event type, and (as often) the ones people send: messages and postbacks.
LINE_BODIES = st.one_of(
    _LINE.component("CallbackRequest"),
    _LINE.events("message", "postback", "follow", "join", require=("replyToken", "source")),
)
TG_USER_IDS = st.one_of(st.sampled_from([TG_STAFF, TG_SECRETARY]), st.integers(-(2**40), 2**40))
_TG_OVERRIDES = {
    "text": st.one_of(SAID, st.text(max_size=60)),
    "CallbackQuery.data": st.one_of(st.sampled_from(["answer:yes", "x"]), st.text(max_size=64)),
    "Update.update_id": st.one_of(fresh_ints(10**6), fresh_ints(10**8), st.integers()),
    "date": st.integers(0, 2**31 - 1),  # Unix time, as Telegram sends it
    "User.id": TG_USER_IDS,
    "Chat.id": TG_USER_IDS,
}
_KNOWN_TG = st.sampled_from([TG_STAFF, TG_SECRETARY])
_TG_PEOPLE = {
    # Half the updates come from a known person in a private chat, saying something.
    "Message.from": st.fixed_dictionaries(
        {"id": _KNOWN_TG, "is_bot": st.just(False), "first_name": st.just("สมชาย")}
    ),
    "CallbackQuery.from": st.fixed_dictionaries(
        {"id": _KNOWN_TG, "is_bot": st.just(False), "first_name": st.just("สมชาย")}
    ),
    "Message.chat": st.fixed_dictionaries({"id": _KNOWN_TG, "type": st.just("private")}),
}
_TG = TelegramSchemas(_TG_OVERRIDES)
_TG_TALK = TelegramSchemas(
    {**_TG_OVERRIDES, **_TG_PEOPLE},
    always={"Message": {"text", "from"}, "CallbackQuery": {"data", "message"}},
)
TG_UPDATES = st.one_of(_TG.update(), _TG_TALK.update("message", "callback_query"))


@pytest.fixture(scope="module")
def fakes() -> Iterator[tuple[FakeLineServer, FakeTelegramServer]]:
    with FakeLineServer() as line, FakeTelegramServer() as telegram:
        yield line, telegram


@pytest.fixture
def app(fakes: tuple[FakeLineServer, FakeTelegramServer], store: RedisStore) -> Flask:
    org_id = ensure_demo(store) or "demo"
    store.save_person(
        Person("p_fuzz_staff", org_id, "ผู้ทดสอบ", [Role.STAFF], division="กองคลัง",
               chat_ids={"line": LINE_STAFF, "telegram": str(TG_STAFF)})
    )  # fmt: skip
    store.save_person(
        Person("p_fuzz_secretary", org_id, "เลขาทดสอบ", [Role.SECRETARY],
               chat_ids={"line": LINE_SECRETARY, "telegram": str(TG_SECRETARY)})
    )  # fmt: skip
    app = create_app(build_runtime(platform_config(*fakes), store))
    app.config["TESTING"] = True
    return app


# Most bodies as the schema draws them; some with one more value nested `depth` deep, as a
# signed sender could write (json.dumps itself cannot: it recurses).
NESTING = st.one_of(st.just(0), st.just(0), st.integers(0, 100_000))


def _encode(body: Any, depth: int) -> bytes:
    """Return the JSON of body, with a value nested depth deep added at its top level."""
    raw = json.dumps(body, ensure_ascii=False).encode()
    if not depth or not raw.endswith(b"}"):
        return raw
    glue = b", " if raw != b"{}" else b""
    return raw[:-1] + glue + b'"nested": ' + b"[" * depth + b"]" * depth + b"}"


def _refused(status: int, body: Any, depth: int, answer: bytes) -> str:
    shown = json.dumps(body, ensure_ascii=False)[:2000]
    nested = f" (plus a value nested {depth} deep)" if depth else ""
    return f"{status} for a signed body{nested}:\n{shown}\nanswer: {answer[:500]!r}"


def test_signed_line_bodies_from_the_schema_never_get_a_5xx(
    app: Flask, fakes: tuple[FakeLineServer, FakeTelegramServer]
) -> None:
    line = fakes[0]
    before = len(line.replies())
    statuses: list[int] = []

    @settings(PROFILE)
    @given(body=LINE_BODIES, depth=NESTING)
    def post(body: Any, depth: int) -> None:
        raw = _encode(body, depth)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Line-Signature": sign_line(raw, LINE_CHANNEL_SECRET),
        }
        response = app.test_client().post("/webhooks/line", data=raw, headers=headers)
        statuses.append(response.status_code)
        assert response.status_code < 500, _refused(
            response.status_code, body, depth, response.data
        )

    post()
    # The bodies reached the conversations: the core answered some through LINE.
    assert statuses.count(200) > len(statuses) // 2
    assert len(line.replies()) - before >= 10


def test_telegram_updates_from_the_schema_never_get_a_5xx(
    app: Flask, fakes: tuple[FakeLineServer, FakeTelegramServer]
) -> None:
    telegram = fakes[1]
    before = len(telegram.calls_to("sendMessage"))
    statuses: list[int] = []

    @settings(PROFILE)
    @given(update=TG_UPDATES, depth=NESTING)
    def post(update: Any, depth: int) -> None:
        headers = {
            "Content-Type": "application/json",
            "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET,
        }
        raw = _encode(update, depth)
        response = app.test_client().post("/webhooks/telegram", data=raw, headers=headers)
        statuses.append(response.status_code)
        assert response.status_code < 500, _refused(
            response.status_code, update, depth, response.data
        )

    post()
    assert statuses.count(200) > len(statuses) // 2
    assert len(telegram.calls_to("sendMessage")) - before >= 10
