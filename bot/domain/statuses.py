"""Reading a status from the words people type or write in plan cells."""

from __future__ import annotations

import re

from bot.domain.model import Status
from bot.domain.thai import to_arabic_digits

_PERCENT = re.compile(r"(?:ร้อยละ\s*(-?\d+)|(?<![\d.])(-?\d+)\s*%)")


class PercentError(ValueError):
    """A percent outside 0-100; ``text`` is the number as the person wrote it."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


# Checked in order: "ยังไม่ได้ดำเนินการ" must not be read as "ดำเนินการ" (done).
_WORDS: list[tuple[Status, tuple[str, ...]]] = [
    (
        Status.NOT_STARTED,
        (
            "ยังไม่ได้ดำเนินการ",
            "ยังไม่ดำเนินการ",
            "ยังไม่ได้ทำ",
            "ยังไม่ทำ",
            "ยังไม่เริ่ม",
            "ไม่ได้ดำเนินการ",
            "notstarted",
            "not_started",
            "todo",
        ),
    ),
    (
        Status.IN_PROGRESS,
        (
            "อยู่ระหว่างดำเนินการ",
            "ระหว่างดำเนินการ",
            "กำลังดำเนินการ",
            "กำลังทำ",
            "อยู่ระหว่าง",
            "ดำเนินการบางส่วน",
            "ทำอยู่",
            "inprogress",
            "in_progress",
            "doing",
            "ongoing",
        ),
    ),
    (
        Status.DONE,
        (
            "ดำเนินการแล้วเสร็จ",
            "ดำเนินการแล้ว",
            "ดำเนินการเสร็จ",
            "เสร็จสิ้น",
            "เสร็จแล้ว",
            "เสร็จ",
            "ทำแล้ว",
            "แล้วเสร็จ",
            "เรียบร้อย",
            "ดำเนินการ",
            "done",
            "finished",
            "complete",
            "completed",
        ),
    ),
]


def parse_status(text: str) -> Status | None:
    """Return the status a word or phrase names (Thai or English), or None."""
    compact = re.sub(r"\s+", "", text.strip().lower())
    if not compact:
        return None
    for status, words in _WORDS:
        if compact in words:
            return status
    for status, words in _WORDS:
        if any(compact.startswith(w) for w in words):
            return status
    return None


def split_status_prefix(text: str) -> tuple[Status, str] | None:
    """Split "เสร็จ จัดทำคู่มือแล้ว" into (DONE, "จัดทำคู่มือแล้ว"); None without a status word."""
    stripped = text.strip()
    candidates = sorted((w for _, ws in _WORDS for w in ws), key=len, reverse=True)
    lowered = stripped.lower()
    for word in candidates:
        if lowered.startswith(word):
            rest = stripped[len(word) :]
            if rest and not rest[0].isspace() and word.isascii():
                continue  # "donexyz" is not "done"
            status = parse_status(word)
            if status is not None:
                return status, rest.strip()
    return None


def parse_percent(text: str) -> tuple[int | None, str]:
    """Return a percent written in text (Thai or Arabic digits) and the text without it.

    A percent outside 0-100 raises PercentError: it is a typing mistake, not a result text.
    """
    clean = to_arabic_digits(text)
    match = _PERCENT.search(clean)
    if not match:
        return None, text.strip()
    written = match.group(1) or match.group(2)
    value = int(written)
    if not 0 <= value <= 100:
        raise PercentError(written)
    rest = (clean[: match.start()] + clean[match.end() :]).strip(" ,")
    return value, re.sub(r"\s+", " ", rest).strip()
