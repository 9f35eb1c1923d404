"""Importing plans into the store: all or nothing, re-imports update, bad input refused."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import docx
import pytest

from bot.domain.model import Organisation, Status
from bot.plan.rows import PlanImportError
from bot.plan.service import PlanRejected, import_plan_file, plan_rows
from bot.plan.tabular import write_template
from bot.store.redis_store import RedisStore, UnknownOrgError
from tests.conftest import SHARED, redis_snapshot

pytestmark = pytest.mark.store
HEADERS = ["ประเภทการประเมิน", "มาตรการ/แนวทาง", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "สถานะ"]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([HEADERS, *rows])
    return path


def snapshot(store: RedisStore) -> dict[bytes, object]:
    return redis_snapshot(store.r)


@pytest.mark.parametrize(
    "sample", sorted((SHARED / "samples").glob("*.docx")), ids=lambda p: p.stem
)
def test_samples_store_as_expected(store: RedisStore, org: Organisation, sample: Path) -> None:
    expected = json.loads((SHARED / "samples/expected" / f"{sample.stem}.json").read_text())
    import_plan_file(store, org.id, sample)
    rows = plan_rows(store, org.id)
    assert len(rows) == len(expected["measures"])
    for row, want in zip(rows, expected["measures"], strict=True):
        assert row["title"].startswith(want["title_prefix"])
        assert row["divisions"] == want["divisions"]
        if "status" in want:
            assert row["status"] == want["status"]
    again = import_plan_file(store, org.id, sample).saved
    assert again is not None and again.created == 0 and again.reports == 0
    assert len(plan_rows(store, org.id)) == len(expected["measures"])


def test_template_round_trip(store: RedisStore, org: Organisation, tmp_path: Path) -> None:
    for name in ("plan.xlsx", "plan.csv"):
        path = tmp_path / name
        write_template(path)
        outcome = import_plan_file(store, org.id, path, dry_run=True)
        assert [m.title for m in outcome.plan.measures][:1] == [
            "มาตรการส่งเสริมการปฏิบัติหน้าที่อย่างเป็นธรรม"
        ]
        assert outcome.plan.measures[1].item == "O12"
        assert outcome.problems == []


def test_thai_windows_csv_and_statuses(
    store: RedisStore, org: Organisation, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "plan.csv",
        [
            ["IIT", "มาตรการ ก", "สำนักปลัด อบต. กองคลัง ,ช่าง", "ต.ค. ๖๕ – มี.ค. ๖๖", "ดำเนินการแล้ว"],
            ["EIT", "มาตรการ ข", "ทุกส่วนงาน", "-", ""],
        ],
        encoding="cp874",
    )
    saved = import_plan_file(store, org.id, path).saved
    assert saved is not None and saved.created == 2
    rows = plan_rows(store, org.id)
    assert rows[0]["divisions"] == ["สำนักปลัด", "กองคลัง", "กองช่าง"]
    assert (rows[0]["start"], rows[0]["end"]) == ("2022-10-01", "2023-03-31")
    assert rows[0]["status"] == Status.DONE.value
    assert len(rows[1]["divisions"]) == len(org.divisions) and rows[1]["end"] is None


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512  # encrypted Office file, or old .doc


@pytest.mark.parametrize(
    ("suffix", "content", "code", "advice"),
    [
        (".docx", b"this is not a word file", "unreadable_file", ".docx"),
        (".docx", OLE, "encrypted_docx", "รหัสผ่าน"),
        (".xlsx", b"this is not a workbook", "unreadable_xlsx", ".xlsx"),
        (".xlsx", OLE, "unreadable_xlsx", ".xlsx"),
        (".csv", b"\xff\xfe\x00\xd8bad", "unreadable_csv", "CSV"),
        (".pdf", b"%PDF-1.4 broken", "unreadable_pdf", "PDF"),
    ],
)
def test_corrupt_files_are_refused_with_the_users_file_name_and_advice_for_the_format(
    store: RedisStore,
    org: Organisation,
    tmp_path: Path,
    suffix: str,
    content: bytes,
    code: str,
    advice: str,
) -> None:
    before = snapshot(store)
    path = tmp_path / f"05f56ffd0e61{suffix}"  # a temporary name, as the chat download uses
    path.write_bytes(content)
    with pytest.raises(PlanImportError) as err:
        import_plan_file(store, org.id, path, name=f"แผน ITA 2566{suffix}")
    assert err.value.code == code
    assert f"แผน ITA 2566{suffix}" in err.value.message
    assert "05f56ffd0e61" not in err.value.message
    assert advice in err.value.message
    if suffix != ".docx":
        assert "Word (.docx) " not in err.value.message or suffix == ".pdf"
        assert "บันทึกเป็น .docx" not in err.value.message
    assert snapshot(store) == before


def test_document_without_measures_is_refused(
    store: RedisStore, org: Organisation, tmp_path: Path
) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["อันดับ", "ตัวชี้วัด", "คะแนน"], strict=True):
        cell.text = text
    path = tmp_path / "scores.docx"
    document.save(str(path))
    before = snapshot(store)
    with pytest.raises(PlanImportError) as err:
        import_plan_file(store, org.id, path)
    assert err.value.code == "no_measure_table"
    assert snapshot(store) == before


def test_unknown_division_and_bad_timeframe_stop_the_whole_import(
    store: RedisStore, org: Organisation, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "plan.csv",
        [
            ["IIT", "มาตรการดี", "กองคลัง", "ต.ค. 65 - ก.ย. 66", ""],
            ["IIT", "มาตรการ กองแปลก", "กองดาราศาสตร์", "ต.ค. 65 - ก.ย. 66", ""],
            ["IIT", "มาตรการ เวลาแปลก", "กองคลัง", "เมื่อพร้อม", ""],
        ],
    )
    before = snapshot(store)
    with pytest.raises(PlanRejected) as err:
        import_plan_file(store, org.id, path)
    assert "กองดาราศาสตร์" in err.value.message and "เมื่อพร้อม" in err.value.message
    assert snapshot(store) == before
    dry = import_plan_file(store, org.id, path, dry_run=True)
    assert len(dry.problems) == 2 and snapshot(store) == before


def test_unknown_org(store: RedisStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "plan.csv", [["IIT", "ก", "กองคลัง", "-", ""]])
    with pytest.raises(UnknownOrgError):
        import_plan_file(store, "nope", path)
