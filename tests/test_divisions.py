"""Matching the responsible-division cell of a plan against an organisation's divisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.domain.divisions import DivisionMatcher, default_divisions, normalise
from bot.domain.model import Division

EXPECTED = Path(__file__).resolve().parents[2] / "shared" / "samples" / "expected"

PALAD = "สำนักปลัด"
KLANG = "กองคลัง"
CHANG = "กองช่าง"
SUKSA = "กองการศึกษา ศาสนาและวัฒนธรรม"
SAWAT = "กองสวัสดิการสังคม"
YUT = "กองยุทธศาสตร์และงบประมาณ"
ALL = [PALAD, KLANG, CHANG, SUKSA, SAWAT, YUT]


@pytest.fixture(scope="module")
def matcher() -> DivisionMatcher:
    return DivisionMatcher(default_divisions())


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("สำนักปลัด อบต. กองคลัง ,ช่าง", [PALAD, KLANG, CHANG]),
        ("๑.สำนักปลัด ๒.กองคลัง ๓.กองช่าง", [PALAD, KLANG, CHANG]),
        ("1. สำนักปลัด\n2. กองคลัง", [PALAD, KLANG]),
        ("สำนักปลัด\nกองคลังกองช่างกองการศึกษาฯ", [PALAD, KLANG, CHANG, SUKSA]),
        ("กองยุทธศาสตร์ และงบประมาณ, กองสวัสดิการ สังคม", [YUT, SAWAT]),
        ("งานนิติการ สำนักปลัดฯ", [PALAD]),
        ("งานการเจ้าหน้าที่ สำนักปลัดฯ", [PALAD]),
        ("งานนิติการ", [PALAD]),
        ("สำนักงานปลัด", [PALAD]),
        ("สำนักงาน\nปลัด", [PALAD]),
        ("สำนักปลัดเทศบาล", [PALAD]),
        ("สำนักปลัด ทต.", [PALAD]),
        ("สำนักปลัด อบต.คลองขนาก", [PALAD]),
        ("ช่าง", [CHANG]),
        ("คลัง", [KLANG]),
        ("กองการศึกษา", [SUKSA]),
        ("กองการศึกษาศาสนาและวัฒนธรรม", [SUKSA]),
        ("ผอ.กองช่าง", [CHANG]),
        ("สำนักปลัด/กองคลัง", [PALAD, KLANG]),
        ("กองคลัง สำนักปลัด กองคลัง", [KLANG, PALAD]),
        ("-", []),
        ("", []),
    ],
)
def test_cell_shapes(matcher: DivisionMatcher, cell: str, expected: list[str]) -> None:
    match = matcher.match(cell)
    assert match.divisions == expected
    assert match.unknown == []
    assert not match.is_all


@pytest.mark.parametrize("cell", ["ทุกส่วนงาน", "ทุกกอง", "ทุกส่วนราชการ", "ทุกกอง/สำนัก", "ทุก ส่วนงาน"])
def test_every_division(matcher: DivisionMatcher, cell: str) -> None:
    match = matcher.match(cell)
    assert match.is_all
    assert match.divisions == ALL
    assert match.unknown == []


def test_unknown_pieces_are_reported_as_written(matcher: DivisionMatcher) -> None:
    match = matcher.match("สำนักปลัด, กองสาธารณสุขและสิ่งแวดล้อม\nหน่วยตรวจสอบภายใน")
    assert match.divisions == [PALAD]
    assert match.unknown == ["กองสาธารณสุขและสิ่งแวดล้อม", "หน่วยตรวจสอบภายใน"]


def test_short_form_is_not_taken_from_another_division_name(matcher: DivisionMatcher) -> None:
    # "กองช่างสุขาภิบาล" is not กองช่าง + something; but "ส่วนช่าง..." must not become กองช่าง.
    match = matcher.match("กองคลังจังหวัด")
    assert match.divisions == [KLANG]
    assert match.unknown == ["จังหวัด"]


def test_matches_the_organisations_own_set() -> None:
    divisions = [
        Division("สำนักปลัด", units=("งานนิติการ",)),
        Division("กองคลัง"),
        Division("กองสาธารณสุขและสิ่งแวดล้อม"),
        Division("หน่วยตรวจสอบภายใน"),
    ]
    matcher = DivisionMatcher(divisions)
    match = matcher.match("กองสาธารณสุข และสิ่งแวดล้อม, หน่วยตรวจสอบภายใน งานนิติการ")
    assert match.divisions == ["กองสาธารณสุขและสิ่งแวดล้อม", "หน่วยตรวจสอบภายใน", "สำนักปลัด"]
    assert matcher.match("กองสาธารณสุขฯ").divisions == ["กองสาธารณสุขและสิ่งแวดล้อม"]
    # กองช่าง is not a division of this organisation.
    assert matcher.match("กองช่าง").divisions == []
    assert matcher.match("กองช่าง").unknown == ["กองช่าง"]
    assert matcher.match("ทุกกอง").divisions == [d.name for d in divisions]


def test_aliases_and_ambiguous_short_forms() -> None:
    divisions = [
        Division("กองช่าง", aliases=("กองโยธา",)),
        Division("ส่วนช่าง"),  # "ช่าง" now names two divisions: not a short form any more
    ]
    matcher = DivisionMatcher(divisions)
    assert matcher.match("กองโยธา").divisions == ["กองช่าง"]
    assert matcher.match("ส่วนช่าง กองช่าง").divisions == ["ส่วนช่าง", "กองช่าง"]
    assert matcher.match("ช่าง").divisions == []
    assert matcher.match("ช่าง").unknown == ["ช่าง"]


def test_normalise_drops_spaces_digits_punctuation_and_abbreviation_marks() -> None:
    assert normalise(" ๑. กองยุทธศาสตร์ และงบประมาณฯ, ") == "กองยุทธศาสตร์และงบประมาณ"
    # Sara am typed as nikhahit + sara aa.
    assert normalise("ส\u0e4d\u0e32นักปลัด") == "สำนักปลัด"


def test_default_divisions_match_the_sample_organisations() -> None:
    names = [d.name for d in default_divisions()]
    assert names == ALL
    for path in sorted(EXPECTED.glob("*.json")):
        assert names == json.loads(path.read_text(encoding="utf-8"))["org_divisions"]
    palad = default_divisions()[0]
    assert {"งานนิติการ", "งานการเจ้าหน้าที่"} <= set(palad.units)
