"""A neutral card as a LINE Flex bubble, checked against LINE's spec by the fake's validator."""

from __future__ import annotations

import pytest

from bot.chat.messages import Bar, Card, Line, Rule, Style
from bot.platforms.line.flex import card_flex
from tests.fakes import line_request_errors

USER = "U" + "0" * 32


def test_every_block_draws_and_validates_as_a_push() -> None:
    card = Card(
        "alt",
        "บันทึกข้อความ",
        header=(Line("อบต. " + "ก" * 200), Line("ณ สิ้นเดือน", Style.MUTED)),
        body=(
            *(Line(s.value, s) for s in Style),
            Bar(None),
            Bar(0.4),
            Rule(),
            Bar(100, "OIT", "1/1"),
        ),
    )
    bubble = card_flex(card)
    header = bubble["header"]["contents"]
    assert [n["text"][:4] for n in header] == ["บันท", "อบต.", "ณ สิ"]
    assert len(header[1]["text"]) == 80 and header[1]["text"].endswith("…")
    assert header[2]["color"] == "#DDDDDD"
    body = bubble["body"]["contents"]
    widths = [n["contents"][0].get("width") for n in body if n.get("backgroundColor") == "#E0E0E0"]
    assert widths == [None, "1%"]  # no progress: an empty track; any progress shows
    assert body[-1]["contents"][1]["contents"][0]["width"] == "100%"
    message = {"type": "flex", "altText": "alt", "contents": bubble}
    assert (
        line_request_errors("POST", "/v2/bot/message/push", {"to": USER, "messages": [message]})
        == []
    )


def test_a_card_of_only_a_title_has_no_body_and_a_bar_of_nan_is_refused() -> None:
    assert "body" not in card_flex(Card("alt", "หัว"))
    with pytest.raises(ValueError):
        card_flex(Card("alt", "หัว", body=(Bar(float("nan")),)))
