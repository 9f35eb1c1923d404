"""Every plan file is held to limits, each refusal naming its limit; hostile files stay cheap."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.domain.divisions import default_divisions
from bot.domain.model import Organisation
from bot.plan.limits import PlanLimits
from bot.plan.rows import PlanImportError
from bot.plan.service import read_plan_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parents[0] / "shared" / "samples" / "004_fde45979d28568a4.docx"
ORG = Organisation(id="o", name="o", divisions=default_divisions())
HEADERS = ["ประเภทการประเมิน", "มาตรการ/แนวทาง", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "สถานะ"]


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pdf"])
def test_zip_bombs_are_refused_before_parsing_with_little_memory(kind: str) -> None:
    # A 1 MB DOCX whose document.xml expands to 1 GiB; a 0.5 MB XLSX with one 512 MB cell;
    # a 1 MB PDF whose page content stream inflates to 1 GiB.
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "plan_bombs.py"), kind],
        capture_output=True,
        text=True,
        check=True,
        timeout=240,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(figures)
    assert figures["refusal"] == "too_large_expanded"
    # ru_maxrss is inherited from the pytest process: compare with the figure before the import.
    assert figures["peak_rss_mb"] - figures["rss_before_mb"] < 50
    assert figures["peak_python_alloc_kb"] < 10 * 1024


def _csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS)
        writer.writerows(["IIT", f"มาตรการ {i}", "กองคลัง", "-", ""] for i in range(rows))
    return path


@pytest.mark.parametrize(
    ("limits", "rows", "code", "named"),
    [
        (PlanLimits(measures=10), 11, "too_many_measures", "10"),
        (PlanLimits(rows=10), 20, "too_many_rows", "10"),
        (PlanLimits(cells=40), 20, "too_many_cells", "40"),
        (PlanLimits(file_bytes=1024 * 1024), 20_000, "file_too_large", "1 MB"),
    ],
)
def test_each_limit_is_named_in_its_refusal(
    tmp_path: Path, limits: PlanLimits, rows: int, code: str, named: str
) -> None:
    path = _csv(tmp_path / "x.csv", rows)
    with pytest.raises(PlanImportError) as err:
        read_plan_file(path, ORG, name="แผน.csv", limits=limits)
    assert err.value.code == code
    assert named in err.value.message and "แผน.csv" in err.value.message


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample plans not available")
def test_word_plans_meet_the_same_limits() -> None:
    with pytest.raises(PlanImportError) as err:
        read_plan_file(SAMPLE, ORG, limits=PlanLimits(measures=50))
    assert err.value.code == "too_many_measures"
    with pytest.raises(PlanImportError) as err:
        read_plan_file(SAMPLE, ORG, limits=PlanLimits(zip_parts=3))
    assert err.value.code == "too_many_parts"
    with pytest.raises(PlanImportError) as err:
        read_plan_file(SAMPLE.with_suffix(".pdf"), ORG, limits=PlanLimits(pdf_pages=5))
    assert err.value.code == "too_many_pages" and "5" in err.value.message
    assert len(read_plan_file(SAMPLE, ORG).measures) == 51
