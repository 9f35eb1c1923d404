"""The dashboard in headless Chromium: a link from chat, sign-in, filter, edit, download."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import docx
import pytest

from bot.app.config import Config
from bot.app.runtime import build_runtime
from bot.demo import ensure_demo
from bot.domain.thai import be_to_ce, fiscal_year_of, today_bangkok
from bot.store.redis_store import RedisStore
from bot.web import create_app
from tests.browser import browser_page, screenshot, serving

pytestmark = [pytest.mark.browser, pytest.mark.store]

PHONE = {"width": 420, "height": 860}
DESK = {"width": 1280, "height": 900}


def _shots(page: object, name: str) -> None:
    """A phone screenshot and a desktop one of the same page."""
    page.set_viewport_size(PHONE)  # type: ignore[attr-defined]
    screenshot(page, f"dashboard-{name}")
    page.set_viewport_size(DESK)  # type: ignore[attr-defined]
    screenshot(page, f"dashboard-{name}-desktop")
    page.set_viewport_size(PHONE)  # type: ignore[attr-defined]


def test_secretary_signs_in_from_chat_edits_and_downloads(
    store: RedisStore, tmp_path: Path
) -> None:
    ensure_demo(store, today=today_bangkok())
    app = create_app(build_runtime(Config(data_dir=tmp_path), store))
    finance = next(m for m in store.measures("demo") if m.divisions == ["กองคลัง"])
    year = be_to_ce(finance.fiscal_year or fiscal_year_of(today_bangkok()))
    with serving(app) as url, browser_page() as page:
        # 0. Not signed in: the dashboard explains how to get a link.
        page.goto(url + "/dash/plan")
        page.get_by_text("พิมพ์ เว็บ แล้วส่ง").wait_for()
        _shots(page, "00-welcome")

        # 1. In the chat simulator, the secretary asks for the link.
        page.goto(url + "/")
        page.get_by_role("button", name="นางสาวเลขา ติดตามงาน").click()
        page.get_by_text("เลขานุการ").first.wait_for()
        page.fill("#text", "เว็บ")
        page.keyboard.press("Enter")
        bubble = page.locator(".msg.bot", has_text="/signin/").last
        bubble.wait_for()
        screenshot(page, "dashboard-01-chat-link")
        link = re.search(r"https?://\S+/signin/\S+", bubble.inner_text())
        assert link is not None and "10 นาที" in bubble.inner_text()
        # The link names the configured public URL; the test server listens elsewhere.
        page.goto(url + urlparse(link.group(0)).path)

        # 2. The confirm page (a chat preview fetching the link does not sign anyone in).
        page.get_by_role("button", name="เข้าสู่ระบบ").wait_for()
        _shots(page, "02-confirm")
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        page.locator("#plan").wait_for()
        _shots(page, "03-plan")

        # 3. Filter the plan by a division.
        page.select_option("#f-division", "กองคลัง")
        page.get_by_role("button", name="กรอง").click()
        page.wait_for_url(re.compile(r"division="))
        rows = page.locator("#plan tbody tr")
        assert rows.count() == len(store.measures_of_division("demo", "กองคลัง"))
        assert all("กองคลัง" in rows.nth(i).inner_text() for i in range(rows.count()))
        _shots(page, "04-plan-filtered")

        # 4. Edit a timeframe; the measure shows the new dates.
        page.locator(f'a[href="/dash/measure/{finance.id}"]').first.click()
        page.locator("#edit").click()
        page.fill("#timeframe", "ก.พ. - เม.ย.")
        page.check('input[name="divisions"][value="กองช่าง"]')
        _shots(page, "05-edit")
        page.locator("#save").click()
        page.locator("#saved").wait_for()
        dates = page.locator("#dates").inner_text()
        assert f"1 ก.พ. {year + 543}" in dates and f"30 เม.ย. {year + 543}" in dates
        assert "กองช่าง" in page.locator("#divisions").inner_text()
        _shots(page, "06-measure-saved")

        # 5. A bad timeframe is explained and nothing is saved.
        page.locator("#edit").click()
        page.fill("#timeframe", "เม.ย. 66 - ก.พ. 66")
        page.locator("#save").click()
        assert "สิ้นสุดก่อนวันเริ่มต้น" in page.locator("#error").inner_text()
        _shots(page, "07-edit-refused")

        # 6. Download the six-month report.
        page.get_by_role("link", name="สรุปและรายงาน").click()
        page.locator("#downloads").wait_for()
        _shots(page, "08-summary")
        with page.expect_download() as info:
            page.locator("#dl-six_month-docx").click()
        download = info.value
        assert download.suggested_filename.endswith(".docx")
        assert "six_month" in download.suggested_filename
        assert docx.Document(download.path()).paragraphs

        # 7. The other pages, for people to look at.
        for name, link_text in [
            ("09-people", "ส่วนราชการและบุคลากร"),
            ("10-reminders", "แจ้งเตือนที่วางแผนไว้"),
            ("11-settings", "ตั้งค่า"),
            ("12-audit", "บันทึกการเปลี่ยนแปลง"),
        ]:
            page.get_by_role("link", name=link_text, exact=True).click()
            page.wait_for_load_state()
            _shots(page, name)
        assert "แก้ไขมาตรการ" in page.content()

        # 8. Sign out: the dashboard is closed again.
        page.get_by_role("button", name="ออกจากระบบ").click()
        page.get_by_text("ออกจากระบบแล้ว").wait_for()
        page.goto(url + "/dash/plan")
        assert page.url.endswith("/dash/welcome")

    saved = store.get_measure("demo", finance.id)
    assert saved is not None and saved.divisions == ["กองคลัง", "กองช่าง"]
    assert saved.timeframe_text == "ก.พ. - เม.ย."


def test_evidence_has_one_bullet_and_the_page_uses_served_sarabun(
    store: RedisStore, tmp_path: Path
) -> None:
    from bot.web.app_services import services
    from bot.web.signin import create_signin_link
    from tests.dashboard_helpers import make_world, token_of

    world = make_world(store, tmp_path)
    with serving(world.app) as url, browser_page() as page:
        with world.app.app_context():
            person = store.get_person("demo", "p_secretary")
            link = create_signin_link(store, services().config, person)
        page.goto(f"{url}/signin/{token_of(link)}")
        page.locator("form button[type=submit]").first.click()
        page.goto(f"{url}/dash/measure/{world.finance_measure}")
        item = page.locator("ul.evidence > li").first
        item.wait_for()
        style = item.evaluate(
            "e => [getComputedStyle(e).borderLeftWidth, getComputedStyle(e).display]"
        )
        assert style == ["0px", "list-item"]  # a disc, and no history bar beside it
        assert page.evaluate("document.fonts.check('16px Sarabun', 'ทดสอบ')")
        page.evaluate("document.fonts.ready")
        loaded = page.evaluate(
            "[...document.fonts].filter(f => f.family.includes('Sarabun')"
            " && f.status === 'loaded').length"
        )
        assert loaded >= 1
        screenshot(page, "dashboard-measure-evidence")
