"""ย้อนแผน, เก็บมาตรการ and คืนมาตรการ in chat: confirmed, audited, reports never lost."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.chat.core import ChatCore
from bot.demo import ensure_demo
from bot.domain.divisions import default_divisions
from bot.domain.model import Measure, Organisation
from bot.handlers import build_router
from bot.reminders.preview import plan_org
from bot.store import keys as k
from bot.store.audit import entries
from bot.store.policies import PolicyStore
from bot.store.redis_store import RedisStore
from bot.summary.snapshots import SnapshotStore, summary_for
from tests.chat_helpers import Talker
from tests.conftest import redis_snapshot as _snapshot


def redis_snapshot(client):  # type: ignore[no-untyped-def]
    """Every key but the conversations' own state (the step and the buttons it offered)."""
    return {
        key: v
        for key, v in _snapshot(client).items()
        if not (key.startswith(b"ita:user:") and b":conv" in key)
    }


pytestmark = pytest.mark.store
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
TODAY = date(2026, 11, 21)


@pytest.fixture()
def core(store: RedisStore, tmp_path: Path) -> ChatCore:
    ensure_demo(store, today=TODAY)
    return ChatCore(store, Config(data_dir=tmp_path), build_router(), clock=lambda: NOW)


def _reminded(store: RedisStore) -> set[str]:
    messages = plan_org(store, "demo", TODAY, date(2027, 9, 30), PolicyStore(store.r))
    return {item.measure_id for msg in messages for item in msg.items}


def test_archive_leaves_reminders_summaries_and_my_measures_then_restore_brings_it_back(
    core: ChatCore,
) -> None:
    store = core.store
    secretary, staff = Talker(core, "p_secretary"), Talker(core, "p_staff2")  # กองคลัง
    m = store.measure_by_number("demo", 2)
    assert m is not None and m.divisions == ["กองคลัง"]
    reports = store.reports("demo", m.id)
    assert m.id in _reminded(store) and m.title in staff.send("งานของฉัน")
    measures_before = summary_for(store, SnapshotStore(store.r), "demo", 2026, 11, NOW)
    before = redis_snapshot(store.r)
    ask = secretary.send("เก็บมาตรการ ๒")  # Thai digits too
    assert "เก็บมาตรการ 2" in ask and m.title in ask and "รายงานเดิมยังเก็บไว้ครบ" in ask
    assert redis_snapshot(store.r) == before  # nothing before confirming
    assert "ยกเลิก" in secretary.tap("ยกเลิก") and redis_snapshot(store.r) == before
    secretary.send("เก็บมาตรการ 2")
    assert "เก็บมาตรการ 2 เข้าคลังแล้ว" in secretary.tap("ยืนยันเก็บเข้าคลัง")
    assert store.measure_by_number("demo", 2) is None
    assert m.id not in _reminded(store)
    assert m.title not in staff.send("งานของฉัน")
    assert "ไม่พบมาตรการหมายเลข 2" in staff.send("รายงาน 2 เสร็จ ทำแล้ว")
    assert store.reports("demo", m.id) == reports
    summary = summary_for(store, SnapshotStore(store.r), "demo", 2026, 11, NOW)
    assert summary["totals"]["measures"] == measures_before["totals"]["measures"] - 1
    entry = entries(store.r, "demo")[0]
    assert (entry.action, entry.target, entry.after["id"]) == ("archive", "measure 2", m.id)
    # A second tap on the same confirmation changes nothing.
    after = redis_snapshot(store.r)
    assert "ไม่อยู่ในแผนแล้ว" in secretary.tap(f"arch:{m.id}")
    assert "อยู่ในคลังอยู่แล้ว" in secretary.send("เก็บมาตรการ 2")
    assert redis_snapshot(store.r) == after
    assert "2 " + m.title[:20] in secretary.send("เก็บมาตรการ")  # the archive is listed
    ask = secretary.send("คืนมาตรการ 2")
    assert m.title in ask and redis_snapshot(store.r) == after
    assert "คืนมาตรการ 2 เข้าแผนแล้ว" in secretary.tap("ยืนยันคืนเข้าแผน")
    assert store.measure_by_number("demo", 2) == m and m.id in _reminded(store)
    assert m.title in staff.send("งานของฉัน")
    assert store.latest_report("demo", m.id) == (reports[-1] if reports else None)
    assert entries(store.r, "demo")[0].action == "restore"
    assert "ไม่อยู่ในคลังแล้ว" in secretary.tap(f"unarch:{m.id}")
    assert "อยู่ในแผนอยู่แล้ว" in secretary.send("คืนมาตรการ 2")


def test_bad_numbers_other_organisations_and_roles_change_nothing(
    core: ChatCore, store: RedisStore
) -> None:
    store.create_org(Organisation("other", "เทศบาลอื่น", default_divisions()))
    foreign = store.save_plan("other", [Measure("", 0, "ของหน่วยงานอื่น", divisions=["กองคลัง"])])
    foreign_id = foreign.measures[0].id
    secretary = Talker(core, "p_secretary")
    before = redis_snapshot(store.r)
    assert "ไม่พบมาตรการหมายเลข 999" in secretary.send("เก็บมาตรการ 999")
    assert "รูปแบบ" in secretary.send("เก็บมาตรการ สิบสอง")
    assert "ไม่พบมาตรการหมายเลข 999 ในคลัง" in secretary.send("คืนมาตรการ 999")
    assert "รูปแบบ" in secretary.send("คืนมาตรการ")
    assert "ไม่อยู่ในแผนแล้ว" in secretary.tap(f"arch:{foreign_id}")  # another organisation's
    assert "ไม่อยู่ในคลังแล้ว" in secretary.tap(f"unarch:{foreign_id}")
    staff = Talker(core, "p_staff2")
    assert "ไม่ได้เปิดให้" in staff.send("เก็บมาตรการ 2")
    assert "ไม่ได้เปิดให้" in staff.send("ย้อนแผน")
    assert "ไม่ได้เปิดให้" in Talker(core, "p_chief").send("คืนมาตรการ 2")
    assert redis_snapshot(store.r) == before


def test_undo_plan_asks_restores_and_refuses_twice(core: ChatCore) -> None:
    store = core.store
    secretary = Talker(core, "p_secretary")
    first = store.measure_by_number("demo", 1)
    assert first is not None
    reports = store.reports("demo", first.id)
    store.save_plan("demo", [Measure("", 0, "มาตรการใหม่", divisions=["กองคลัง"])], replace_all=True)
    assert [m.title for m in store.measures("demo")] == ["มาตรการใหม่"]
    before = redis_snapshot(store.r)
    ask = secretary.send("ย้อนแผน")
    assert "24 มาตรการ" in ask and "1 รายการจะถูกเก็บเข้าคลัง" in ask and "2569" in ask
    assert redis_snapshot(store.r) == before
    stale_button = secretary.options()[0].data
    done = secretary.tap("ยืนยันย้อนแผน")
    assert "ย้อนแผนแล้ว: แผนมี 24 มาตรการ เก็บเข้าคลัง 1 รายการ" in done
    assert len(store.measures("demo")) == 24
    assert store.reports("demo", first.id) == reports
    assert [m.title for m in store.archived_measures("demo")] == ["มาตรการใหม่"]
    entry = entries(store.r, "demo")[0]
    assert entry.action == "undo_plan" and entry.after["measures"] == 24
    after = redis_snapshot(store.r)
    assert "แผนเปลี่ยนไปแล้ว" in secretary.tap(stale_button)
    assert redis_snapshot(store.r) == after
    store.r.delete(k.org_key(k.PLAN_VERSIONS, "demo"))
    assert "ยังไม่มีแผนฉบับก่อนหน้า" in secretary.send("ย้อนแผน")
    assert "ยังไม่มีแผนฉบับก่อนหน้า" in secretary.tap(stale_button)
    assert len(store.measures("demo")) == 24
