"""The summary as a chat card: at a glance (totals, a bar per assessment, top overdue) and in full.

Platform-neutral: each platform draws the card (LINE Flex, Telegram HTML, the simulator).
"""

from __future__ import annotations

from bot.chat.card_text import card_text
from bot.chat.messages import Bar, Block, Card, Line, Option, Rule, Style
from bot.summary.labels import (
    Json,
    as_of_label,
    measure_title,
    month_label,
    overdue_detail,
    percent_label,
    shorten,
)
from bot.summary.render import sections
from bot.texts import t

TOP_OVERDUE = 5  # overdue measures listed at a glance; the full text lists them all
GLANCE_TITLE_MAX = 70  # characters of a measure title at a glance
TEXT_MAX = 5000  # a LINE text message, in UTF-16 units


def _assessment_bars(summary: Json, lang: str) -> list[Block]:
    bars: list[Block] = []
    for key, row in summary["by_assessment"].items():
        if not row["measures"]:
            continue
        name = t("summary.assessment.none", lang) if key == "none" else key
        figures = f"{row['done']}/{row['measures']} · {percent_label(row['percent_done'])}"
        bars.append(Bar(row["percent_done"], name, figures))
    return bars


def _overdue_lines(summary: Json, lang: str) -> list[Block]:
    overdue = summary["overdue"]
    if not overdue:
        return [Line(t("summary.none_overdue", lang), Style.GOOD)]
    lines: list[Block] = [Line(t("summary.overdue_head", lang, count=len(overdue)), Style.ALERT)]
    for entry in overdue[:TOP_OVERDUE]:
        title = f"{entry['number']}. {measure_title(entry, GLANCE_TITLE_MAX)}"
        lines.append(Line(title, Style.ITEM))
        lines.append(Line(overdue_detail(entry, lang), Style.DETAIL))
    if len(overdue) > TOP_OVERDUE:
        more = t("summary.more", lang, count=len(overdue) - TOP_OVERDUE)
        lines.append(Line(more, Style.NOTE))
    return lines


def glance(summary: Json, lang: str = "th") -> tuple[Block, ...]:
    """Return the summary at a glance: the total, a bar per assessment, the top overdue."""
    totals = summary["totals"]
    if not totals["measures"]:
        return (Line(t("summary.no_measures", lang)),)
    headline = t("summary.totals", lang, measures=totals["measures"], done=totals["done"],
                 percent=percent_label(totals["percent_done"]))  # fmt: skip
    return (
        Line(percent_label(totals["percent_done"]), Style.HEADLINE),
        Line(headline, Style.MUTED),
        Bar(totals["percent_done"]),
        Rule(),
        *_assessment_bars(summary, lang),
        Rule(),
        *_overdue_lines(summary, lang),
    )


def summary_alt_text(summary: Json, lang: str = "th") -> str:
    """Return the one-line summary shown in chat lists and notifications (LINE altText)."""
    totals = summary["totals"]
    text = t("summary.alt", lang, title=t("summary.title", lang), org=summary.get("org_name", ""),
             month=month_label(summary["month"], lang), done=totals["done"],
             measures=totals["measures"], percent=percent_label(totals["percent_done"]),
             overdue=totals["overdue"])  # fmt: skip
    return shorten(text, 400)


def summary_card(summary: Json, lang: str = "th") -> Card:
    """Return the summary as a chat card with "acknowledge" and "details" buttons."""
    month = summary["month"]
    return Card(
        alt_text=summary_alt_text(summary, lang),
        title=t("summary.title", lang),
        header=(
            Line(summary.get("org_name", "")),
            Line(as_of_label(summary, lang), Style.MUTED),
        ),
        body=glance(summary, lang),
        sections=tuple(sections(summary, lang)),
        options=(
            Option(t("summary.ack", lang), f"ack:{month}"),
            Option(t("summary.details", lang), f"sumfile:{month}"),
        ),
    )


def summary_text(summary: Json, lang: str = "th", max_length: int = TEXT_MAX) -> str:
    """Return the summary as plain text (terminal, dashboard, CLI), cut to max_length."""
    return card_text(summary_card(summary, lang), max_length)


__all__ = ["glance", "summary_alt_text", "summary_card", "summary_text"]
