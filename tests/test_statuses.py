import pytest

from bot.domain.model import Status
from bot.domain.statuses import PercentError, parse_percent, parse_status, split_status_prefix


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("เสร็จ", Status.DONE),
        ("เสร็จแล้ว", Status.DONE),
        ("ดำเนินการแล้ว", Status.DONE),
        ("ดำเนินการ แล้ว", Status.DONE),
        ("ยังไม่ได้ดำเนินการ", Status.NOT_STARTED),
        ("ยังไม่ดำเนินการ", Status.NOT_STARTED),
        ("อยู่ระหว่างดำเนินการ", Status.IN_PROGRESS),
        ("กำลังทำ", Status.IN_PROGRESS),
        ("done", Status.DONE),
        ("In progress", Status.IN_PROGRESS),
        ("", None),
        ("สวัสดี", None),
    ],
)
def test_parse_status(text: str, expected: Status | None) -> None:
    assert parse_status(text) is expected


def test_split_status_prefix() -> None:
    assert split_status_prefix("เสร็จ จัดทำคู่มือแล้ว") == (Status.DONE, "จัดทำคู่มือแล้ว")
    assert split_status_prefix("ยังไม่ได้ดำเนินการ รองบประมาณ") == (
        Status.NOT_STARTED,
        "รองบประมาณ",
    )
    assert split_status_prefix("กำลังทำ 50%") == (Status.IN_PROGRESS, "50%")
    assert split_status_prefix("donexyz") is None
    assert split_status_prefix("จัดทำคู่มือ") is None


@pytest.mark.parametrize("text", ["150%", "ร้อยละ 101", "ทำแล้ว 1500%", "๒๐๐%", "-5%"])
def test_percent_outside_0_to_100_is_refused(text: str) -> None:
    with pytest.raises(PercentError) as error:
        parse_percent(text)
    assert error.value.text  # the number as typed, for the answer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ประชุมแล้ว ๕๐%", (50, "ประชุมแล้ว")),
        ("ร้อยละ 0 ยังไม่เริ่ม", (0, "ยังไม่เริ่ม")),
        ("100 %", (100, "")),
        ("ไม่มีร้อยละ", (None, "ไม่มีร้อยละ")),
    ],
)
def test_percent_is_read_and_removed(text: str, expected: tuple[int | None, str]) -> None:
    assert parse_percent(text) == expected
