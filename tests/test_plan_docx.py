"""Importing measure plans from Word files: the samples and the shapes they come in."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from bot.domain.divisions import default_divisions
from bot.domain.model import Assessment, Status
from bot.plan.docx_reader import read_docx_plan
from bot.plan.rows import PlanImport, PlanImportError, to_cli_json

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.docx"))

HEADER = ["มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินการ"]
FY = "แผนมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"

Block = str | list[list[str]] | dict[str, Any]


def build(path: Path, *blocks: Block) -> Path:
    """Write a .docx with paragraphs (str) and tables (rows, or {"rows", "merge", "shade"})."""
    doc = Document()
    for block in blocks:
        if isinstance(block, str):
            doc.add_paragraph(block)
            continue
        spec = block if isinstance(block, dict) else {"rows": block}
        rows: list[list[str]] = spec["rows"]
        table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    table.cell(r, c).text = text
        for (r1, c1), (r2, c2) in spec.get("merge", []):
            text = table.cell(r1, c1).text
            merged = table.cell(r1, c1).merge(table.cell(r2, c2))
            merged.text = text
        for r, c in spec.get("shade", []):
            shd = OxmlElement("w:shd")
            shd.set(qn("w:val"), "clear")
            shd.set(qn("w:fill"), "A6A6A6")
            table.cell(r, c)._tc.get_or_add_tcPr().append(shd)
    doc.save(str(path))
    return path


def read(path: Path) -> PlanImport:
    return read_docx_plan(path, default_divisions())


# --- the three sample plans -------------------------------------------------------------


@pytest.mark.skipif(not SAMPLE_FILES, reason="sample plans not available")
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample_matches_expected(sample: Path) -> None:
    expected = json.loads((SAMPLES / "expected" / f"{sample.stem}.json").read_text("utf-8"))
    plan = read(sample)
    measures = to_cli_json(plan)["measures"]
    assert len(measures) == len(expected["measures"])
    for number, (got, want) in enumerate(zip(measures, expected["measures"], strict=True), 1):
        where = f"measure {number}: {got['title'][:40]!r}"
        assert got["title"].startswith(want["title_prefix"]), where
        for key in ("divisions", "start", "end", "assessment", "indicator", "item", "status"):
            if key in want:
                assert got[key] == want[key], f"{where} {key}"
        if "dates_any_of" in want:
            assert [got["start"], got["end"]] in want["dates_any_of"], where
    assert plan.unknown_divisions == []


@pytest.mark.skipif(not SAMPLE_FILES, reason="sample plans not available")
def test_largest_sample_imports_fast() -> None:
    sample = max(SAMPLE_FILES, key=lambda p: p.stat().st_size)
    best = min(_timed(sample) for _ in range(3))
    assert best < 0.5, f"{sample.name} took {best:.3f}s"


def _timed(path: Path) -> float:
    started = time.perf_counter()
    read(path)
    return time.perf_counter() - started


# --- table shapes ------------------------------------------------------------------------


def test_cli_json_shape(tmp_path: Path) -> None:
    path = build(
        tmp_path / "p.docx", FY, [HEADER, ["จัดทำคู่มือ", "วิธี", "กองคลัง", "ม.ค. 66 - มี.ค. 66", ""]]
    )
    data = to_cli_json(read(path))
    assert set(data) == {"measures", "warnings"}
    keys = {"title", "method", "divisions", "start", "end", "timeframe_text", "status"}
    keys |= {"assessment", "indicator", "item", "warnings"}
    assert set(data["measures"][0]) == keys
    assert data["measures"][0]["start"] == "2023-01-01"
    assert data["measures"][0]["end"] == "2023-03-31"
    assert data["measures"][0]["status"] is None


def test_measure_table_found_among_others(tmp_path: Path) -> None:
    path = build(
        tmp_path / "p.docx",
        FY,
        [["ตัวชี้วัด", "คะแนน"], ["๑. การปฏิบัติหน้าที่", "๑๐๐"]],
        [["ที่", "ชื่อ - สกุล", "ตำแหน่ง", "หมายเหตุ"], ["๑.", "นายสมชาย ใจดี", "ปลัด", ""]],
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
        [HEADER, ["ปรับปรุงการให้บริการ", "สำรวจความพึงพอใจ", "สำนักปลัด", "ต.ค. ๖๕ – มี.ค. ๖๖", ""]],
        [["ที่", "ชื่อ - สกุล", "ตำแหน่ง"], ["๑.", "นางสาวสมหญิง", "นิติกร"]],
    )
    plan = read(path)
    assert [m.title for m in plan.measures] == ["ปรับปรุงการให้บริการ"]
    m = plan.measures[0]
    assert m.assessment == Assessment.EIT
    assert (m.start, m.end) == (date(2022, 10, 1), date(2023, 3, 31))
    assert m.source == "ตาราง 3 แถว 2"
    assert plan.fiscal_year == 2566


def test_indicator_header_checkboxes_and_all_divisions(tmp_path: Path) -> None:
    header = ["ตัวชี้วัด", "แนวทางในการยกระดับการประเมิน", "ผู้รับผิดชอบ", "ระยะเวลา"]
    header.append("ความก้าวหน้าผลการดำเนินการ")
    path = build(
        tmp_path / "p.docx",
        "ประเด็นการประเมิน IIT",
        [
            header,
            [
                "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่",
                "ก",
                "ทุกส่วนงาน",
                "ต.ค.๖๕ - ก.ย.๖๖",
                "☐ ยังไม่ได้ดำเนินการ ☑ ดำเนินการ - ทำแล้ว",
            ],
            [
                "ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน",
                "ข",
                "สำนักปลัด",
                "ต.ค.๖๕ - ก.ย.๖๖",
                "☑ ยังไม่ได้ดำเนินการ ☐ ดำเนินการ",
            ],
            [
                "ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร",
                "ค",
                "สำนักปลัด",
                "ต.ค.๖๕ - ก.ย.๖๖",
                "☐ ยังไม่ได้ดำเนินการ ☐ ดำเนินการ",
            ],
        ],
    )
    first, second, third = read(path).measures
    assert (first.indicator, first.assessment, first.status) == (1, Assessment.IIT, Status.DONE)
    assert first.divisions == [d.name for d in default_divisions()]
    assert first.result_text == "ทำแล้ว"
    # Indicators 6-8 are EIT even under an IIT heading.
    assert (second.indicator, second.assessment, second.status) == (
        6,
        Assessment.EIT,
        Status.NOT_STARTED,
    )
    assert third.status is None
    assert any("ไม่ได้เลือกสถานะ" in w for w in third.warnings)


def test_two_row_header_with_status_columns(tmp_path: Path) -> None:
    rows = [
        [
            "ประเด็นที่เป็นข้อบกพร่อง",
            "แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ",
            "ผู้รับผิดชอบ",
            "ระยะเวลา",
            "สถานะ",
            "",
        ],
        ["", "", "", "", "ดำเนินการแล้ว", "ยังไม่ดำเนินการ"],
        [
            "ไม่มีรายงานรอบ ๖ เดือน",
            "จัดทำรายงาน",
            "กองยุทธศาสตร์ และงบประมาณ",
            "๑ ต.ค. ๖๕ - ๓๑ มี.ค. ๖๖",
            "✓",
            "",
        ],
        ["ไม่มีคู่มือ", "จัดทำคู่มือ", "กองคลัง", "ปีงบประมาณ 2566", "", "/"],
    ]
    merge = [((0, c), (1, c)) for c in range(4)] + [((0, 4), (0, 5))]
    plan = read(build(tmp_path / "p.docx", {"rows": rows, "merge": merge}))
    first, second = plan.measures
    assert first.title == "ไม่มีรายงานรอบ ๖ เดือน"
    assert first.divisions == ["กองยุทธศาสตร์และงบประมาณ"]
    assert (first.start, first.end, first.status) == (
        date(2022, 10, 1),
        date(2023, 3, 31),
        Status.DONE,
    )
    assert second.status == Status.NOT_STARTED
    assert second.source == "ตาราง 1 แถว 4"


def test_oit_item_table_with_heading_rows(tmp_path: Path) -> None:
    rows = [
        ["ตัวชี้วัดย่อยที่ ๙.๑ ข้อมูลพื้นฐาน", "", "", "", ""],
        ["ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล", "ผู้รับผิดชอบ", "ความก้าวหน้าผลการดำเนินการ"],
        ["๐๑", "โครงสร้าง", "แผนผัง", "สำนักปลัด", "☐ ยังไม่ได้ดำเนินการ ☑ ดำเนินการ"],
        ["การบริหารเงินงบประมาณ", "", "", "", ""],
        ["O12", "รายงานการกำกับติดตาม", "รอบ ๖ เดือน", "กองคลัง", ""],
        ["๑๓", "รายงานผลการดำเนินงาน", "", "", ""],
        ["ข้อ ก", "อื่นๆ", "", "กองช่าง", ""],
    ]
    merge = [((0, 0), (0, 4)), ((3, 0), (3, 4))]
    plan = read(
        build(tmp_path / "p.docx", FY, "ประเด็นการประเมิน OIT", {"rows": rows, "merge": merge})
    )
    items = [(m.item, m.title, m.assessment, m.indicator) for m in plan.measures]
    assert items == [
        ("O1", "โครงสร้าง", Assessment.OIT, 9),
        ("O12", "รายงานการกำกับติดตาม", Assessment.OIT, 9),
        ("O13", "รายงานผลการดำเนินงาน", Assessment.OIT, 9),
        (None, "อื่นๆ", Assessment.OIT, 9),
    ]
    assert plan.measures[0].method == "แผนผัง"
    assert plan.measures[0].status == Status.DONE
    # No timeframe column: the fiscal year stated in the document, flagged.
    assert all(m.timeframe_defaulted for m in plan.measures)
    assert (plan.measures[0].start, plan.measures[0].end) == (date(2022, 10, 1), date(2023, 9, 30))
    assert any("2566" in w for w in plan.measures[0].warnings)
    assert any("ไม่ได้ระบุผู้รับผิดชอบ" in w and "แถว 6" in w for w in plan.measures[2].warnings)
    assert any('"ข้อ ก"' in w for w in plan.measures[3].warnings)


def test_title_row_above_the_header_sets_the_assessment(tmp_path: Path) -> None:
    rows = [
        ["มาตรการ ... จากการประเมินการเปิดเผยข้อมูลสาธารณะ", "", "", ""],
        ["มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา", "การติดตามผล"],
        ["เผยแพร่ข้อมูล", "สำนักปลัด", "ม.ค. ๖๖ - มี.ค. ๖๖", "รายงานทุกเดือน"],
    ]
    plan = read(build(tmp_path / "p.docx", {"rows": rows, "merge": [((0, 0), (0, 3))]}))
    assert plan.measures[0].assessment == Assessment.OIT
    assert plan.measures[0].follow_up == "รายงานทุกเดือน"


# --- continuation rows and split tables ---------------------------------------------------


def test_continuation_rows_are_merged(tmp_path: Path) -> None:
    path = build(
        tmp_path / "p.docx",
        FY,
        [
            HEADER,
            [
                "๑. การใช้อำนาจ ๑) มอบหมายงาน",
                "๑) ประชุม",
                "สำนักปลัด",
                "ม.ค. ๖๖ - มี.ค. ๖๖",
                "๑. ประชุมแล้ว",
            ],
            ["๒) ประเมินความเสี่ยง", "๒) กำหนดมาตรการ", "", "", "๒. ประกาศแล้ว"],
        ],
        # The same table on the next page, header repeated, still continuing.
        [HEADER, ["๓) เผยแพร่ช่องทาง", "๓) แจ้งเวียน", "", "", ""]],
        # Next page without a header: same columns, one more line then a new measure.
        [
            ["๔) แต่งตั้งคณะกรรมการ", "", "", "", ""],
            ["จัดทำคู่มือ", "เผยแพร่", "กองคลัง", "-", ""],
        ],
    )
    plan = read(path)
    assert len(plan.measures) == 2
    first, second = plan.measures
    assert first.title.split("\n") == [
        "๑. การใช้อำนาจ ๑) มอบหมายงาน",
        "๒) ประเมินความเสี่ยง",
        "๓) เผยแพร่ช่องทาง",
        "๔) แต่งตั้งคณะกรรมการ",
    ]
    assert first.method == "๑) ประชุม\n๒) กำหนดมาตรการ\n๓) แจ้งเวียน"
    assert first.result_text == "๑. ประชุมแล้ว\n๒. ประกาศแล้ว"
    assert first.warnings == []
    assert (second.start, second.end, second.timeframe_text) == (None, None, "-")
    assert second.warnings == []
    assert second.source == "ตาราง 3 แถว 2"


def test_text_between_tables_ends_the_measure(tmp_path: Path) -> None:
    path = build(
        tmp_path / "p.docx",
        [HEADER, ["จัดทำคู่มือ", "", "กองคลัง", "ม.ค. ๖๖", ""]],
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน",
        [HEADER, ["บรรยายเรื่องจริยธรรม", "", "", "", ""]],
        "ภาคผนวก",
        [["ข้อความต่อจากตาราง", "", "", "", ""]],
    )
    plan = read(path)
    assert [m.title for m in plan.measures] == ["จัดทำคู่มือ", "บรรยายเรื่องจริยธรรม"]
    second = plan.measures[1]
    assert second.assessment == Assessment.IIT
    assert any("ไม่ได้ระบุผู้รับผิดชอบ" in w for w in second.warnings)
    assert any("ไม่ได้ระบุระยะเวลา" in w for w in second.warnings)
    assert plan.fiscal_year is None and second.start is None


def test_headerless_table_with_other_columns_is_reported(tmp_path: Path) -> None:
    path = build(
        tmp_path / "p.docx",
        [HEADER, ["จัดทำคู่มือ", "", "กองคลัง", "ม.ค. ๖๖", ""]],
        [["ต่อ", "ต่อ"]],
    )
    plan = read(path)
    assert len(plan.measures) == 1
    assert plan.warnings and "ตาราง 2" in plan.warnings[0]


def test_vertically_merged_cells(tmp_path: Path) -> None:
    rows = [
        ["มาตรการ", "วิธีการ", "ผู้รับผิดชอบ", "ระยะเวลา"],
        ["ส่งเสริมความโปร่งใส", "เผยแพร่ข้อมูล", "กองช่าง", "ต.ค. ๖๕ - ธ.ค. ๖๕"],
        ["", "รับฟังความคิดเห็น", "", ""],
        ["", "ประชาคม", "กองสวัสดิการ สังคม", "ม.ค. ๖๖ - มี.ค. ๖๖"],
        ["ลดขั้นตอน", "คู่มือ", "สำนักปลัด", "ปีงบประมาณ ๒๕๖๖"],
        ["ตรวจสอบภายใน", "ตรวจ", "", "ปีงบประมาณ ๒๕๖๖"],
    ]
    merge = [((1, 0), (3, 0)), ((1, 2), (2, 2)), ((1, 3), (2, 3)), ((4, 2), (5, 2))]
    plan = read(build(tmp_path / "p.docx", {"rows": rows, "merge": merge}))
    titles = [(m.title, m.method, m.divisions) for m in plan.measures]
    assert titles == [
        ("ส่งเสริมความโปร่งใส", "เผยแพร่ข้อมูล\nรับฟังความคิดเห็น", ["กองช่าง"]),
        ("ส่งเสริมความโปร่งใส", "ประชาคม", ["กองสวัสดิการสังคม"]),
        ("ลดขั้นตอน", "คู่มือ", ["สำนักปลัด"]),
        ("ตรวจสอบภายใน", "ตรวจ", ["สำนักปลัด"]),
    ]


def test_month_by_month_timetable(tmp_path: Path) -> None:
    months = [
        "ต.ค.",
        "พ.ย.",
        "ธ.ค.",
        "ม.ค.",
        "ก.พ.",
        "มี.ค.",
        "เม.ย.",
        "พ.ค.",
        "มิ.ย.",
        "ก.ค.",
        "ส.ค.",
        "ก.ย.",
    ]
    rows = [
        ["โครงการ/กิจกรรม", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ"] + [""] * 11,
        ["", ""] + months,
        ["อบรมจริยธรรม", "สำนักปลัด", "", "", "", "✓", "✓", "✓"] + [""] * 6,
        ["ประเมินความเสี่ยง", "กองคลัง"] + [""] * 12,
    ]
    merge = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 13))]
    shade = [(3, 11), (3, 12), (3, 13)]
    plan = read(build(tmp_path / "p.docx", FY, {"rows": rows, "merge": merge, "shade": shade}))
    first, second = plan.measures
    assert (first.start, first.end) == (date(2023, 1, 1), date(2023, 3, 31))
    assert (second.start, second.end) == (date(2023, 7, 1), date(2023, 9, 30))
    assert not first.timeframe_defaulted and first.warnings == []


# --- timeframes and divisions --------------------------------------------------------------


def test_timeframe_problems_are_warnings(tmp_path: Path) -> None:
    path = build(
        tmp_path / "p.docx",
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ ให้ผ่านเกณฑ์ภายในปีงบประมาณ พ.ศ. ๒๕๗๐",
        [
            HEADER,
            ["ก", "", "กองคลัง", "เมื่อว่าง", ""],
            ["ข", "", "กองคลัง", "ม.ค. - มี.ค.", ""],
            ["ค", "", "กองคลัง, กองสาธารณสุข", "ไตรมาส ๒", ""],
        ],
    )
    plan = read(path)
    assert plan.fiscal_year == 2566
    bad, months, quarter = plan.measures
    assert (bad.start, bad.end, bad.timeframe_text) == (None, None, "เมื่อว่าง")
    assert any('"ระยะเวลาดำเนินการ"' in w for w in bad.warnings)
    assert (months.start, months.end) == (date(2023, 1, 1), date(2023, 3, 31))
    assert (quarter.start, quarter.end) == (date(2023, 1, 1), date(2023, 3, 31))
    assert quarter.divisions == ["กองคลัง"]
    assert plan.unknown_divisions == ["กองสาธารณสุข"]
    assert any("กองสาธารณสุข" in w for w in quarter.warnings)


# --- files that are not plans --------------------------------------------------------------


def test_text_file_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_text("มาตรการ ผู้รับผิดชอบ ระยะเวลา", encoding="utf-8")
    with pytest.raises(PlanImportError) as caught:
        read(path)
    assert caught.value.code == "unreadable_file"
    assert "plan.docx" in caught.value.message


def test_password_protected_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    with pytest.raises(PlanImportError) as caught:
        read(path)
    assert caught.value.code == "encrypted_docx"


def test_zip_that_is_not_a_word_file(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(PlanImportError) as caught:
        read(path)
    assert caught.value.code == "unreadable_file"


def test_only_a_score_table(tmp_path: Path) -> None:
    path = build(
        tmp_path / "scores.docx",
        FY,
        [["ตัวชี้วัด", "ระดับคะแนน"], ["๑. การปฏิบัติหน้าที่", "๑๐๐"], ["๒. การใช้งบประมาณ", "๙๙.๖๓"]],
    )
    with pytest.raises(PlanImportError) as caught:
        read(path)
    assert caught.value.code == "no_measure_table"
    assert caught.value.message


def test_table_inside_a_page_frame(tmp_path: Path) -> None:
    path = tmp_path / "framed.docx"
    doc = Document()
    frame = doc.add_table(rows=1, cols=1)
    cell = frame.cell(0, 0)
    cell.paragraphs[0].text = "มาตรการตามแบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT)"
    inner = cell.add_table(rows=2, cols=3)
    for c, text in enumerate(["มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา"]):
        inner.cell(0, c).text = text
    for c, text in enumerate(["เผยแพร่ข้อมูล", "สำนักปลัด", "ม.ค. 66"]):
        inner.cell(1, c).text = text
    doc.save(str(path))
    (m,) = read(path).measures
    assert (m.title, m.divisions, m.assessment) == ("เผยแพร่ข้อมูล", ["สำนักปลัด"], Assessment.OIT)
    assert (m.start, m.end) == (date(2023, 1, 1), date(2023, 1, 31))


def test_bracket_ticks_and_fiscal_year_in_table_title(tmp_path: Path) -> None:
    rows = [
        ["แผนมาตรการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗", "", "", ""],
        ["มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา", "ผลการดำเนินการ"],
        ["ก", "กองคลัง", "ม.ค. - มี.ค.", "( / ) ดำเนินการแล้ว ( ) ยังไม่ได้ดำเนินการ จัดประชุมแล้ว"],
        ["ข", "กองคลัง", "", "( ) ดำเนินการแล้ว ( / ) ยังไม่ได้ดำเนินการ"],
    ]
    plan = read(build(tmp_path / "p.docx", {"rows": rows, "merge": [((0, 0), (0, 3))]}))
    first, second = plan.measures
    assert plan.fiscal_year == 2567
    assert (first.start, first.end, first.status) == (
        date(2024, 1, 1),
        date(2024, 3, 31),
        Status.DONE,
    )
    assert first.result_text == "จัดประชุมแล้ว"
    assert second.status == Status.NOT_STARTED
    assert second.timeframe_defaulted
    assert (second.start, second.end) == (date(2023, 10, 1), date(2024, 9, 30))


def test_sibling_measures_sharing_a_merged_owner(tmp_path: Path) -> None:
    rows = [
        ["มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา"],
        ["จัดทำคู่มือ", "งานนิติการ สำนักปลัดฯ", "ปีงบประมาณ ๒๕๖๖"],
        ["เผยแพร่คู่มือ", "", ""],
    ]
    merge = [((1, 1), (2, 1)), ((1, 2), (2, 2))]
    plan = read(build(tmp_path / "p.docx", {"rows": rows, "merge": merge}))
    assert [(m.title, m.divisions, m.end) for m in plan.measures] == [
        ("จัดทำคู่มือ", ["สำนักปลัด"], date(2023, 9, 30)),
        ("เผยแพร่คู่มือ", ["สำนักปลัด"], date(2023, 9, 30)),
    ]


def test_indicator_rows_group_the_measures_below(tmp_path: Path) -> None:
    rows = [
        ["มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา"],
        ["ตัวชี้วัดที่ ๒ การใช้งบประมาณ", "", ""],
        ["เผยแพร่แผนการใช้จ่ายงบประมาณ", "กองคลัง", "ต.ค. ๖๕ - ธ.ค. ๖๕"],
        ["ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร", "", ""],
        ["ปรับปรุงเว็บไซต์", "สำนักปลัด", "ม.ค. ๖๖"],
    ]
    plan = read(build(tmp_path / "p.docx", rows))
    got = [(m.title, m.indicator, m.assessment) for m in plan.measures]
    assert got == [
        ("เผยแพร่แผนการใช้จ่ายงบประมาณ", 2, Assessment.IIT),
        ("ปรับปรุงเว็บไซต์", 7, Assessment.EIT),
    ]


def test_fiscal_year_is_the_plan_year_not_the_results_or_a_target(tmp_path: Path) -> None:
    path = build(
        tmp_path / "p.docx",
        "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๕ ได้ ๘๐.๖๑ คะแนน",
        "วิเคราะห์ผลการประเมิน ประจำปีงบประมาณ พ.ศ. ๒๕๖๕",
        "เป้าหมายให้ผ่านเกณฑ์ในปีงบประมาณ พ.ศ. ๒๕๗๐",
        "แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ ในปีงบประมาณ พ.ศ. ๒๕๖๖",
        [HEADER, ["ก", "", "กองคลัง", "", ""]],
    )
    plan = read(path)
    assert plan.fiscal_year == 2566
    assert plan.measures[0].timeframe_defaulted
    assert plan.measures[0].end == date(2023, 9, 30)


def test_row_of_column_numbers_under_the_header(tmp_path: Path) -> None:
    rows = [
        ["ที่", "มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา", "งบประมาณ"],
        ["(๑)", "(๒)", "(๓)", "(๔)", "(๕)"],
        ["๑", "อบรมคุณธรรม", "สำนักปลัด", "ไตรมาส ๒/๒๕๖๖", "๒๐,๐๐๐"],
    ]
    (m,) = read(build(tmp_path / "p.docx", rows)).measures
    assert (m.title, m.divisions) == ("อบรมคุณธรรม", ["สำนักปลัด"])
    assert (m.start, m.end) == (date(2023, 1, 1), date(2023, 3, 31))
    assert m.method == "งบประมาณ: ๒๐,๐๐๐"
    assert m.source == "ตาราง 1 แถว 3"
