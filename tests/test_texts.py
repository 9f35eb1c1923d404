"""The texts: one polite register in Thai, the same keys in both languages."""

from __future__ import annotations

import re

import pytest

from bot.texts import en, th

# A particle ends a phrase; a leading vowel before it makes it part of a word (แนะ, เจ้า).
PARTICLES = re.compile(r"(?<![เแโใไ])(ครับ|ค่ะ|คะ|จ้ะ|จ้า|ฮะ)(?=[\s,.!)]|$)")
# Texts that ask the person to do something, in the chat (not labels, help lists or the web).
_CHAT = ("chat.", "report.", "join.", "absence.", "summary.", "secretary.", "setup.", "mywork.")
_REQUEST = re.compile(r"(?:^|\n| )(พิมพ์|ส่ง|เลือก|กด|ลอง|แตะ|บอก)(?!ไม่ได้|แล้ว|ต่อข้อความ)")


def test_the_register_is_written_at_the_top() -> None:
    assert th.__doc__ is not None and "ครับ/ค่ะ" in th.__doc__ and "กรุณา" in th.__doc__


@pytest.mark.parametrize("key", sorted(th.TEXTS))
def test_no_gendered_particles(key: str) -> None:
    assert not PARTICLES.search(th.TEXTS[key]), th.TEXTS[key]


def test_requests_in_chat_say_please() -> None:
    rude = [
        key
        for key, text in th.TEXTS.items()
        if key.startswith(_CHAT)
        and len(text) > 25  # button labels are short verbs
        and _REQUEST.search(text)
        and "กรุณา" not in text
    ]
    assert not rude, rude


def test_both_languages_have_the_same_keys() -> None:
    assert set(th.TEXTS) == set(en.TEXTS)


BUTTONS = (
    "chat.cancel_button", "menu.my_measures", "menu.report", "menu.amend", "menu.help",
    "menu.summary", "report.skip_text", "report.evidence_finished", "report.no_evidence",
    "report.confirm", "report.draft_keep", "report.draft_drop", "report.keep_field",
    "report.change_status", "report.change_text", "report.change_evidence",
    "report.change_suggestion", "report.clear_suggestion", "report.next_report",
    "report.next_amend", "report.remove_evidence", "summary.ack", "summary.details",
    "setup.preview.add_button", "setup.preview.replace_button",
)  # fmt: skip


@pytest.mark.parametrize("key", BUTTONS)
def test_button_labels_fit_line_quick_replies(key: str) -> None:
    # LINE cuts quick-reply labels at 20 characters; a cut label could not be typed back.
    for texts in (th.TEXTS, en.TEXTS):
        label = texts[key].format(count=10, n=10)
        assert len(label) <= 20, (key, label)
