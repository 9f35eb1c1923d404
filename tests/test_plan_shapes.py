"""The sample plans rebuilt in the shapes real plans come in import to the same measures.

A generator writes each sample's measures back into a Word file (python-docx) in a chosen
shape: tables split at random rows into continuation tables (with or without their header,
the first row continuing the last measure), the header repeated mid-table, a two-row header
with "ดำเนินการแล้ว"/"ยังไม่ดำเนินการ" status sub-columns, the assessment named in a paragraph
or a title row before a table, columns reordered, extra columns, a weakness column beside the
measure, numbered division lists, and analysis tables before the plan. Every shape must give
the measures of the sample's expected JSON.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.divisions import default_divisions
from bot.domain.model import Status
from bot.domain.thai import to_thai_digits
from bot.plan.docx_reader import read_docx_plan
from bot.plan.rows import ImportedMeasure, PlanImport, to_cli_json

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
SAMPLE_STEMS = [p.stem for p in sorted(SAMPLES.glob("*.docx"))]
THAI_NAMES = {"IIT": "ภายใน (IIT)", "EIT": "ภายนอก (EIT)", "OIT": "การเปิดเผยข้อมูลสาธารณะ (OIT)"}
STATUS_GROUP = "การกำกับติดตาม รายงานความก้าวหน้าและสรุปผล ณ สิ้นปีงบประมาณ"
WEAKNESS = "ประเด็นที่เป็นข้อบกพร่อง/จุดอ่อนจากการประเมิน"
BASE_COLUMNS = ("title", "method", "divisions", "timeframe", "status")


@dataclass(frozen=True)
class Shape:
    """How to lay a plan out; every field is one way real plans differ."""

    splits: tuple[int, ...] = ()  # measure positions where a continuation table starts
    split_header: bool = False  # continuation tables repeat the header
    continue_measure: bool = False  # a continuation table's first row is more of the last measure
    repeat_header_every: int = 0  # the header again inside a table every n measures
    status_columns: bool = False  # two-row header with done / not done sub-columns
    assessment_in: str = "paragraph"  # "paragraph", "long_paragraph" or "title_row"
    order: tuple[int, ...] = (0, 1, 2, 3, 4)  # a permutation of BASE_COLUMNS
    extra_columns: bool = False  # "ลำดับ", "งบประมาณ", "หมายเหตุ"
    weakness_column: bool = False  # the weakness beside the measure
    numbered_divisions: bool = False  # "๑.สำนักปลัด ๒.กองคลัง"
    analysis_tables: bool = False  # score tables before the plan
    method_header: str = "วิธีการดำเนินการ"


@dataclass
class Section:
    """Consecutive measures of one assessment, written as one table (or a split one)."""

    assessment: str | None
    measures: list[ImportedMeasure] = field(default_factory=list)


@functools.cache
def sample(stem: str) -> tuple[PlanImport, dict[str, Any]]:
    """Return a sample read from its Word file and its expected JSON."""
    plan = read_docx_plan(SAMPLES / f"{stem}.docx", default_divisions())
    expected = json.loads((SAMPLES / "expected" / f"{stem}.json").read_text("utf-8"))
    return plan, expected


def sections(plan: PlanImport) -> list[Section]:
    """Group the plan's measures into runs of one assessment."""
    out: list[Section] = []
    for m in plan.measures:
        assessment = m.assessment.value if m.assessment and not m.item else None
        if m.item:
            assessment = "OIT"
        if not out or out[-1].assessment != assessment:
            out.append(Section(assessment))
        out[-1].measures.append(m)
    return out


def division_text(m: ImportedMeasure, shape: Shape) -> str:
    if shape.numbered_divisions:
        return " ".join(f"{to_thai_digits(str(i))}.{d}" for i, d in enumerate(m.divisions, 1))
    return ", ".join(m.divisions)


def checkbox_text(status: Status | None) -> str:
    if status is None:
        return ""
    done = "☑" if status == Status.DONE else "☐"
    other = "☐" if status == Status.DONE else "☑"
    if status == Status.IN_PROGRESS:
        return "☐ ยังไม่ได้ดำเนินการ ☑ อยู่ระหว่างดำเนินการ ☐ ดำเนินการแล้ว"
    return f"{other} ยังไม่ได้ดำเนินการ {done} ดำเนินการ"


class Builder:
    """Write one shape of a plan as a Word document."""

    def __init__(self, plan: PlanImport, shape: Shape) -> None:
        self.plan = plan
        self.shape = shape
        self.doc = Document()

    def build(self, path: Path) -> Path:
        """Write the document and return its path."""
        year = to_thai_digits(str(self.plan.fiscal_year)) if self.plan.fiscal_year else "...."
        self.doc.add_paragraph(f"แผนมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {year}")
        if self.shape.analysis_tables:
            self._table([["อันดับ", "ตัวชี้วัด", "คะแนน"], ["1", "การปฏิบัติหน้าที่", "100.00"]])
            self._table(
                [
                    ["ตัวชี้วัดของการประเมิน ITA", "ประเด็นที่ต้องแก้ไข/ปรับปรุง"],
                    ["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)", "ปรับปรุงเว็บไซต์"],
                ]
            )
            self.doc.add_paragraph("แผนการดำเนินงาน")
        position = 0
        for number, section in enumerate(sections(self.plan), 1):
            self._section(number, section, position)
            position += len(section.measures)
        self.doc.save(str(path))
        return path

    def _columns(self, section: Section) -> list[str]:
        names = [BASE_COLUMNS[i] for i in self.shape.order]
        if any(m.item for m in section.measures):
            names.insert(0, "item")
        if self.shape.weakness_column:
            names.insert(names.index("title"), "weakness")
        if self.shape.extra_columns:
            names = ["number", *names, "budget", "note"]
        if self.shape.status_columns:
            at = names.index("status")
            names[at : at + 1] = ["done", "not_done"]
        return names

    def _header(self, names: list[str]) -> list[list[str]]:
        words = {
            "item": "ข้อ",
            "title": "มาตรการ",
            "weakness": WEAKNESS,
            "method": self.shape.method_header,
            "divisions": "ผู้รับผิดชอบ",
            "timeframe": "ระยะเวลาดำเนินการ",
            "status": "ผลการดำเนินการ",
            "number": "ที่",
            "budget": "งบประมาณ (บาท)",
            "note": "หมายเหตุ",
            "done": "ดำเนินการแล้ว",
            "not_done": "ยังไม่ดำเนินการ",
        }
        if not self.shape.status_columns:
            return [[words[n] for n in names]]
        top = [STATUS_GROUP if n in ("done", "not_done") else words[n] for n in names]
        bottom = [words[n] if n in ("done", "not_done") else "" for n in names]
        return [top, bottom]

    def _row(self, names: list[str], m: ImportedMeasure, number: int) -> list[str]:
        values = {
            "item": m.item or "",
            "title": m.title,
            "weakness": "คะแนนต่ำกว่าเกณฑ์",
            "method": m.method,
            "divisions": division_text(m, self.shape),
            "timeframe": m.timeframe_text,
            "status": checkbox_text(m.status),
            "number": to_thai_digits(str(number)),
            "budget": "๕๐,๐๐๐",
            "note": "",
            "done": "✓" if m.status == Status.DONE else "",
            "not_done": "✓" if m.status == Status.NOT_STARTED else "",
        }
        return [values[n] for n in names]

    def _section(self, number: int, section: Section, position: int) -> None:
        names = self._columns(section)
        header = self._header(names)
        title_row: list[list[str]] = []
        if section.assessment is not None:
            name = THAI_NAMES[section.assessment]
            if self.shape.assessment_in == "paragraph":
                self.doc.add_paragraph(
                    f"{to_thai_digits(str(number))}. ด้าน {section.assessment} พบว่า"
                )
            elif self.shape.assessment_in == "long_paragraph":
                self.doc.add_paragraph(f"ตารางผลการประเมินแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย{name}")
            else:
                title_row = [[f"แบบวัด{name}"] + [""] * (len(names) - 1)]
        tables: list[list[list[str]]] = [[*title_row, *header]]
        heads = [len(title_row) + len(header)]
        for offset, m in enumerate(section.measures):
            at = position + offset
            if offset and at in self.shape.splits:
                rest: list[list[str]] = []
                if self.shape.continue_measure:
                    last = tables[-1].pop()
                    method_at = names.index("method")
                    cut = [""] * len(names)
                    cut[method_at] = last[method_at] + "\n(ต่อ)"
                    last[method_at] = last[method_at] or "-"
                    tables[-1].append(last)
                    rest = [cut]
                tables.append([*(header if self.shape.split_header else []), *rest])
                heads.append(len(header) if self.shape.split_header else 0)
            elif (
                offset
                and self.shape.repeat_header_every
                and offset % self.shape.repeat_header_every == 0
            ):
                tables[-1] += header
            tables[-1].append(self._row(names, m, offset + 1))
        for rows in tables:
            self._table(
                rows, status_header=self.shape.status_columns and rows[: len(header)] == header
            )

    def _table(self, rows: list[list[str]], status_header: bool = False) -> None:
        width = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        slots = table._cells  # once: table.cell() walks the whole table on every call
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    slots[r * width + c].text = text
        spans: list[tuple[int, int, int]] = []  # (row, first column, last column)
        for r, row in enumerate(rows):
            if len(row) > 1 and row[0].startswith("แบบวัด") and not any(row[1:]):
                spans.append((r, 0, width - 1))  # a title row across the table
            if STATUS_GROUP in row:
                first = row.index(STATUS_GROUP)
                spans.append((r, first, first + 1))
                for c in range(width):
                    if c not in (first, first + 1) and r + 1 < len(rows) and not rows[r + 1][c]:
                        _merge_down(slots[r * width + c], slots[(r + 1) * width + c])
        for r, first, last in spans:
            text = table.cell(r, first).text
            table.cell(r, first).merge(table.cell(r, last)).text = text


def _merge_down(top: Any, below: Any) -> None:
    """Merge a cell with the one below it, as Word writes it (w:vMerge)."""
    for cell, value in ((top, "restart"), (below, None)):
        merge = OxmlElement("w:vMerge")
        if value:
            merge.set(qn("w:val"), value)
        cell._tc.get_or_add_tcPr().append(merge)


def assert_matches(plan: PlanImport, expected: dict[str, Any], shape: Shape) -> None:
    """Check the measures read from a shape against the sample's expected JSON."""
    measures = to_cli_json(plan)["measures"]
    assert len(measures) == len(expected["measures"]), shape
    for number, (got, want) in enumerate(zip(measures, expected["measures"], strict=True), 1):
        where = f"{shape} measure {number}: {got['title'][:40]!r}"
        assert got["title"].startswith(want["title_prefix"]), where
        for key in ("divisions", "start", "end", "assessment", "indicator", "item", "status"):
            if key in want:
                assert got[key] == want[key], f"{where} {key}"
        if "dates_any_of" in want:
            assert [got["start"], got["end"]] in want["dates_any_of"], where
    assert plan.unknown_divisions == []


def check_shape(stem: str, shape: Shape, folder: Path) -> None:
    """Rebuild one sample in one shape and check what the reader makes of it."""
    plan, expected = sample(stem)
    path = Builder(plan, shape).build(folder / f"{stem}-shape.docx")
    assert_matches(read_docx_plan(path, default_divisions()), expected, shape)


ONE_AT_A_TIME = {
    "plain": Shape(),
    "split": Shape(splits=(2, 5, 9, 20, 33)),
    "split_with_header": Shape(splits=(2, 5, 9, 20, 33), split_header=True),
    "split_continuing_a_measure": Shape(splits=(2, 5, 9, 20, 33), continue_measure=True),
    "header_repeated": Shape(repeat_header_every=2),
    "status_sub_columns": Shape(status_columns=True),
    "assessment_in_long_paragraph": Shape(assessment_in="long_paragraph"),
    "assessment_in_title_row": Shape(assessment_in="title_row"),
    "columns_reordered": Shape(order=(2, 4, 0, 3, 1)),
    "extra_columns": Shape(extra_columns=True),
    "weakness_beside_measure": Shape(
        weakness_column=True, method_header="แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ"
    ),
    "numbered_divisions": Shape(numbered_divisions=True),
    "analysis_tables_first": Shape(analysis_tables=True),
}


@pytest.mark.skipif(not SAMPLE_STEMS, reason="sample plans not available")
@pytest.mark.parametrize("stem", SAMPLE_STEMS)
@pytest.mark.parametrize("shape", ONE_AT_A_TIME.values(), ids=list(ONE_AT_A_TIME))
def test_each_shape_alone(stem: str, shape: Shape, tmp_path: Path) -> None:
    check_shape(stem, shape, tmp_path)


def shapes(count: int) -> st.SearchStrategy[Shape]:
    """Shapes in combination for a plan of count measures."""
    positions = st.lists(st.integers(1, max(1, count - 1)), max_size=4).map(
        lambda xs: tuple(sorted(set(xs)))
    )
    return st.builds(
        Shape,
        splits=positions,
        split_header=st.booleans(),
        continue_measure=st.booleans(),
        repeat_header_every=st.sampled_from([0, 0, 1, 3]),
        status_columns=st.booleans(),
        assessment_in=st.sampled_from(["paragraph", "long_paragraph", "title_row"]),
        order=st.permutations([0, 1, 2, 3, 4]).map(tuple),
        extra_columns=st.booleans(),
        weakness_column=st.booleans(),
        numbered_divisions=st.booleans(),
        analysis_tables=st.booleans(),
        method_header=st.sampled_from(
            ["วิธีการดำเนินการ", "แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ", "วิธีดำเนินการ"]
        ),
    )


@pytest.mark.skipif(not SAMPLE_STEMS, reason="sample plans not available")
@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_shapes_in_combination(stem: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    plan, _ = sample(stem)
    folder = tmp_path_factory.mktemp(stem)

    @settings(
        max_examples=20,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(shapes(len(plan.measures)))
    def combined(shape: Shape) -> None:
        check_shape(stem, shape, folder)

    combined()


def test_the_builder_really_changes_the_shape(tmp_path: Path) -> None:
    """A guard on the generator: a shape must show in the file it writes."""
    if not SAMPLE_STEMS:
        pytest.skip("sample plans not available")
    plan, _ = sample(max(SAMPLE_STEMS, key=lambda s: len(sample(s)[0].measures)))
    plain = Builder(plan, Shape()).build(tmp_path / "a.docx")
    shaped = Builder(plan, replace(Shape(), splits=(2,), split_header=True, status_columns=True))
    path = shaped.build(tmp_path / "b.docx")
    assert len(Document(str(path)).tables) > len(Document(str(plain)).tables)
    texts = [c.text for t in Document(str(path)).tables for r in t.rows for c in r.cells]
    assert "ดำเนินการแล้ว" in texts and STATUS_GROUP in texts
