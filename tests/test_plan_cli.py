"""`python -m bot plan import FILE --org ORG [--dry-run] [--json]` for every plan format."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2
import pytest
import redis

from bot.cli.main import main
from bot.plan.tabular import write_template
from tests.conftest import SHARED, redis_snapshot

pytestmark = pytest.mark.store
MEASURE_KEYS = {
    "title",
    "method",
    "divisions",
    "start",
    "end",
    "timeframe_text",
    "status",
    "assessment",
    "indicator",
    "item",
    "warnings",
}
COMPARED = ("divisions", "start", "end", "status", "assessment", "indicator", "item")


@pytest.fixture()
def cli(
    redis_client: redis.Redis,
    redis_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
):
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path))

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    assert run("org", "create", "t1", "--name", "อบต.หนึ่ง")[0] == 0
    return run


def _import(cli, path: Path, *flags: str) -> dict:
    code, out, err = cli("plan", "import", str(path), "--org", "t1", *flags)
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"measures", "warnings"}
    assert all(set(m) == MEASURE_KEYS for m in data["measures"])
    return data


@pytest.mark.parametrize("sample", sorted((SHARED / "samples").glob("*.pdf")), ids=lambda p: p.stem)
def test_a_pdf_plan_imports_like_its_word_file_and_a_dry_run_stores_nothing(
    cli, redis_client: redis.Redis, sample: Path
) -> None:
    before = redis_snapshot(redis_client)
    from_pdf = _import(cli, sample, "--dry-run", "--json")["measures"]
    from_docx = _import(cli, sample.with_suffix(".docx"), "--dry-run", "--json")["measures"]
    assert redis_snapshot(redis_client) == before
    assert len(from_pdf) == len(from_docx)
    for got, want in zip(from_pdf, from_docx, strict=True):
        assert [got[k] for k in COMPARED] == [want[k] for k in COMPARED]
    saved = _import(cli, sample, "--json")["measures"]
    assert len(saved) == len(from_docx)
    code, out, _ = cli("plan", "show", "--org", "t1", "--json")
    assert len(json.loads(out)["measures"]) == len(from_docx)


def test_xlsx_and_csv_through_the_same_command(cli, tmp_path: Path) -> None:
    for name in ("plan.xlsx", "plan.csv"):
        path = tmp_path / name
        write_template(path)
        data = _import(cli, path, "--dry-run", "--json")
        assert data["measures"][1]["item"] == "O12"


def test_a_scanned_pdf_is_refused_naming_the_file(
    cli, redis_client: redis.Redis, tmp_path: Path
) -> None:
    pdf = pypdfium2.PdfDocument.new()
    pdf.new_page(595, 842)
    path = tmp_path / "แผนสแกน.pdf"
    pdf.save(str(path))
    before = redis_snapshot(redis_client)
    code, out, err = cli("plan", "import", str(path), "--org", "t1", "--json")
    assert code == 1 and out == ""
    assert "แผนสแกน.pdf" in err and "สแกน" in err
    assert redis_snapshot(redis_client) == before
