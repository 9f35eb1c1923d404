import pytest

from bot.model import Status
from bot.statuses import parse_status, split_status_prefix


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
