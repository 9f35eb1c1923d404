"""LINE rich menus per role on the spec-checking fake; Telegram command menus per person."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PIL import Image

from bot.app.runtime import build_runtime
from bot.chat.menus import ACTIONS, HEIGHT, WIDTH, all_pages, role_pages, telegram_commands
from bot.demo import ensure_demo
from bot.domain.model import Role
from bot.platforms.line.platform import LinePlatform
from bot.platforms.line.richmenu_image import draw_page
from bot.platforms.line.richmenus import RichMenus
from bot.store.invites import create_invite
from bot.store.redis_store import RedisStore
from tests.chat_helpers import Talker
from tests.fakes import FakeLineServer, FakeTelegramServer
from tests.platform_helpers import platform_config

pytestmark = pytest.mark.store
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
LINE_USER = "U" + "a1" * 16


def test_each_role_has_its_pages_and_the_secretary_tabs() -> None:
    assert [p.key for p in role_pages("staff")] == ["staff"]
    assert [p.key for p in role_pages("chief")] == ["chief"]
    secretary = role_pages("secretary")
    assert [p.alias for p in secretary] == ["ita-secretary-1", "ita-secretary-2"]
    words = {b.text for page in secretary for b in page.buttons}
    assert {"ใครยังไม่รายงาน", "สถานะ", "เชิญ", "เว็บ", "ตั้งค่า", "วันหยุด", "สรุป"} <= words
    for page in secretary:
        areas = page.request()["areas"]
        switches = [a["action"] for a in areas if a["action"]["type"] == "richmenuswitch"]
        assert [s["richMenuAliasId"] for s in switches] == [
            a for a in ("ita-secretary-1", "ita-secretary-2") if a != page.alias
        ]
        assert len(page.buttons) <= 6


def test_every_button_sends_a_command_the_router_knows() -> None:
    from bot.handlers import build_router

    router = build_router()

    for page in all_pages():
        for button in page.buttons:
            assert router.match_command(button.text) is not None, button.text


def test_every_telegram_command_is_one_the_router_knows() -> None:
    from bot.handlers import build_router

    router = build_router()

    for role in ("staff", "chief", "secretary"):
        for command, description in telegram_commands(role):
            assert router.match_command(f"/{command}") is not None, command
            assert 1 <= len(description) <= 256


def test_the_fake_knows_lines_rich_menu_rules() -> None:
    from tests.fakes.line_richmenus import rich_menu_errors

    good = role_pages("secretary")[0].request()
    assert rich_menu_errors(good) == []
    assert rich_menu_errors({**good, "chatBarText": "เมนูติดตามมาตรการ ITA"})
    assert rich_menu_errors({**good, "size": {"width": 2500, "height": 2500}})
    outside = {
        "bounds": {"x": 2000, "y": 0, "width": 600, "height": 100},
        "action": {"type": "message", "text": "x"},
    }
    assert rich_menu_errors({**good, "areas": [outside]})
    switch = {
        "bounds": {"x": 0, "y": 0, "width": 10, "height": 10},
        "action": {"type": "richmenuswitch", "data": "x"},
    }
    assert rich_menu_errors({**good, "areas": [switch]})  # no alias named


def test_images_are_drawn_at_the_menu_size_in_under_1_mb() -> None:
    for page in all_pages():
        png = draw_page(page)
        assert len(png) < 1024 * 1024
        with Image.open(io.BytesIO(png)) as image:
            assert image.size == (WIDTH, HEIGHT) and image.format == "PNG"


def test_install_is_accepted_by_the_fake_and_idempotent(
    fake_line: FakeLineServer, store: RedisStore
) -> None:
    menus = RichMenus(LinePlatform(platform_config(line=fake_line), store), store.rich_menus)
    first = menus.install(store)
    assert first.created == 4 and len(fake_line.rich_menus) == 4
    assert set(fake_line.rich_menu_images) == set(fake_line.rich_menus)
    assert set(fake_line.rich_menu_aliases) == {"ita-secretary-1", "ita-secretary-2"}
    assert fake_line.dangling_aliases() == []
    calls = len(fake_line.calls)
    again = menus.install(store)
    assert again.created == 0 and again.deleted == []
    created = [c for c in fake_line.calls[calls:] if c.path == "/v2/bot/richmenu"]
    assert created == [] and len(fake_line.rich_menus) == 4
    # A menu deleted on LINE's side (by hand, in the console) is made again.
    gone = first.pages[0]["rich_menu_id"]
    del fake_line.rich_menus[gone]
    third = menus.install(store)
    assert third.created == 1 and len(fake_line.rich_menus) == 4


def test_a_changed_menu_replaces_the_old_one_and_relinks_people(
    fake_line: FakeLineServer, store: RedisStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_demo(store, today=date(2026, 11, 21))
    person = store.get_person("demo", "p_secretary")
    person.chat_ids["line"] = LINE_USER
    store.save_person(person)
    menus = RichMenus(LinePlatform(platform_config(line=fake_line), store), store.rich_menus)
    menus.install(store)
    old = fake_line.user_rich_menus[LINE_USER]
    monkeypatch.setattr("bot.chat.menus.LAYOUT_VERSION", 99)
    result = menus.install(store)
    assert result.created == 4 and len(result.deleted) == 4 and result.linked == 1
    assert old not in fake_line.rich_menus
    assert fake_line.user_rich_menus[LINE_USER] == fake_line.rich_menu_aliases["ita-secretary-1"]


def test_the_fake_refuses_a_wrong_size_image(fake_line: FakeLineServer, store: RedisStore) -> None:
    from linebot.v3 import messaging as sdk

    platform = LinePlatform(platform_config(line=fake_line), store)
    api, blob = platform.clients()
    page = role_pages("staff")[0]
    menu_id = api.create_rich_menu(sdk.RichMenuRequest.from_dict(page.request())).rich_menu_id
    small = io.BytesIO()
    Image.new("RGB", (800, 540)).save(small, format="PNG")
    with pytest.raises(sdk.ApiException) as caught:
        blob.set_rich_menu_image(menu_id, small.getvalue(), _headers={"Content-Type": "image/png"})
    assert caught.value.status == 400
    with pytest.raises(sdk.ApiException):
        api.link_rich_menu_id_to_user(LINE_USER, menu_id)  # no image yet
    assert len(fake_line.take_errors()) == 2


def test_joining_on_line_and_telegram_gives_the_role_menus(
    fake_line: FakeLineServer, fake_telegram: FakeTelegramServer, store: RedisStore, tmp_path: Path
) -> None:
    ensure_demo(store, today=date(2026, 11, 21))
    config = platform_config(line=fake_line, telegram=fake_telegram).with_overrides(
        data_dir=tmp_path
    )
    runtime = build_runtime(config, store)
    assert runtime.menus is not None
    runtime.adapters["line"].rich_menus.install(store)  # type: ignore[attr-defined]
    runtime.core.clock = lambda: NOW
    staff = create_invite(store, "demo", Role.STAFF, division="กองคลัง", now=NOW)
    assert "ยินดีต้อนรับ" in Talker(runtime.core, LINE_USER, "line").send(staff.code)
    staff_menu = next(i for i, m in fake_line.rich_menus.items() if m["name"] == "ita:staff")
    assert fake_line.user_rich_menus[LINE_USER] == staff_menu

    chief = create_invite(store, "demo", Role.CHIEF, now=NOW)
    assert "ยินดีต้อนรับ" in Talker(runtime.core, "4242", "telegram").send(chief.code)
    offered = fake_telegram.state.commands_for(4242)
    assert offered[:3] == [ACTIONS[n].slash for n in ("summary", "status", "late")]
    assert "cancel" in offered
    assert fake_telegram.state.menu_buttons["4242"] == {"type": "commands"}
    described = dict(telegram_commands("chief"))
    assert described["late"].startswith("ใครยังไม่รายงาน")

    # The dashboard makes the LINE staff member the secretary: the menu follows the role.
    from bot.web.dashboard.membership import change_role

    person = store.person_by_identity("line", LINE_USER)
    runtime.menus.sync(change_role(store, person, Role.SECRETARY, None, "p_secretary"))
    assert fake_line.user_rich_menus[LINE_USER] == fake_line.rich_menu_aliases["ita-secretary-1"]
