"""The dashboard's plan import (upload, fix, save once), undo and archive pages."""

from __future__ import annotations

import io
import re
import threading
from pathlib import Path

import openpyxl
import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from bot.store import keys as k
from bot.store.audit import entries
from bot.store.redis_store import RedisStore
from tests.dashboard_helpers import World, fingerprint, make_world, session_csrf, sign_in

pytestmark = pytest.mark.store
HEADER = "มาตรการ/แนวทาง,วิธีการดำเนินการ,ผู้รับผิดชอบ,ระยะเวลาดำเนินการ\n"
PLAN = HEADER + (
    "มาตรการจัดทำคู่มือ,ทำคู่มือการปฏิบัติงาน,กองคลัง,ต.ค. 64 - มี.ค. 65\n"
    "มาตรการเผยแพร่ข้อมูล,เผยแพร่บนเว็บไซต์,กองดาราศาสตร์,ต.ค. 64 - ก.ย. 65\n"
    "มาตรการสำรวจความพึงพอใจ,สำรวจผู้รับบริการ,กองช่าง,เมื่อสะดวก\n"
    "มาตรการจัดทำคู่มือ,อบรมเจ้าหน้าที่,กองช่าง,ต.ค. 64\n"
)


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


def _upload(client: FlaskClient, body: bytes, name: str = "แผน.csv") -> TestResponse:
    data = {"file": (io.BytesIO(body), name), "csrf_token": session_csrf(client)}
    return client.post("/dash/plan/import", data=data, content_type="multipart/form-data")


def _token(response: TestResponse) -> str:
    assert response.status_code == 302, response.text[:500]
    found = re.search(r"/dash/plan/import/([0-9a-f]+)$", response.headers["Location"])
    assert found
    return found.group(1)


def test_bad_uploads_say_why_and_change_nothing(world: World, secretary: FlaskClient) -> None:
    before = fingerprint(world.store.r)
    corrupt = _upload(secretary, b"not a word file", "plan.docx")
    assert corrupt.status_code == 400 and "plan.docx" in corrupt.text
    empty = _upload(secretary, HEADER.encode())
    assert empty.status_code == 400 and "ไม่พบ" in empty.text
    unsupported = _upload(secretary, b"hello", "notes.txt")
    assert unsupported.status_code == 400 and "notes.txt" in unsupported.text
    nothing = _post(secretary, "/dash/plan/import")
    assert nothing.status_code == 400 and "กรุณาเลือกไฟล์แผน" in nothing.text
    huge = _upload(secretary, b"x" * (1024 * 1024 + 10))
    assert huge.status_code == 413 and "1 MB" in huge.text
    assert fingerprint(world.store.r) == before


def test_preview_fix_and_save_once(world: World, secretary: FlaskClient) -> None:
    store = world.store
    before = fingerprint(store.r)
    token = _token(_upload(secretary, PLAN.encode()))
    page = secretary.get(f"/dash/plan/import/{token}")
    assert page.status_code == 200
    text = page.text
    assert "4 มาตรการ ปีงบประมาณ 2565" in text and "แต่ปีงบประมาณปัจจุบันคือ" in text
    assert "1 ต.ค. 2564" in text and "31 มี.ค. 2565" in text  # Buddhist Era
    assert "กองดาราศาสตร์" in text and "เมื่อสะดวก" in text and 'id="problems"' in text
    assert "ชื่อซ้ำกับแถวอื่น" in text and "disabled" in text
    assert {k for k in fingerprint(store.r)} - set(before) == {
        k.org_key(k.PLAN_PREVIEW, "demo", token=token).encode()
    }  # only the preview is kept until the save
    refused = _post(secretary, f"/dash/plan/import/{token}/save", mode="add")
    assert refused.status_code == 400 and "กองดาราศาสตร์" in refused.text
    # A bad fix says why and changes nothing; good fixes clear the problems.
    bad = _post(secretary, f"/dash/plan/import/{token}/row", row=1, divisions="กองดาวเทียม")
    assert bad.status_code == 400 and "กองดาวเทียม" in bad.text
    assert _post(secretary, f"/dash/plan/import/{token}/row", row=9).status_code == 400
    fixed = _post(secretary, f"/dash/plan/import/{token}/row", row=1, divisions="สำนักปลัด")
    assert fixed.status_code == 302
    _post(secretary, f"/dash/plan/import/{token}/row", row=2, timeframe="ม.ค. 65 - มี.ค. 65")
    _post(secretary, f"/dash/plan/import/{token}/row", row=0, title="มาตรการจัดทำคู่มือการเงิน")
    page = secretary.get(f"/dash/plan/import/{token}?done=row").text
    assert 'id="problems"' not in page and "แก้แถวแล้ว" in page
    assert "1 ม.ค. 2565" in page and "มาตรการจัดทำคู่มือการเงิน" in page
    # Leave the last row out, and use the method column as the title.
    assert _post(secretary, f"/dash/plan/import/{token}/drop", row=3).status_code == 302
    title_column = f"/dash/plan/import/{token}/title"
    assert _post(secretary, title_column, field="divisions").status_code == 400
    assert _post(secretary, title_column, field="method").status_code == 302
    page = secretary.get(f"/dash/plan/import/{token}").text
    assert "อบรมเจ้าหน้าที่" not in page and 'value="ทำคู่มือการปฏิบัติงาน"' in page
    assert _post(secretary, f"/dash/plan/import/{token}/save").status_code == 400  # no mode
    assert len(store.measures("demo")) == 24
    saved = _post(secretary, f"/dash/plan/import/{token}/save", mode="replace")
    assert saved.status_code == 302 and "notice=imported" in saved.headers["Location"]
    notice = secretary.get(saved.headers["Location"]).text
    assert "เพิ่มใหม่ 3" in notice and "เก็บเข้าคลัง 24" in notice
    titles = [m.title for m in store.measures("demo")]
    assert titles == ["ทำคู่มือการปฏิบัติงาน", "เผยแพร่บนเว็บไซต์", "สำรวจผู้รับบริการ"]
    assert store.measures("demo")[1].divisions == ["สำนักปลัด"]
    assert len(store.archived_measures("demo")) == 24
    assert store.reports("demo", world.finance_measure)  # its reports are still there
    entry = entries(store.r, "demo")[0]
    assert entry.action == "import" and entry.after["mode"] == "replace"
    after = fingerprint(store.r)
    again = _post(secretary, f"/dash/plan/import/{token}/save", mode="replace")
    assert again.status_code == 410 and "หมดอายุ" in again.text
    assert secretary.get(f"/dash/plan/import/{token}").status_code == 410
    assert fingerprint(store.r) == after


def test_preview_file_and_other_organisations(world: World, secretary: FlaskClient) -> None:
    token = _token(_upload(secretary, PLAN.encode()))
    page = secretary.get(f"/dash/plan/import/{token}").text
    link = re.search(r'href="http://127.0.0.1:8000(/files/[^"]+)" id="download"', page)
    assert link
    client = world.app.test_client()
    xlsx = client.get(link.group(1))
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 + 4 and rows[2][2] == "มาตรการจัดทำคู่มือ" and rows[2][5] == "1 ต.ค. 2564"
    assert "ชื่อซ้ำ" in str(rows[2][11])
    other = world.app.test_client()
    sign_in(other, world, "other")
    assert other.get(f"/dash/plan/import/{token}").status_code == 410
    before = fingerprint(world.store.r)
    assert _post(other, f"/dash/plan/import/{token}/save", mode="add").status_code == 410
    assert fingerprint(world.store.r) == before
    assert _post(secretary, f"/dash/plan/import/{token}/cancel").status_code == 302
    assert client.get(link.group(1)).status_code == 404
    assert client.get("/files/forged-token").status_code == 404


def test_undo_on_the_dashboard(world: World, secretary: FlaskClient) -> None:
    store = world.store
    token = _token(_upload(secretary, (HEADER + "มาตรการใหม่,ทำ,กองคลัง,ต.ค. 64\n").encode()))
    _post(secretary, f"/dash/plan/import/{token}/save", mode="replace")
    assert len(store.measures("demo")) == 1
    page = secretary.get("/dash/plan/undo").text
    assert "24 มาตรการ" in page and "1 รายการจะถูกเก็บเข้าคลัง" in page
    stamp = re.search(r'name="stamp" value="(\d+)"', page)
    assert stamp
    done = _post(secretary, "/dash/plan/undo", stamp=stamp.group(1))
    assert "notice=undone" in done.headers["Location"]
    assert len(store.measures("demo")) == 24 and store.reports("demo", world.finance_measure)
    assert entries(store.r, "demo")[0].action == "undo_plan"
    after = fingerprint(store.r)
    stale = _post(secretary, "/dash/plan/undo", stamp=stamp.group(1))
    assert "แผนเปลี่ยนไปแล้ว" in secretary.get(stale.headers["Location"]).text
    store.r.delete(k.org_key(k.PLAN_VERSIONS, "demo"))
    after = fingerprint(store.r)
    none = secretary.get("/dash/plan/undo")
    assert "ยังไม่มีแผนฉบับก่อนหน้า" in secretary.get(none.headers["Location"]).text
    _post(secretary, "/dash/plan/undo", stamp=stamp.group(1))
    assert fingerprint(store.r) == after


def test_archive_and_restore_on_the_dashboard(world: World, secretary: FlaskClient) -> None:
    store = world.store
    m = store.get_measure("demo", world.finance_measure)
    assert m is not None
    assert 'id="archive"' in secretary.get(f"/dash/measure/{m.id}").text
    ask = secretary.get(f"/dash/measure/{m.id}/archive").text
    assert m.title in ask and "รายงานเดิมยังเก็บไว้ครบ" in ask
    done = _post(secretary, f"/dash/measure/{m.id}/archive")
    assert "notice=archived_one" in done.headers["Location"]
    plan = secretary.get(done.headers["Location"]).text
    assert f"เก็บมาตรการ {m.number} เข้าคลังแล้ว" in plan and 'id="archived"' in plan
    assert secretary.get(f"/dash/measure/{m.id}").status_code == 404
    assert store.get_measure("demo", m.id) is None and store.reports("demo", m.id)
    after = fingerprint(store.r)
    again = _post(secretary, f"/dash/measure/{m.id}/archive")
    assert "ไม่อยู่ในแผนแล้ว" in secretary.get(again.headers["Location"]).text
    assert fingerprint(store.r) == after
    assert m.title in secretary.get(f"/dash/archived/{m.id}/restore").text
    back = _post(secretary, f"/dash/archived/{m.id}/restore")
    assert f"คืนมาตรการ {m.number} เข้าแผนแล้ว" in secretary.get(back.headers["Location"]).text
    assert store.get_measure("demo", m.id) == m
    assert [e.action for e in entries(store.r, "demo")][:2] == ["restore", "archive"]
    chief = world.app.test_client()
    sign_in(chief, world, "chief")
    assert 'id="import"' not in chief.get("/dash/plan").text


def test_two_browsers_saving_one_preview_at_once_save_it_once(
    world: World, secretary: FlaskClient
) -> None:
    store = world.store
    token = _token(_upload(secretary, (HEADER + "มาตรการใหม่,ทำ,กองคลัง,ต.ค. 64\n").encode()))
    admin = world.app.test_client()
    sign_in(admin, world, "admin")
    forms = {
        id(client): {"mode": "add", "csrf_token": session_csrf(client)}
        for client in (secretary, admin)
    }
    start = threading.Barrier(2)
    codes: list[int] = []

    def save(client: FlaskClient) -> None:
        start.wait()
        response = client.post(f"/dash/plan/import/{token}/save", data=forms[id(client)])
        codes.append(response.status_code)

    threads = [threading.Thread(target=save, args=(c,)) for c in (secretary, admin)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [302, 410]
    assert len(store.measures("demo")) == 25
    assert [e.action for e in entries(store.r, "demo")].count("import") == 1
