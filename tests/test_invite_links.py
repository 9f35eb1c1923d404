"""Invites that travel: the LINE add-friend link, a chat with the code typed in, Telegram, QR."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image as PilImage

from bot.app.config import Config
from bot.app.runtime import build_runtime
from bot.chat.core import ChatCore
from bot.chat.messages import Image, Platform, Text
from bot.demo import DEMO_ORG, ensure_demo
from bot.demo.province import TAMBON_ORG
from bot.domain.divisions import default_divisions
from bot.domain.model import Organisation, Person, Role
from bot.platforms.invite_links import invite_ways, qr_png, scan_target
from bot.store.channel_record import new_channel
from bot.store.channels import channel_store
from bot.store.redis_store import RedisStore
from bot.web import create_app
from tests.chat_helpers import Talker

pytestmark = pytest.mark.store


def test_links_from_the_basic_id_and_the_bot_username() -> None:
    config = Config(line_bot_basic_id="@123abcde", telegram_bot_username="ita_bot")
    ways = invite_ways(config, "ABCD2345")
    line, telegram = ways
    assert line.first_step == "https://line.me/R/ti/p/%40123abcde"
    assert line.link == "https://line.me/R/oaMessage/%40123abcde/?ABCD2345"
    assert telegram.link == "https://t.me/ita_bot?start=ABCD2345"
    assert scan_target(ways) == line.link
    assert invite_ways(Config(line_bot_basic_id="123abcde"), "X")[0].first_step.endswith(
        "%40123abcde"
    )
    bare = invite_ways(Config(), "ABCD2345")
    assert bare == [] and scan_target(bare) is None


def test_qr_png_is_a_square_image() -> None:
    with PilImage.open(io.BytesIO(qr_png("https://t.me/ita_bot?start=ABCD2345"))) as image:
        assert image.format == "PNG" and image.size[0] == image.size[1] >= 200


def test_the_secretary_gets_an_invite_to_forward_with_links_and_qr(
    store: RedisStore, tmp_path: Path
) -> None:
    ensure_demo(store, today=date(2026, 11, 21))
    config = Config(
        data_dir=tmp_path,
        with_clock=False,
        line_bot_basic_id="@123abcde",
        telegram_bot_username="ita_bot",
        public_url="https://bot.example.org",
    )
    app = create_app(build_runtime(config, store))
    secretary = Talker(app.extensions["ita"].core, "p_secretary")
    secretary.send("เชิญ กองคลัง")
    texts = [r.text for r in secretary.last if isinstance(r, Text)]
    forward = next(text for text in texts if "รหัสเชิญ:" in text)
    code = re.search(r"รหัสเชิญ: ([A-Z0-9]{8})", forward).group(1)
    assert f"https://line.me/R/oaMessage/%40123abcde/?{code}" in forward
    assert "https://line.me/R/ti/p/%40123abcde" in forward
    assert f"https://t.me/ita_bot?start={code}" in forward
    image = next(r for r in secretary.last if isinstance(r, Image))
    assert image.url.startswith("https://bot.example.org/files/")
    client = app.test_client()
    answer = client.get(urlsplit(image.url).path)
    assert answer.status_code == 200 and answer.mimetype == "image/png"
    assert answer.data == qr_png(f"https://line.me/R/oaMessage/%40123abcde/?{code}")
    store.r.delete(f"ita:invite:{code}")
    assert client.get(urlsplit(image.url).path).status_code == 404
    assert client.get("/files/forged-token").status_code == 404


def test_without_links_the_invite_says_to_type_the_code(store: RedisStore, tmp_path: Path) -> None:
    ensure_demo(store, today=date(2026, 11, 21))
    app = create_app(build_runtime(Config(data_dir=tmp_path, with_clock=False), store))
    secretary = Talker(app.extensions["ita"].core, "p_secretary")
    answer = secretary.send("เชิญ ผู้บริหาร")
    assert "พิมพ์รหัสนี้ในแชตกับบอท" in answer
    assert not any(isinstance(r, Image) for r in secretary.last)


def test_an_organisation_s_own_accounts_replace_the_deployment_s() -> None:
    config = Config(line_bot_basic_id="@default1", telegram_bot_username="ita_bot")
    line, telegram = invite_ways(config, "ABCD2345", accounts={"line": "@own2222"})
    assert line.first_step == "https://line.me/R/ti/p/%40own2222"
    assert line.link == "https://line.me/R/oaMessage/%40own2222/?ABCD2345"
    assert telegram.link == "https://t.me/ita_bot?start=ABCD2345"  # no bot of its own
    own_bot = invite_ways(Config(), "ABCD2345", accounts={"telegram": "own_bot"})
    assert [way.link for way in own_bot] == ["https://t.me/own_bot?start=ABCD2345"]


def _connect(store: RedisStore, config: Config, org_id: str, basic_id: str, bot: str) -> None:
    """Give an organisation its own LINE OA and Telegram bot (saved without calling them)."""
    channels = channel_store(config, store)
    channels.add(
        new_channel(org_id, Platform.LINE, f"s-{org_id}", f"t-{org_id}", basic_id=basic_id)
    )
    channels.add(
        new_channel(org_id, Platform.TELEGRAM, "w", f"{len(bot)}:{'x' * 30}", basic_id=bot)
    )


def _invite(core: ChatCore, persona: str) -> tuple[str, str, Image]:
    """Have a secretary make an invite in chat; return the code, the text to forward, the QR."""
    secretary = Talker(core, persona)
    secretary.send("เชิญ กองคลัง")
    texts = [r.text for r in secretary.last if isinstance(r, Text)]
    forward = next(text for text in texts if "รหัสเชิญ:" in text)
    found = re.search(r"รหัสเชิญ: ([A-Z0-9]{8})", forward)
    assert found is not None
    return found.group(1), forward, next(r for r in secretary.last if isinstance(r, Image))


def test_each_organisation_s_invite_leads_to_its_own_oa_else_the_default(
    store: RedisStore, tmp_path: Path
) -> None:
    ensure_demo(store, today=date(2026, 11, 21), province=True)
    store.create_org(Organisation("bare", "อบต.ไม่มีช่องทาง", default_divisions()))
    store.save_person(
        Person(
            "b_secretary", "bare", "เลขา", [Role.SECRETARY], chat_ids={"simulator": "b_secretary"}
        )
    )
    config = Config(
        data_dir=tmp_path,
        with_clock=False,
        line_bot_basic_id="@default1",
        telegram_bot_username="ita_bot",
        public_url="https://bot.example.org",
    )
    _connect(store, config, DEMO_ORG, "@demo1111", "demo_oa_bot")
    _connect(store, config, TAMBON_ORG, "@tambon22", "tambon_oa_bot")
    app = create_app(build_runtime(config, store))
    core, client = app.extensions["ita"].core, app.test_client()
    expected = {
        "p_secretary": ("%40demo1111", "demo_oa_bot"),
        "t_secretary": ("%40tambon22", "tambon_oa_bot"),
        "b_secretary": ("%40default1", "ita_bot"),
    }
    for persona, (oa, bot) in expected.items():
        code, forward, qr = _invite(core, persona)
        assert f"https://line.me/R/ti/p/{oa}" in forward
        assert f"https://line.me/R/oaMessage/{oa}/?{code}" in forward
        assert f"https://t.me/{bot}?start={code}" in forward
        others = {o for p, (o, _) in expected.items() if p != persona}
        assert not any(other in forward for other in others)
        answer = client.get(urlsplit(qr.url).path)
        assert answer.data == qr_png(f"https://line.me/R/oaMessage/{oa}/?{code}")
