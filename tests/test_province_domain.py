"""Where organisations are: place names, the record's compatibility, the province index."""

from __future__ import annotations

import pytest

from bot.domain.divisions import default_divisions
from bot.domain.model import Organisation, Person, Role
from bot.domain.province import (
    district_name,
    is_province_scope,
    province_name,
    province_of,
    province_scope,
)
from bot.store import codec
from bot.store import keys as k
from bot.store.redis_store import OrgExistsError, RedisStore

# An organisation as the code before provinces wrote it (bot/store/codec.py, commit be30d30).
OLD_RECORD = (
    '{"id":"old","name":"อบต.เก่า","timezone":"Asia/Bangkok","divisions":[{"name":"สำนักปลัด",'
    '"aliases":["สำนักปลัด อบต."],"units":["งานนิติการ"]},{"name":"กองคลัง","aliases":[],'
    '"units":[]}]}'
)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("ขอนแก่น", "ขอนแก่น"), ("จังหวัดขอนแก่น", "ขอนแก่น"), ("จ. อ่างทอง ", "อ่างทอง"),
     ("จังหวัด  นครราชสีมา", "นครราชสีมา"), ("", "")],
)  # fmt: skip
def test_province_names_are_kept_without_the_word(typed: str, kept: str) -> None:
    assert province_name(typed) == kept


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("อำเภอวิเศษชัยชาญ", "วิเศษชัยชาญ"), ("อ.เมือง", "เมือง"), ("เขตบางรัก", "บางรัก"),
     ("บ้านฝาง", "บ้านฝาง")],
)  # fmt: skip
def test_district_names_are_kept_without_the_word(typed: str, kept: str) -> None:
    assert district_name(typed) == kept


def test_an_old_record_loads_unchanged_and_writes_back_the_same() -> None:
    org = codec.load_org(OLD_RECORD)
    assert (org.id, org.name, org.province, org.district) == ("old", "อบต.เก่า", "", "")
    assert [d.name for d in org.divisions] == ["สำนักปลัด", "กองคลัง"]
    assert org.divisions[0].units == ("งานนิติการ",)
    assert codec.dump_org(org) == OLD_RECORD


def test_a_place_round_trips() -> None:
    org = Organisation("x", "อบต.", default_divisions(), province="อ่างทอง", district="วิเศษชัยชาญ")
    again = codec.load_org(codec.dump_org(org))
    assert (again.province, again.district) == ("อ่างทอง", "วิเศษชัยชาญ")


def test_province_of_only_for_viewers_kept_under_their_province() -> None:
    viewer = Person("p1", province_scope("จังหวัดขอนแก่น"), "ผู้ติดตาม", [Role.PROVINCE])
    assert viewer.org_id == "province:ขอนแก่น" and is_province_scope(viewer.org_id)
    assert province_of(viewer) == "ขอนแก่น"
    assert province_of(Person("p2", "demo", "ปลัด", [Role.PROVINCE])) is None
    assert province_of(Person("p3", "province:ขอนแก่น", "ไม่มีบทบาท", [])) is None


@pytest.mark.store
def test_the_index_follows_creates_moves_and_deletes(store: RedisStore) -> None:
    store.r.set(k.org_key(k.ORG, "old"), OLD_RECORD)  # an existing organisation: no place
    store.r.sadd(k.ORGS, "old")
    assert store.get_org("old") is not None and store.provinces.known() == []
    store.create_org(Organisation("a", "อบต.ก", province="ขอนแก่น", district="เมือง"))
    store.create_org(Organisation("b", "ทต.ข", province="ขอนแก่น"))
    store.create_org(Organisation("c", "อบต.ค", province="อ่างทอง"))
    assert store.provinces.org_ids("ขอนแก่น") == ["a", "b"]
    assert store.provinces.known() == ["ขอนแก่น", "อ่างทอง"]
    store.save_org(Organisation("b", "ทต.ข", province="อ่างทอง"))
    assert store.provinces.org_ids("ขอนแก่น") == ["a"]
    assert store.provinces.org_ids("อ่างทอง") == ["b", "c"]
    old = store.require_org("old")
    old.province = "ขอนแก่น"
    store.save_org(old)
    assert store.provinces.org_ids("ขอนแก่น") == ["a", "old"]
    store.delete_org("a")
    assert store.provinces.org_ids("ขอนแก่น") == ["old"]
    with pytest.raises(OrgExistsError):  # a taken id stays taken: the index is unchanged
        store.create_org(Organisation("c", "ซ้ำ", province="ขอนแก่น"))
    assert store.provinces.org_ids("ขอนแก่น") == ["old"]
