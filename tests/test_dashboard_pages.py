"""What the dashboard pages show and change: edits, people, settings, filters, downloads."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from bot.chat.messages import Platform
from bot.domain.model import Report, Role, Status
from bot.domain.thai import be_to_ce, fiscal_year_of, format_month_th, today_bangkok
from bot.store import keys as k
from bot.store.acks import record_ack
from bot.store.audit import entries
from bot.store.channel_record import new_channel
from bot.store.channels import channel_store
from bot.store.invites import ALPHABET
from bot.store.policies import PolicyStore
from bot.store.redis_store import RedisStore, new_id
from bot.web.app_services import services
from tests.dashboard_helpers import PNG, World, make_world, session_csrf, sign_in

pytestmark = pytest.mark.store


@pytest.fixture()
def world(store: RedisStore, tmp_path: Path) -> World:
    return make_world(store, tmp_path)


@pytest.fixture()
def secretary(world: World) -> FlaskClient:
    client = world.app.test_client()
    sign_in(client, world, "secretary")
    return client


def _post(client: FlaskClient, path: str, **form: object) -> TestResponse:
    return client.post(path, data={**form, "csrf_token": session_csrf(client)})


def _actions(world: World) -> list[str]:
    return [e.action for e in entries(world.store.r, "demo")]


# --- editing a measure ---


def test_edit_timeframe_saves_and_is_audited(world: World, secretary: FlaskClient) -> None:
    fy = world.store.get_measure("demo", world.finance_measure).fiscal_year  # type: ignore[union-attr]
    year = be_to_ce(fy or fiscal_year_of(today_bangkok()))
    response = _post(
        secretary,
        f"/dash/measure/{world.finance_measure}/edit",
        timeframe="ม.ค. - มี.ค.",
        divisions=["กองคลัง"],
    )
    assert response.status_code == 302
    m = world.store.get_measure("demo", world.finance_measure)
    assert m is not None and (m.start, m.end) == (date(year, 1, 1), date(year, 3, 31))
    assert m.timeframe_text == "ม.ค. - มี.ค."
    page = secretary.get(response.headers["Location"]).text
    assert "บันทึกการแก้ไขแล้ว" in page and f"1 ม.ค. {year + 543}" in page
    entry = entries(world.store.r, "demo")[0]
    assert (entry.action, entry.actor, entry.target) == (
        "edit",
        "p_secretary",
        f"measure {m.number}",
    )
    assert entry.after["start"] == f"{year}-01-01" and entry.before["start"] != entry.after["start"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("มี.ค. 66 - ม.ค. 66", "สิ้นสุดก่อนวันเริ่มต้น"),
        ("เมื่อสะดวก", "อ่านระยะเวลา"),
    ],
)
def test_bad_timeframe_is_refused_and_nothing_changes(
    world: World, secretary: FlaskClient, text: str, message: str
) -> None:
    before = world.store.get_measure("demo", world.finance_measure)
    response = _post(
        secretary, f"/dash/measure/{world.finance_measure}/edit", timeframe=text,
        divisions=["กองช่าง"],
    )  # fmt: skip
    assert response.status_code == 400
    assert message in response.text
    assert f'value="{text}"' in response.text
    assert world.store.get_measure("demo", world.finance_measure) == before
    assert "edit" not in _actions(world)


def test_edit_divisions(world: World, secretary: FlaskClient) -> None:
    m = world.store.get_measure("demo", world.finance_measure)
    assert m is not None
    form = secretary.get(f"/dash/measure/{m.id}/edit").text
    assert 'value="กองคลัง" checked' in form and 'value="กองช่าง" >' in form
    response = _post(secretary, f"/dash/measure/{m.id}/edit", timeframe=m.timeframe_text,
                     divisions=["กองช่าง", "สำนักปลัด", "ไม่มีกองนี้"])  # fmt: skip
    assert response.status_code == 302
    saved = world.store.get_measure("demo", m.id)
    assert saved is not None and saved.divisions == ["สำนักปลัด", "กองช่าง"]  # org order
    assert m.id in [x.id for x in world.store.measures_of_division("demo", "กองช่าง")]
    assert m.id not in [x.id for x in world.store.measures_of_division("demo", "กองคลัง")]
    entry = entries(world.store.r, "demo")[0]
    assert entry.before["divisions"] == ["กองคลัง"]


def test_edit_needs_a_division(world: World, secretary: FlaskClient) -> None:
    before = world.store.get_measure("demo", world.finance_measure)
    response = _post(secretary, f"/dash/measure/{world.finance_measure}/edit", timeframe="-")
    assert response.status_code == 400
    assert "อย่างน้อยหนึ่งส่วน" in response.text
    assert world.store.get_measure("demo", world.finance_measure) == before


def test_an_unchanged_form_records_nothing(world: World, secretary: FlaskClient) -> None:
    m = world.store.get_measure("demo", world.finance_measure)
    assert m is not None
    _post(secretary, f"/dash/measure/{m.id}/edit", timeframe=m.timeframe_text,
          divisions=m.divisions)  # fmt: skip
    assert "edit" not in _actions(world)


# --- one measure ---


def test_measure_shows_history_with_amendments_and_evidence(
    world: World, secretary: FlaskClient
) -> None:
    first = Report(new_id("r"), world.finance_measure, Status.DONE, datetime.now(UTC),
                   "p_staff2", "line", text="เสร็จแล้วตามแผน")  # fmt: skip
    world.store.add_report("demo", first)
    fixed = Report(new_id("r"), world.finance_measure, Status.IN_PROGRESS, datetime.now(UTC),
                   "p_staff2", "telegram", percent=80, text="ยังไม่ครบ",
                   supersedes=first.id)  # fmt: skip
    world.store.add_report("demo", fixed)
    page = secretary.get(f"/dash/measure/{world.finance_measure}").text
    assert "แก้ไขรายงานก่อนหน้า" in page and "ถูกแทนที่ด้วยรายงานที่แก้ไข" in page
    assert page.index("ยังไม่ครบ") < page.index("เสร็จแล้วตามแผน")  # newest first
    assert f"/dash/evidence/{world.finance_evidence}" in page and "ภาพ.png" in page
    assert "เจ้าหน้าที่กองคลัง" in page
    # One bullet per piece of evidence: the history's bar style stays on the history's own items.
    assert '<ul class="evidence">' in page
    assert ".history li" not in page and ".history > li {" in page


def test_evidence_download(world: World, secretary: FlaskClient) -> None:
    response = secretary.get(f"/dash/evidence/{world.finance_evidence}")
    assert response.status_code == 200 and response.data == PNG
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment")


# --- people ---


def test_invite_shows_a_code_and_telegram_link(store: RedisStore, tmp_path: Path) -> None:
    world = make_world(store, tmp_path, telegram_bot_username="ita_test_bot")
    secretary = world.app.test_client()
    sign_in(secretary, world, "secretary")
    response = _post(secretary, "/dash/people/invite", role="staff", division="กองช่าง")
    assert response.status_code == 302
    page = secretary.get("/dash/people").text
    code = re.search(r'id="invite-code">([A-Z0-9]+)<', page)
    assert code and len(code.group(1)) == 8 and set(code.group(1)) <= set(ALPHABET)
    assert f"https://t.me/ita_test_bot?start={code.group(1)}" in page
    stored = world.store.r.hgetall(k.INVITE.format(code=code.group(1)))
    assert stored[b"org"] == b"demo" and stored[b"role"] == b"staff"
    assert stored[b"division"] == "กองช่าง".encode()
    assert entries(world.store.r, "demo")[0].after["code"] == code.group(1)
    assert "invite-code" not in secretary.get("/dash/people").text  # shown once


def test_the_invite_page_shows_the_organisation_s_own_oa_else_the_default(
    store: RedisStore, tmp_path: Path
) -> None:
    world = make_world(
        store, tmp_path, line_bot_basic_id="@default1", telegram_bot_username="ita_test_bot"
    )
    config = world.app.extensions["ita"].config
    own = new_channel("demo", Platform.LINE, "s", "t", basic_id="@demo1111", name="อบต. OA")
    channel_store(config, store).add(own)
    for persona, oa in (("secretary", "%40demo1111"), ("other", "%40default1")):
        client = world.app.test_client()
        sign_in(client, world, persona)
        _post(client, "/dash/people/invite", role="chief", division="")
        page = html.unescape(client.get("/dash/people").text)
        code = re.search(r'id="invite-code">([A-Z0-9]+)<', page)
        assert code is not None
        assert f"https://line.me/R/oaMessage/{oa}/?{code.group(1)}" in page
        assert f"https://t.me/ita_test_bot?start={code.group(1)}" in page


def test_staff_invite_needs_a_division(world: World, secretary: FlaskClient) -> None:
    response = _post(secretary, "/dash/people/invite", role="staff", division="")
    assert response.status_code == 400
    assert "ต้องระบุส่วนราชการ" in response.text
    assert not list(world.store.r.scan_iter(match="ita:invite:*"))


def test_only_an_admin_makes_admins(world: World, secretary: FlaskClient) -> None:
    response = _post(secretary, "/dash/people/invite", role="admin", division="")
    assert response.status_code == 400
    admin = world.app.test_client()
    sign_in(admin, world, "admin")
    assert _post(admin, "/dash/people/invite", role="admin", division="").status_code == 302


def test_role_change(world: World, secretary: FlaskClient) -> None:
    response = _post(secretary, "/dash/people/p_staff3/role", role="chief", division="")
    assert response.status_code == 302
    person = world.store.get_person("demo", "p_staff3")
    assert person is not None and person.roles == [Role.CHIEF] and person.division is None
    copy = world.store.person_by_identity("simulator", "p_staff3")
    assert copy is not None and copy.roles == [Role.CHIEF]
    entry = entries(world.store.r, "demo")[0]
    assert entry.action == "role" and entry.before["roles"] == ["staff"]
    assert entry.after["roles"] == ["chief"]


def test_nobody_changes_their_own_role(world: World, secretary: FlaskClient) -> None:
    response = _post(secretary, "/dash/people/p_secretary/role", role="staff", division="กองคลัง")
    assert response.status_code == 400
    assert "ของตัวเองไม่ได้" in response.text
    assert world.store.get_person("demo", "p_secretary").roles == [Role.SECRETARY]  # type: ignore[union-attr]


def test_remove_access(world: World, secretary: FlaskClient) -> None:
    reports = world.store.reports("demo", world.finance_measure)
    response = _post(secretary, "/dash/people/p_staff2/remove")
    assert response.status_code == 302
    person = world.store.get_person("demo", "p_staff2")
    assert person is not None and not person.roles and not person.identities()
    assert world.store.person_by_identity("simulator", "p_staff2") is None
    assert world.store.reports("demo", world.finance_measure) == reports
    page = secretary.get("/dash/people").text
    removed = page[page.index('id="removed"') :]
    assert "เจ้าหน้าที่กองคลัง" in removed
    entry = entries(world.store.r, "demo")[0]
    assert entry.action == "remove" and entry.before["platforms"] == ["simulator"]


# --- settings ---


class _FormValues(HTMLParser):
    """The values a browser would send for the policy form."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and (a.get("id") or "").startswith("s-"):
            self.values[a["name"] or ""] = a.get("value") or ""
        elif tag == "select" and (a.get("id") or "").startswith("s-"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def test_policy_form_round_trips_and_updates(world: World, secretary: FlaskClient) -> None:
    parser = _FormValues()
    parser.feed(secretary.get("/dash/settings").text)
    assert len(parser.values) == 13 and parser.values["digest_weekday"] == "จันทร์"
    assert _post(secretary, "/dash/settings/policy", **parser.values).status_code == 302
    assert "policy" not in _actions(world)  # the page's own values change nothing

    values = {**parser.values, "overdue_every_days": "5", "escalate_chief_after": "ปิด"}
    assert _post(secretary, "/dash/settings/policy", **values).status_code == 302
    policy = PolicyStore(world.store.r).get("demo")
    assert policy.overdue_every_days == 5 and policy.escalate_chief_after is None
    entry = entries(world.store.r, "demo")[0]
    assert entry.action == "policy" and entry.before["overdue_every_days"] == 7
    assert "บันทึกการตั้งค่าแล้ว" in secretary.get("/dash/settings?saved=1").text


def test_policy_bad_value_shows_the_message(world: World, secretary: FlaskClient) -> None:
    response = _post(secretary, "/dash/settings/policy", send_time="25:00", nudge_day="20")
    assert response.status_code == 400
    assert 'ตั้ง send_time เป็น "25:00" ไม่ได้' in html.unescape(response.text)
    assert 'value="25:00"' in response.text
    assert PolicyStore(world.store.r).get("demo").nudge_day == 25
    response = _post(secretary, "/dash/settings/policy", send_time="17:30")
    assert "นอกเวลาราชการ" in response.text
    assert "policy" not in _actions(world)


def test_holiday_add_and_remove(world: World, secretary: FlaskClient) -> None:
    policies = PolicyStore(world.store.r)
    assert _post(secretary, "/dash/settings/holidays", day="2030-02-03",
                 name="วันก่อตั้ง อบต.").status_code == 302  # fmt: skip
    assert policies.holidays("demo")[date(2030, 2, 3)] == "วันก่อตั้ง อบต."
    assert "3 ก.พ. 2573 วันก่อตั้ง อบต." in secretary.get("/dash/settings").text
    assert _post(secretary, "/dash/settings/holidays/remove", day="2030-02-03").status_code == 302
    assert date(2030, 2, 3) not in policies.holidays("demo")
    assert [e.action for e in entries(world.store.r, "demo")][:2] == ["holiday", "holiday"]
    bad = _post(secretary, "/dash/settings/holidays", day="วันไหนก็ได้")
    assert bad.status_code == 400 and "อ่านวันที่" in bad.text


def test_chief_reads_settings_but_has_no_buttons(world: World) -> None:
    chief = world.app.test_client()
    sign_in(chief, world, "chief")
    page = chief.get("/dash/settings").text
    assert "disabled" in page and "บันทึกการตั้งค่า" not in page and "เพิ่มวันหยุด" not in page


# --- the plan ---


def _numbers(page: str) -> list[str]:
    return re.findall(r'<td class="num">(\d+)</td>', page)


def test_plan_filters(world: World, secretary: FlaskClient) -> None:
    everything = secretary.get("/dash/plan").text
    total = len(world.store.measures("demo"))
    assert len(_numbers(everything)) == total and f"แสดง {total} จาก {total}" in everything
    by_division = {m.number for m in world.store.measures_of_division("demo", "กองช่าง")}
    page = secretary.get("/dash/plan?division=กองช่าง").text
    assert {int(n) for n in _numbers(page)} == by_division

    latest = world.store.latest_reports("demo")
    measures = world.store.measures("demo")
    unreported = {m.number for m in measures if m.id not in latest}
    page = secretary.get("/dash/plan?status=none").text
    assert {int(n) for n in _numbers(page)} == unreported
    done = {m.number for m in measures if m.id in latest and latest[m.id].status is Status.DONE}
    assert {int(n) for n in _numbers(secretary.get("/dash/plan?status=done").text)} == done
    oit = {m.number for m in measures if m.assessment and m.assessment.value == "OIT"}
    page = secretary.get("/dash/plan?assessment=OIT&division=bogus").text
    assert {int(n) for n in _numbers(page)} == oit
    assert "เลยกำหนด" in everything or "เหลือ" in everything


def test_plan_shows_thai_dates_and_days(world: World, secretary: FlaskClient) -> None:
    m = world.store.get_measure("demo", world.finance_measure)
    assert m is not None and m.end is not None
    page = secretary.get("/dash/plan").text
    assert f"{m.end.day} " in page and str(m.end.year + 543) in page
    days = (m.end - today_bangkok()).days
    assert (f"เหลือ {days} วัน" if days > 0 else f"เลยกำหนด {-days} วัน") in page or days == 0


# --- reminders, summaries, reports, audit ---


def test_reminders_page_lists_the_next_30_days(world: World, secretary: FlaskClient) -> None:
    page = secretary.get("/dash/reminders").text
    assert "แจ้งเตือนที่วางแผนไว้" in page and "ข้อความ" in page


def test_summary_shows_text_and_acknowledgements(world: World, secretary: FlaskClient) -> None:
    today = today_bangkok()
    month = f"{today.year:04d}-{today.month:02d}"
    record_ack(world.store.r, "demo", month, "p_chief", datetime.now(UTC))
    page = secretary.get(f"/dash/summary?month={month}").text
    assert "สรุปความก้าวหน้ามาตรการ ITA" in page and "นายปลัด ใจดี" in page
    assert "รอบ ๖ เดือน" in page
    bad = secretary.get("/dash/summary?month=เดือนหน้า")
    assert bad.status_code == 400 and "อ่านเดือนไม่ได้" in bad.text


def test_summary_month_picker_speaks_buddhist_era(world: World, secretary: FlaskClient) -> None:
    # A browser's <input type="month"> shows "November 2026" (issue 13, defect 10).
    today = today_bangkok()
    page = secretary.get("/dash/summary").text
    assert 'type="month"' not in page and "<select" in page
    label = format_month_th(today.year, today.month)
    value = f"{today.year:04d}-{today.month:02d}"
    assert f'<option value="{value}" selected>{label}</option>' in page
    assert str(today.year + 543) in label
    old = secretary.get("/dash/summary?month=2566-03").text
    assert '<option value="2023-03" selected>มี.ค. 2566</option>' in old


@pytest.mark.parametrize("period", ["month", "six_month", "year_end"])
def test_report_downloads(world: World, secretary: FlaskClient, period: str) -> None:
    base = f"/dash/summary/{period}"
    word = secretary.get(f"{base}.docx?month=2566-03")
    assert word.status_code == 200 and "attachment" in word.headers["Content-Disposition"]
    assert docx.Document(io.BytesIO(word.data)).paragraphs
    pdf = secretary.get(f"{base}.pdf?month=2566-03")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    xlsx = secretary.get(f"{base}.xlsx?month=2566-03")
    assert openpyxl.load_workbook(io.BytesIO(xlsx.data)).active is not None
    assert "ita-o43-2566" in xlsx.headers["Content-Disposition"]


def test_audit_log_shows_before_and_after(world: World, secretary: FlaskClient) -> None:
    m = world.store.get_measure("demo", world.finance_measure)
    assert m is not None and m.start is not None
    _post(secretary, f"/dash/measure/{m.id}/edit", timeframe="-", divisions=["กองคลัง"])
    _post(secretary, "/dash/people/p_staff3/role", role="chief", division="")
    page = secretary.get("/dash/audit").text
    assert "แก้ไขมาตรการ" in page and "นางสาวเลขา ติดตามงาน" in page
    edit = page[page.index("แก้ไขมาตรการ") :]
    assert "ข้อความระยะเวลา" in edit and "วันเริ่ม" in edit
    assert f"{m.start.day} " in edit and str(m.start.year + 543) in edit  # before, as a Thai date
    assert "ผู้รับผิดชอบ" not in edit.split("</table>")[0]  # unchanged fields are left out
    role = page[page.index("เปลี่ยนบทบาท") :]
    assert "<td>เจ้าหน้าที่</td>" in role and "<b>ผู้บริหาร</b>" in role


def test_pages_follow_the_persons_language(world: World) -> None:
    chief = world.store.get_person("demo", "p_chief")
    assert chief is not None
    chief.language = "en"
    world.store.save_person(chief)
    client = world.app.test_client()
    sign_in(client, world, "chief")
    page = client.get("/dash/plan").text
    assert "Showing" in page and "Planned reminders" in page
    with world.app.app_context():
        assert services().store is world.store


def test_only_web_links_are_clickable(world: World, secretary: FlaskClient) -> None:
    with world.app.app_context():
        evidence = services().core.evidence
        with world.store.r.pipeline() as pipe:
            good = evidence.add_link(pipe, "demo", "https://www.example.go.th/o1")
            bad = evidence.add_link(pipe, "demo", "javascript:alert(1)")
            pipe.execute()
    world.store.add_report("demo", Report(new_id("r"), world.finance_measure, Status.DONE,
                                          datetime.now(UTC), "p_staff2", "line",
                                          evidence=[good, bad]))  # fmt: skip
    page = secretary.get(f"/dash/measure/{world.finance_measure}").text
    assert 'href="https://www.example.go.th/o1"' in page
    assert "javascript:alert(1)" in page and 'href="javascript:' not in page
    assert secretary.get(f"/dash/evidence/{good}").status_code == 404  # links are not files
