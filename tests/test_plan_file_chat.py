"""A plan file in chat: a paged preview with what to check and a file, add or replace, once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.chat.core import ChatCore
from bot.chat.messages import File, Reply, Text
from bot.demo import demo_plan_text, ensure_demo
from bot.handlers import build_router
from bot.platforms.line.render import render
from bot.platforms.payloads import PayloadStore
from bot.store import keys as k
from bot.store.audit import entries
from bot.store.redis_store import RedisStore
from tests.chat_helpers import Talker
from tests.conftest import redis_snapshot

pytestmark = pytest.mark.store
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
HEADER = (
    "ประเภทการประเมิน (IIT/EIT/OIT),ตัวชี้วัดที่ (1-10),ข้อ OIT (O1-O43),มาตรการ/แนวทาง,"
    "วิธีการดำเนินการ,ผู้รับผิดชอบ,ระยะเวลาดำเนินการ,การติดตามผล,สถานะ\n"
)
SMALL = HEADER + (
    "IIT,2,,มาตรการสร้างการรับรู้การใช้จ่ายงบประมาณประจำปีให้บุคลากร,เผยแพร่,กองคลัง,"
    "ต.ค. 69 - ธ.ค. 69,,\n"
    "IIT,1,,มาตรการใหม่ทดสอบ,ทำคู่มือ,กองช่าง,ต.ค. 69 - มี.ค. 70,,ดำเนินการแล้ว\n"
    "EIT,6,,มาตรการใหม่ทดสอบ,สำรวจความพึงพอใจ,,-,,\n"
)
LAST_YEAR = HEADER + "IIT,1,,มาตรการของปีก่อน,ทำคู่มือ,กองช่าง,ต.ค. 64 - มี.ค. 65,,\n"


@pytest.fixture()
def core(store: RedisStore, tmp_path: Path) -> ChatCore:
    ensure_demo(store, today=date(2026, 11, 21))
    return ChatCore(store, Config(data_dir=tmp_path), build_router(), clock=lambda: NOW)


class Files:
    """Plan files the fake platform serves, and what the bot pushed back."""

    def __init__(self, core: ChatCore) -> None:
        self.core = core
        self.files: dict[str, bytes] = {}
        self.pushed: list[list[Reply]] = []
        core.notify = lambda person, replies: self.pushed.append(replies)
        core.evidence.fetchers["simulator"] = lambda att: self.files[att.platform_ref]

    def send(self, talker: Talker, name: str, body: bytes) -> list[Reply]:
        self.files[name] = body
        assert "กำลังอ่านแผน" in talker.attach(name, name)
        self.core.evidence.wait()
        return self.pushed[-1]


def _previews(store: RedisStore) -> list[bytes]:
    return list(store.r.scan_iter(match=k.org_key(k.PLAN_PREVIEW, "demo", token="*")))


def test_preview_shows_every_measure_with_what_to_check_then_replace_saves_once(
    core: ChatCore,
) -> None:
    files, store = Files(core), core.store
    secretary = Talker(core, "p_secretary")
    before = redis_snapshot(store.r)
    listing, note, link, ask = files.send(secretary, "plan.csv", SMALL.encode())
    assert isinstance(listing, Text) and isinstance(ask, Text) and isinstance(link, File)
    assert "3 มาตรการ ปีงบประมาณ 2570" in listing.text
    assert "1. [ข้อ 2 เดิม] มาตรการสร้างการรับรู้" in listing.text
    assert "2. [ใหม่] มาตรการใหม่ทดสอบ" in listing.text
    assert "1 ต.ค. 2569 ถึง 31 ธ.ค. 2569" in listing.text  # Buddhist Era dates
    assert "สถานะ: ดำเนินการแล้ว" in listing.text
    assert "ไม่มีระยะเวลา" in listing.text and "ไม่มีผู้รับผิดชอบ" in listing.text
    assert "ชื่อซ้ำกับแถวอื่น" in listing.text
    assert "2 มาตรการมีชื่อซ้ำ" in ask.text and "1 มาตรการไม่มีระยะเวลา" in ask.text
    assert "มาตรการเดิม 23 รายการที่ไม่มีในไฟล์จะถูกเก็บเข้าคลัง" in ask.text
    assert "/files/" in link.url and link.name.endswith(".xlsx")
    assert "/dash/plan/import/" in ask.text  # the same preview can be fixed on the dashboard
    on_line = render([listing, note, link, ask], PayloadStore(store.payloads))
    assert len(on_line) <= 5 and "quickReply" in on_line[-1]  # choices under the last
    labels = [item["action"]["label"] for item in on_line[-1]["quickReply"]["items"]]
    assert labels[:2] == ["บันทึกเพิ่มเข้าแผน", "บันทึกแทนที่แผนเดิม"]
    assert len(_previews(store)) == 1
    previews = set(_previews(store))
    assert {key for key in redis_snapshot(store.r)} - set(before) == previews  # nothing saved
    replace = next(o for o in ask.options if o.data.startswith("plan:replace-"))
    report_before = store.reports("demo", store.measure_by_number("demo", 1).id)  # type: ignore[union-attr]
    secretary.last = [ask]
    answer = secretary.tap(replace.data)
    assert "นำเข้าแผนแล้ว (แทนที่แผนเดิม)" in answer and "เก็บเข้าคลัง 23" in answer
    assert "ย้อนแผน" in answer
    assert [m.number for m in store.measures("demo")] == [2, 25, 26]
    assert len(store.archived_measures("demo")) == 23
    archived_first = store.archived_by_number("demo", 1)
    assert archived_first and store.reports("demo", archived_first.id) == report_before
    entry = entries(store.r, "demo")[0]
    assert entry.action == "import" and entry.after["mode"] == "replace"
    assert entry.after["archived"] == 23 and _previews(store) == []
    # A second tap on the same save button changes nothing.
    after = redis_snapshot(store.r)
    assert "หมดอายุหรือทำรายการไปแล้ว" in secretary.tap(replace.data)
    assert redis_snapshot(store.r) == after


def test_add_keeps_the_rest_and_pages_turn(core: ChatCore) -> None:
    files, store = Files(core), core.store
    secretary = Talker(core, "p_secretary")
    body = demo_plan_text(date(2026, 11, 21)).replace("มาตรการการใช้ทรัพย์สิน", "มาตรการใหม่ใช้ทรัพย์สิน")
    listing, *_, ask = files.send(secretary, "plan.csv", body.encode())
    assert "หน้า 1/3" in listing.text  # type: ignore[union-attr]
    secretary.last = [ask]
    secretary.tap("หน้าถัดไป ▶")
    assert "หน้า 2/3" in secretary.last[0].text and "9. " in secretary.last[0].text  # type: ignore[union-attr]
    secretary.tap("หน้าถัดไป ▶")
    assert "หน้า 3/3" in secretary.last[0].text  # type: ignore[union-attr]
    assert "หน้าถัดไป ▶" not in [o.label for o in secretary.options()]
    answer = secretary.tap("บันทึกเพิ่มเข้าแผน")
    assert "เพิ่มใหม่ 1" in answer and "ไม่เปลี่ยน 23" in answer and "คงไว้ 1" in answer
    assert len(store.measures("demo")) == 25 and store.archived_measures("demo") == []


def test_cancel_expired_and_bad_files_change_nothing(core: ChatCore) -> None:
    files, store = Files(core), core.store
    secretary = Talker(core, "p_secretary")
    before = redis_snapshot(store.r)
    corrupt = files.send(secretary, "plan.docx", b"not a word file")
    assert isinstance(corrupt[0], Text) and "plan.docx" in corrupt[0].text
    empty = files.send(secretary, "empty.csv", HEADER.encode())
    assert isinstance(empty[0], Text) and "ไม่พบ" in empty[0].text
    broken = files.send(secretary, "broken.xlsx", b"PK\x03\x04 broken zip")
    assert isinstance(broken[0], Text) and "broken.xlsx" in broken[0].text
    assert _previews(store) == [] and redis_snapshot(store.r) == before
    # Cancel, then a preview that expired.
    *_, ask = files.send(secretary, "plan.csv", SMALL.encode())
    secretary.last = [ask]
    assert "ยกเลิกการนำเข้าแผนแล้ว" in secretary.tap("ยกเลิก")
    assert "หมดอายุ" in secretary.tap(ask.options[0].data)  # type: ignore[union-attr]
    *_, ask = files.send(secretary, "plan.csv", SMALL.encode())
    for key in _previews(store):
        store.r.delete(key)
    secretary.last = [ask]
    assert "หมดอายุ" in secretary.tap("บันทึกเพิ่มเข้าแผน")
    assert "หมดอายุ" in secretary.tap("plan:page-../../x-2")
    assert redis_snapshot(store.r) == before


def test_warns_about_another_fiscal_year_and_blocks_unknown_divisions(core: ChatCore) -> None:
    files = Files(core)
    secretary = Talker(core, "p_secretary")
    *_, ask = files.send(secretary, "old.csv", LAST_YEAR.encode())
    assert "ปีงบประมาณ 2565 แต่ปีงบประมาณปัจจุบันคือ 2570" in ask.text  # type: ignore[union-attr]
    unknown = SMALL.replace("กองช่าง", "กองดาราศาสตร์")
    *_, ask = files.send(secretary, "plan.csv", unknown.encode())
    assert isinstance(ask, Text) and "กองดาราศาสตร์" in ask.text and "แก้ไฟล์" in ask.text
    assert not any(o.data.startswith(("plan:add-", "plan:replace-")) for o in ask.options)
    token = next(o.data for o in ask.options if o.data.startswith("plan:no-"))[len("plan:no-") :]
    secretary.last = []
    assert "ยังนำเข้าแผนไม่ได้" in secretary.tap(f"plan:add-{token}")
    assert len(core.store.measures("demo")) == 24


def test_staff_cannot_use_plan_buttons(core: ChatCore) -> None:
    files = Files(core)
    *_, ask = files.send(Talker(core, "p_secretary"), "plan.csv", SMALL.encode())
    staff = Talker(core, "p_staff2")
    staff.last = [ask]
    assert "ไม่ได้เปิดให้" in staff.tap("บันทึกเพิ่มเข้าแผน")
    assert len(core.store.measures("demo")) == 24
