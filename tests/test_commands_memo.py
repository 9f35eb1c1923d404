"""`python -m bot memo`: JSON with the documented keys, DOCX, PDF and the pack, bad input."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.demo import ensure_demo
from bot.domain.thai import fiscal_year_of
from bot.store.redis_store import RedisStore

pytestmark = pytest.mark.store


@pytest.fixture()
def cli(store: RedisStore, redis_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path))
    ensure_demo(store, today=date.today())

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_json_has_exactly_the_documented_keys(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("memo", "--org", "demo", "--period", "six_month", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"org", "period", "fiscal_year", "number", "status", "chain", "summary"}
    assert data["org"] == "demo" and data["period"] == "six_month"
    assert data["fiscal_year"] == fiscal_year_of(date.today())
    assert data["status"] == "draft" and data["number"] is None
    assert [s["role"] for s in data["chain"]] == ["หัวหน้าสำนักปลัด", "รองปลัด", "ปลัด", "นายก"]
    assert all(set(s) == {"role", "person", "comment", "acknowledged_at"} for s in data["chain"])
    assert data["chain"][2]["person"] == "นายปลัด ใจดี"
    assert data["summary"]["measures"] == 24


def test_documents_and_pack(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("pdf", "docx", "zip"):
        out = tmp_path / f"memo.{fmt}"
        code, said, _ = cli("memo", "--org", "demo", "--period", "six_month", "--format", fmt,
                            "--out", str(out))  # fmt: skip
        assert code == 0 and "บันทึก" in said
    assert (tmp_path / "memo.pdf").read_bytes().startswith(b"%PDF")
    names = zipfile.ZipFile(io.BytesIO((tmp_path / "memo.zip").read_bytes())).namelist()
    assert any(n.startswith("ita-o43-memo-") and n.endswith(".pdf") for n in names)
    assert sum(n.endswith(".docx") for n in names) == 1
    assert "O43-evidence-index.csv" in names


def test_bad_input_is_answered_in_thai(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("memo", "--org", "demo", "--period", "month", "--month", "2600-01",
                       "--format", "json")  # fmt: skip
    assert code == 2 and "ยังไม่เริ่ม" in err
    code, _, err = cli("memo", "--org", "demo", "--period", "month", "--format", "json")
    assert code == 2 and "อ่านเดือน" in err
    code, _, err = cli("memo", "--org", "nope", "--period", "six_month", "--format", "json")
    assert code == 1 and "ไม่พบหน่วยงาน" in err
    code, _, err = cli("memo", "--org", "demo", "--period", "six_month", "--format", "pdf")
    assert code == 2 and "--out" in err
    code, _, err = cli("memo", "--org", "demo", "--period", "year_end", "--fiscal-year", "2600",
                       "--format", "json")  # fmt: skip
    assert code == 2 and "ยังไม่เริ่ม" in err
