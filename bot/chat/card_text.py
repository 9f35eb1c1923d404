"""A card as text: its title, header and sections (or body lines), cut to fit a limit."""

from __future__ import annotations

from collections.abc import Callable

from bot.chat.messages import Bar, Card, Line

LineFormat = Callable[[str, bool], str]
"""Formats one line of text; the flag says whether it is a heading (the title, a section's)."""


def plain(text: str, is_heading: bool) -> str:
    """Format a line as plain text."""
    return text


def utf16_len(text: str) -> int:
    """Return the length of text in UTF-16 code units (how LINE and Telegram count)."""
    return len(text.encode("utf-16-le")) // 2


def body_lines(card: Card) -> list[str]:
    """Return the text of the card's body blocks: lines as they are, bars as label and figures."""
    found: list[str] = []
    for block in card.body:
        if isinstance(block, Line):
            found.append(block.text)
        elif isinstance(block, Bar) and (block.label or block.figures):
            found.append(" ".join(part for part in (block.label, block.figures) if part))
    return found


def card_text(card: Card, limit: int | None = None, line: LineFormat = plain) -> str:
    """Return the card as text: title, header, then sections; cut to limit when it has any.

    Sections with ``more`` lose lines first (the longest first, with their "and N more"
    line); then whole lines from the end. A card without sections shows its body's lines
    whole, right under the header.
    """
    head = [line(card.title, True)] if card.title else []
    head += [line(h.text, False) for h in card.header]
    if not card.sections:
        return "\n".join(head + [line(text, False) for text in body_lines(card)])
    shown = [len(s.lines) for s in card.sections]

    def kept(i: int) -> list[str]:
        section = card.sections[i]
        if shown[i] >= len(section.lines):
            return list(section.lines)
        more = section.more.format(count=len(section.lines) - shown[i])
        return [*section.lines[: shown[i]], more]

    def render() -> str:
        blocks = ["\n".join(head)]
        for i, section in enumerate(card.sections):
            lines = [line(section.head, True)] if section.head else []
            blocks.append("\n".join(lines + [line(text, False) for text in kept(i)]))
        return "\n\n".join(blocks)

    text = render()
    if limit is None:
        return text
    cuttable = [i for i, s in enumerate(card.sections) if s.more]
    while utf16_len(text) > limit and cuttable:
        i = max(cuttable, key=lambda j: len(kept(j)))
        if shown[i] == 0:
            cuttable.remove(i)
            continue
        # Drop roughly what is over, at least one line; then check again.
        excess = utf16_len(text) - limit
        lines = card.sections[i].lines
        avg = max(1, utf16_len("\n".join(lines[: shown[i]])) // max(shown[i], 1))
        shown[i] = max(0, shown[i] - max(1, excess // avg))
        text = render()
    if utf16_len(text) > limit:  # still too long (a huge organisation name?): cut whole lines
        rows = text.split("\n")
        while rows and utf16_len("\n".join(rows)) > limit:
            rows.pop()
        text = "\n".join(rows)
    return text
