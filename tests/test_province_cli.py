"""`org create --province --district`, `province invite`, `province list`, end to end."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis

from bot.app.config import Config
from bot.chat.core import ChatCore
from bot.domain.model import Role
from bot.domain.province import province_scope
from bot.handlers import build_router
from bot.store.provinces import ProvinceStore
from bot.store.redis_store import RedisStore
from tests.chat_helpers import Talker
from tests.test_cli import cli  # noqa: F401  (the fixture)

pytestmark = pytest.mark.store


def test_org_create_with_a_place_and_list_shows_it(cli, redis_client: redis.Redis) -> None:  # noqa: F811
    code, _, _ = cli("org", "create", "kk1", "--name", "อบต.หนึ่ง", "--province", "จังหวัดขอนแก่น",
                     "--district", "อำเภอบ้านฝาง")  # fmt: skip
    assert code == 0
    assert cli("org", "create", "nowhere", "--name", "อบต.ไม่ระบุ")[0] == 0
    listed = {o["id"]: o for o in json.loads(cli("org", "list", "--json")[1])}
    assert (listed["kk1"]["province"], listed["kk1"]["district"]) == ("ขอนแก่น", "บ้านฝาง")
    assert listed["nowhere"]["province"] is None
    assert "บ้านฝาง ขอนแก่น" in cli("org", "list")[1]
    assert ProvinceStore(redis_client).org_ids("ขอนแก่น") == ["kk1"]


@pytest.mark.parametrize("bad", ["province:x", "province", "a:b"])
def test_org_ids_kept_for_provinces_are_refused(cli, bad: str) -> None:  # noqa: F811
    code, _, err = cli("org", "create", bad, "--name", "ชื่อ")
    assert code == 1 and "ใช้ไม่ได้" in err


def test_province_invite_json_joins_as_a_viewer(
    cli,  # noqa: F811
    redis_client: redis.Redis,
    tmp_path: Path,
) -> None:
    cli("org", "create", "kk1", "--name", "อบต.หนึ่ง", "--province", "ขอนแก่น")
    code, out, _ = cli("province", "invite", "--province", "จ.ขอนแก่น", "--json", "--uses", "2")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"code", "province", "expires_at", "telegram_link"}
    assert data["province"] == "ขอนแก่น"
    store = RedisStore(redis_client)
    core = ChatCore(
        store, Config(data_dir=tmp_path), build_router(), clock=lambda: datetime.now(UTC)
    )
    assert "ผู้ติดตามระดับจังหวัดขอนแก่น" in Talker(core, "officer").send(data["code"])
    person = store.person_by_identity("simulator", "officer")
    assert person is not None and person.roles == [Role.PROVINCE]
    assert person.org_id == province_scope("ขอนแก่น")
    code, out, _ = cli("province", "invite", "--province", "ขอนแก่น")
    assert code == 0 and "ผู้ติดตามระดับจังหวัดขอนแก่น" in out


def test_province_invite_for_a_province_without_organisations_is_refused(cli) -> None:  # noqa: F811
    cli("org", "create", "kk1", "--name", "อบต.หนึ่ง", "--province", "ขอนแก่น")
    code, _, err = cli("province", "invite", "--province", "อ่างทอง")
    assert code == 1 and "อ่างทอง" in err and "ขอนแก่น" in err


def test_province_list(cli) -> None:  # noqa: F811
    assert "ยังไม่มีหน่วยงานที่ระบุจังหวัด" in cli("province", "list")[1]
    cli("org", "create", "kk1", "--name", "อบต.หนึ่ง", "--province", "ขอนแก่น")
    cli("org", "create", "kk2", "--name", "อบต.สอง", "--province", "ขอนแก่น")
    cli("org", "create", "at1", "--name", "อบต.สาม", "--province", "อ่างทอง")
    listed = json.loads(cli("province", "list", "--json")[1])
    assert listed == [{"province": "ขอนแก่น", "organisations": 2},
                      {"province": "อ่างทอง", "organisations": 1}]  # fmt: skip


def test_an_organisation_invite_cannot_name_the_province_role(cli) -> None:  # noqa: F811
    cli("org", "create", "kk1", "--name", "อบต.หนึ่ง")
    with pytest.raises(SystemExit):
        cli("invite", "--org", "kk1", "--role", "province")
