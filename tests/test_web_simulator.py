"""The chat simulator page, driven in a real headless Chromium."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.app.runtime import build_runtime
from bot.chat.messages import Option, Text
from bot.demo import DEMO_ORG, ensure_demo
from bot.demo.channels import DEMO_ACCOUNTS
from bot.demo.province import TAMBON_ORG
from bot.store.channels import channel_store
from bot.store.redis_store import RedisStore
from bot.web import create_app
from bot.web.app_services import services
from tests.browser import browser_page, screenshot, serving

pytestmark = [pytest.mark.browser, pytest.mark.store]


def test_staff_reports_in_the_simulator_and_sees_a_push(store: RedisStore, tmp_path: Path) -> None:
    ensure_demo(store, today=date.today())
    app = create_app(build_runtime(Config(data_dir=tmp_path), store))
    with serving(app) as url, browser_page() as page:
        page.goto(url + "/")
        page.get_by_role("button", name="เจ้าหน้าที่กองคลัง").click()
        page.get_by_text("งานของฉัน").first.wait_for()
        page.fill("#text", "งานของฉัน")
        page.keyboard.press("Enter")
        page.get_by_text("มาตรการของ กองคลัง").wait_for()
        page.locator(".opts").last.locator("button").first.click()
        page.get_by_text("สถานะตอนนี้เป็นอย่างไร").wait_for()
        page.get_by_role("button", name="อยู่ระหว่างดำเนินการ").last.click()
        page.fill("#text", "ประชุมชี้แจงแล้ว 50%")
        page.keyboard.press("Enter")
        page.get_by_role("button", name="ไม่มีหลักฐาน").last.click()
        page.get_by_role("button", name="ยืนยัน").last.click()
        page.get_by_text("บันทึกรายงานแล้ว").wait_for()
        with app.app_context():
            services().simulator.push(
                "p_staff2", [Text("แจ้งเตือน: ทดสอบการส่ง", (Option("รายงาน", "menu:report"),))]
            )
        page.get_by_text("แจ้งเตือน: ทดสอบการส่ง").wait_for(timeout=5000)
        screenshot(page, "simulator-staff-report")
    reports = [r for r in store.latest_reports("demo").values() if r.person_id == "p_staff2"]
    assert len(reports) == 1 and reports[0].percent == 50


def test_each_persona_chats_with_its_organisation_s_oa(store: RedisStore, tmp_path: Path) -> None:
    config = Config(data_dir=tmp_path, with_clock=False)
    channels = channel_store(config, store)
    ensure_demo(store, today=date.today(), province=True, channels=channels)
    app = create_app(build_runtime(config, store))
    with serving(app) as url, browser_page() as page:
        page.goto(url + "/")
        for org, persona in ((DEMO_ORG, "เจ้าหน้าที่กองคลัง"), (TAMBON_ORG, "เจ้าหน้าที่กองคลังเทศบาล")):
            basic_id, name = DEMO_ACCOUNTS[org]
            page.get_by_role("button", name=persona, exact=False).first.click()
            chat_with = page.locator("#chat-with")
            chat_with.get_by_text(name).wait_for()
            assert basic_id in chat_with.inner_text()
            page.fill("#text", "งานของฉัน")
            page.keyboard.press("Enter")
            page.get_by_text("มาตรการของ กองคลัง").first.wait_for()
        screenshot(page, "simulator-own-oa")
        page.get_by_role("button", name="นายติดตาม ระดับจังหวัด").click()
        page.locator("#chat-with").get_by_text("บอทของระบบ").wait_for()


def test_secretary_starts_a_year_from_the_word_plan_in_the_simulator(
    store: RedisStore, tmp_path: Path
) -> None:
    import io
    import json

    from bot.store import keys as k
    from tests.conftest import SHARED

    ensure_demo(store, today=date.today())
    app = create_app(build_runtime(Config(data_dir=tmp_path, demo=False, with_clock=False), store))
    client = app.test_client()
    sample = next((SHARED / "samples").glob("004_*.docx"))
    count = len(store.measures("demo"))
    answer = client.post(
        "/simulator/send",
        data={
            "persona": "p_secretary",
            "file": (io.BytesIO(sample.read_bytes()), "แผน ITA 2566.docx"),
        },
        content_type="multipart/form-data",
    )
    assert "กำลังอ่านแผน" in answer.get_data(as_text=True)
    app.extensions["ita"].core.evidence.wait()
    pushed = json.loads(store.r.lrange(k.SIM_OUTBOX.format(user="p_secretary"), -1, -1)[0])
    assert "51 มาตรการ" in pushed[0]["text"]
    assert "แทนที่แผนเดิม" in pushed[-1]["text"]
    confirm = pushed[-1]["options"][0]["data"]
    assert len(store.measures("demo")) == count
    done = client.post("/simulator/send", data={"persona": "p_secretary", "data": confirm})
    text = done.get_data(as_text=True)
    assert "นำเข้าแผนแล้ว" in text
    created = int(text.split("เพิ่มใหม่ ")[1].split()[0])
    assert created >= 50 and len(store.measures("demo")) == count + created


def _first_push(client, persona: str) -> list[dict[str, object]]:
    """Open the push stream as a page would and return the first push it delivers."""
    import json

    response = client.get(f"/simulator/events?persona={persona}", buffered=False)
    found: list[dict[str, object]] = []
    try:
        for _, chunk in zip(range(6), response.response, strict=False):  # a few seconds at most
            text = chunk.decode() if isinstance(chunk, bytes) else chunk
            if text.startswith("id: ") and not found:
                found = json.loads(text.split("data: ", 1)[1])
            elif found:  # the stream went on past the push, as it does for an open page
                return found
    finally:
        response.close()
    raise AssertionError("no push")


def test_pushes_sent_while_no_page_was_open_appear_when_one_opens(
    store: RedisStore, tmp_path: Path
) -> None:
    ensure_demo(store, today=date.today())
    app = create_app(build_runtime(Config(data_dir=tmp_path, with_clock=False), store))
    with app.app_context():
        services().simulator.push("p_staff2", [Text("แจ้งเตือนตอนปิดหน้า")])
    client = app.test_client()
    assert _first_push(client, "p_staff2")[0]["text"] == "แจ้งเตือนตอนปิดหน้า"
    with app.app_context():
        services().simulator.push("p_staff2", [Text("แจ้งเตือนถัดไป")])
    # Shown once: the next page opened gets only what it has not seen.
    assert _first_push(client, "p_staff2")[0]["text"] == "แจ้งเตือนถัดไป"


def test_a_big_upload_is_refused_in_thai_with_the_limit(store: RedisStore, tmp_path: Path) -> None:
    import io

    from bot.chat.evidence import MAX_BYTES

    ensure_demo(store, today=date.today())
    app = create_app(build_runtime(Config(data_dir=tmp_path, with_clock=False), store))
    client = app.test_client()
    page = client.get("/").text
    assert f'data-max-bytes="{MAX_BYTES}"' in page
    too_big = client.post(
        "/simulator/send",
        data={"persona": "p_staff2", "file": (io.BytesIO(b"x" * (MAX_BYTES + 100_000)), "a.jpg")},
        content_type="multipart/form-data",
    )
    assert too_big.status_code == 413 and "10 MB" in too_big.get_json()["error"]
    # Two megabytes (a phone photo) passes the app's 1 MB cap here and reaches the chat.
    photo = client.post(
        "/simulator/send",
        data={"persona": "p_staff2", "file": (io.BytesIO(b"x" * 2_000_000), "photo.jpg")},
        content_type="multipart/form-data",
    )
    assert photo.status_code == 200 and photo.get_json()


def test_pages_carry_sarabun_from_the_app(store: RedisStore, tmp_path: Path) -> None:
    ensure_demo(store, today=date.today())
    app = create_app(build_runtime(Config(data_dir=tmp_path, with_clock=False), store))
    client = app.test_client()
    page = client.get("/").text
    assert "@font-face" in page and "/fonts/sarabun-400.ttf" in page
    for weight in ("400", "600", "700"):
        font = client.get(f"/fonts/sarabun-{weight}.ttf")
        assert font.status_code == 200 and font.mimetype == "font/ttf"
        assert font.data[:4] == b"\x00\x01\x00\x00" and "immutable" in font.headers["Cache-Control"]
    assert client.get("/fonts/sarabun-900.ttf").status_code == 404
