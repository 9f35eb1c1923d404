"""The memos page: where each memo is, the chain and header forms, signature uploads."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from PIL import Image

from bot.memo.chain import acknowledge, resolve_chain, send
from bot.memo.service import open_memo
from bot.store.audit import entries
from bot.store.memos import MAX_SIGNATURE, MemoStore
from bot.store.redis_store import RedisStore
from tests.dashboard_helpers import World, fingerprint, make_world, session_csrf, sign_in

pytestmark = pytest.mark.store


@pytest.fixture()
def world(store: RedisStore, tmp_path: Path) -> World:
    return make_world(store, tmp_path)


def client_as(world: World, persona: str) -> FlaskClient:
    client = world.app.test_client()
    sign_in(client, world, persona)
    return client


def png(width: int = 300, height: int = 100) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 0, 0, 0)).save(out, "PNG")
    return out.getvalue()


def test_page_shows_memos_and_where_they_are(world: World) -> None:
    memos = MemoStore(world.store.r)
    now = datetime.now(UTC)
    memo = open_memo(memos, "demo", "six_month", None, None, now)
    chain = resolve_chain(memos.chain("demo"), world.store.people("demo"))
    memos.change("demo", memo.id, lambda m: send(m, chain, "p_secretary", now) and None,
                 "p_secretary", "memo_send", now, number_for=memo.fiscal_year)  # fmt: skip
    head = world.store.get_person("demo", "p_head")
    assert head is not None
    memos.change("demo", memo.id,
                 lambda m: vars(acknowledge(m, 0, 1, head, "ทราบ ตรวจแล้ว", "line", now)),
                 "p_head", "memo_ack", now)  # fmt: skip
    chief = client_as(world, "chief")
    page = chief.get("/dash/memos")
    assert page.status_code == 200
    assert "รอความเห็นของ รองปลัด (นางรองปลัด ช่วยงาน)" in page.text
    assert "ทราบ ตรวจแล้ว" in page.text
    secretary = client_as(world, "secretary")
    log = secretary.get("/dash/audit")
    assert "ลงความเห็นและรับทราบบันทึก" in log.text and "ทราบ ตรวจแล้ว" in log.text
    assert 'id="chain"' in page.text and "disabled" in page.text  # the chief reads only
    pdf = chief.get(f"/dash/memos/{memo.id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert chief.get("/dash/memos/six_month-2400.pdf").status_code == 404
    staff = client_as(world, "staff")
    assert staff.get("/dash/memos").status_code == 403


def test_secretary_sets_the_chain_and_header(world: World) -> None:
    secretary = client_as(world, "secretary")
    csrf = session_csrf(secretary)
    done = secretary.post("/dash/memos/chain", data={
        "csrf_token": csrf, "role": ["ปลัด", "นายก", ""],
        "person": ["role:chief", "p_mayor", ""], "position": ["", "นายกเทศมนตรี", ""],
    })  # fmt: skip
    assert done.status_code == 302
    chain = MemoStore(world.store.r).chain("demo")
    assert [(s.role, s.person, s.position) for s in chain] == [
        ("ปลัด", "role:chief", "ปลัดองค์การบริหารส่วนตำบลบ้านตัวอย่าง"),
        ("นายก", "p_mayor", "นายกเทศมนตรี"),
    ]
    before = fingerprint(world.store.r)
    bad = secretary.post("/dash/memos/chain", data={
        "csrf_token": csrf, "role": ["ปลัด"], "person": ["p_nobody"], "position": [""],
    })  # fmt: skip
    assert bad.status_code == 400 and "ยังไม่ได้บันทึกอะไร" in bad.text
    assert fingerprint(world.store.r) == before
    done = secretary.post("/dash/memos/settings", data={
        "csrf_token": csrf, "division": "สำนักปลัด", "province": "ขอนแก่น", "phone": "043-1",
        "prefix": "ขก 1.2/", "addressee": "", "writer_position": "นิติกร",
    })  # fmt: skip
    assert done.status_code == 302
    assert MemoStore(world.store.r).settings("demo").writer_position == "นิติกร"
    assert {"memo_chain", "memo_settings"} <= {e.action for e in entries(world.store.r, "demo")}


def test_signature_upload_is_validated(world: World) -> None:
    secretary = client_as(world, "secretary")
    csrf = session_csrf(secretary)
    memos = MemoStore(world.store.r)

    def upload(data: bytes, name: str = "sig.png") -> str:
        response = secretary.post(
            "/dash/memos/signature",
            data={"csrf_token": csrf, "person": "p_mayor", "file": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
        )
        return response.text if response.status_code != 302 else "saved"

    before = fingerprint(world.store.r)
    assert "ไม่ใช่ภาพ PNG" in upload(b"%PDF-1.4 not a png", "sig.pdf")
    assert "ไม่ใช่ภาพ PNG" in upload(b"\x89PNG\r\n\x1a\n" + b"\0" * 50)  # a PNG header only
    assert "ใหญ่เกินไป" in upload(b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_SIGNATURE)
    assert "ไม่เหมาะ" in upload(png(5000, 10))
    assert fingerprint(world.store.r) == before
    assert upload(png()) == "saved"
    assert memos.signature("demo", "p_mayor") == png()
    removed = secretary.post(
        "/dash/memos/signature", data={"csrf_token": csrf, "person": "p_mayor", "remove": "1"}
    )
    assert removed.status_code == 302 and memos.signature("demo", "p_mayor") is None
