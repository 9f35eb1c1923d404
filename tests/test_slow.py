"""LINE's loading animation before slow steps: one-to-one chats only, never a push."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.app.runtime import build_runtime
from bot.chat.messages import Attachment, Identity, Incoming, Kind
from bot.chat.slow import is_slow
from bot.demo import ensure_demo
from bot.domain.model import Role
from bot.handlers import build_router
from bot.store.invites import create_invite
from bot.store.redis_store import RedisStore
from bot.web import create_app
from tests.fakes import FakeLineServer
from tests.fakes.webhooks import line_source, line_webhook_request, text_message_event
from tests.platform_helpers import platform_config

pytestmark = pytest.mark.store
LOADING = "/v2/bot/chat/loading/start"
CHIEF = "U" + "c" * 32


def _in(kind: Kind, text: str = "", data: str = "") -> Incoming:
    attachment = Attachment("1", "plan.docx") if kind in (Kind.FILE, Kind.IMAGE) else None
    identity = Identity("line", CHIEF)
    return Incoming(identity, kind, text=text, data=data, attachment=attachment)


def test_which_steps_are_slow() -> None:
    router = build_router()
    assert is_slow(router, _in(Kind.TEXT, "สรุป")) and is_slow(router, _in(Kind.TEXT, "สรุป มี.ค. 66"))
    assert is_slow(router, _in(Kind.CHOICE, data="sumfile:2026-11"))
    assert is_slow(router, _in(Kind.CHOICE, data="menu:summary"))
    assert is_slow(router, _in(Kind.FILE)) and is_slow(router, _in(Kind.IMAGE))
    assert not is_slow(router, _in(Kind.TEXT, "งานของฉัน"))
    assert not is_slow(router, _in(Kind.TEXT, "สรุปงาน ทดสอบ"))
    assert not is_slow(router, _in(Kind.CHOICE, data="menu:my"))


def test_the_animation_shows_before_a_summary_in_a_private_chat_only(
    store: RedisStore, fake_line: FakeLineServer, tmp_path: Path
) -> None:
    ensure_demo(store, today=date.today())
    app = create_app(
        build_runtime(platform_config(fake_line).with_overrides(data_dir=tmp_path), store)
    )

    def send(text: str, **source: Any) -> None:
        event = text_message_event(text, source=line_source(CHIEF, **source))
        body, headers = line_webhook_request(
            event, secret=app.extensions["ita"].config.line_channel_secret
        )
        assert (
            app.test_client().post("/webhooks/line", data=body, headers=headers).status_code == 200
        )

    send(create_invite(store, "demo", Role.CHIEF).code)
    send("ช่วยเหลือ")
    assert [c for c in fake_line.calls if c.path == LOADING] == []
    send("สรุป")
    paths = [c.path for c in fake_line.calls]
    loading = [c for c in fake_line.calls if c.path == LOADING]
    assert len(loading) == 1 and loading[0].json == {"chatId": CHIEF, "loadingSeconds": 20}
    assert paths.index(LOADING) < len(paths) - 1 and paths[-1] == "/v2/bot/message/reply"
    send("สรุป", group_id="C" + "0" * 32)  # a group: LINE shows the animation in user chats only
    assert len([c for c in fake_line.calls if c.path == LOADING]) == 1
    assert fake_line.pushes() == [] and fake_line.total_usage() == 0
