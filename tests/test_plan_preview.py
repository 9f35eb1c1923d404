"""The preview's pure parts: notes, problems, fixing a cell, the title column, dropping a row."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.divisions import default_divisions
from bot.domain.model import Organisation, Status
from bot.plan.preview import (
    EditError,
    PlanPreview,
    choose_mode,
    choose_title,
    drop_row,
    edit_row,
    effective_plan,
    plan_fiscal_year,
    plan_notes,
    preview_from_json,
    preview_to_json,
    problems,
    row_notes,
)
from bot.plan.rows import ImportedMeasure, PlanImport

ORG = Organisation("demo", "อบต.ทดสอบ", default_divisions())


def _preview() -> PlanPreview:
    plan = PlanImport(
        measures=[
            ImportedMeasure(
                "จุดอ่อน: ไม่มีคู่มือ", method="จัดทำคู่มือ", divisions=["กองคลัง"],
                start=date(2026, 10, 1), end=date(2027, 3, 31), status=Status.DONE,
                timeframe_text="ต.ค. 69 - มี.ค. 70",
            ),
            ImportedMeasure(
                "จุดอ่อน: ไม่มีคู่มือ", method="เผยแพร่ข้อมูล",
                warnings=['แถว 3 คอลัมน์ "ผู้รับผิดชอบ": ไม่รู้จักส่วนราชการ "กองดาว"'],
                timeframe_text="ช่วงที่สะดวก",
            ),
        ],
        fiscal_year=2570,
        unknown_divisions=["กองดาว"],
    )  # fmt: skip
    return PlanPreview("abc123", "demo", "p1", "plan.docx", plan)


def test_notes_and_problems() -> None:
    p = _preview()
    notes = row_notes(p.plan)
    assert notes[0] == ["ชื่อซ้ำกับแถวอื่น"]
    assert notes[1] == ["ไม่มีผู้รับผิดชอบ", "ชื่อซ้ำกับแถวอื่น"]
    assert plan_notes(p, 2570) == ["1 มาตรการไม่มีผู้รับผิดชอบ (จะไม่มีใครได้รับการเตือน)",
                                   "2 มาตรการมีชื่อซ้ำกับแถวอื่น"]  # fmt: skip
    assert "ปีงบประมาณ 2570 แต่ปีงบประมาณปัจจุบันคือ 2571" in plan_notes(p, 2571)[0]
    found = problems(p)
    assert any("กองดาว" in x for x in found) and any("ช่วงที่สะดวก" in x for x in found)
    assert plan_fiscal_year(PlanImport(measures=p.plan.measures[:1])) == 2570
    assert preview_from_json(preview_to_json(p)) == p


def test_fixing_cells_clears_the_problems() -> None:
    p = _preview()
    with pytest.raises(EditError, match="กองดาราศาสตร์"):
        edit_row(p, ORG, 1, "divisions", "กองดาราศาสตร์")
    with pytest.raises(EditError):
        edit_row(p, ORG, 1, "timeframe", "มี.ค. 70 - ต.ค. 69")
    with pytest.raises(EditError):
        edit_row(p, ORG, 5, "title", "x")
    with pytest.raises(EditError):
        edit_row(p, ORG, 0, "status", "x")
    assert len(problems(p)) == 2  # failed edits change nothing
    edit_row(p, ORG, 1, "divisions", "สำนักปลัด อบต. กองคลัง ,ช่าง")
    assert p.plan.measures[1].divisions == ["สำนักปลัด", "กองคลัง", "กองช่าง"]
    edit_row(p, ORG, 1, "timeframe", "ม.ค. 70 - มี.ค. 70")
    assert (p.plan.measures[1].start, p.plan.measures[1].end) == (
        date(2027, 1, 1),
        date(2027, 3, 31),
    )
    assert problems(p) == []
    edit_row(p, ORG, 1, "title", "มาตรการเผยแพร่ข้อมูล")
    assert row_notes(p.plan)[1] == []


def test_title_column_and_dropping_rows() -> None:
    p = _preview()
    choose_title(p, "method")
    assert [m.title for m in effective_plan(p).measures] == ["จัดทำคู่มือ", "เผยแพร่ข้อมูล"]
    assert effective_plan(p).measures[0].method == "จุดอ่อน: ไม่มีคู่มือ"
    edit_row(p, ORG, 0, "title", "จัดทำคู่มือการปฏิบัติงาน")
    assert effective_plan(p).measures[0].title == "จัดทำคู่มือการปฏิบัติงาน"
    with pytest.raises(EditError):
        choose_title(p, "divisions")
    with pytest.raises(EditError):
        choose_mode(p, "delete")
    choose_mode(p, "replace")
    dropped = drop_row(p, 1)
    assert dropped.method == "เผยแพร่ข้อมูล" and problems(p) == []
    with pytest.raises(EditError):
        drop_row(p, 1)
    drop_row(p, 0)
    assert problems(p) == ["ไม่พบมาตรการที่จะบันทึก"]
