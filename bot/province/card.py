"""The `สรุปจังหวัด` card: a province's organisations ranked by progress, who is behind."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.chat.messages import Card, Option
from bot.province.figures import OrgFigures, rank_by_progress
from bot.summary.labels import date_label, percent_label, shorten
from bot.texts import t

TOP = 20  # organisations listed in the card; the dashboard's page lists them all
NAME_MAX = 60
HTML_MAX = 4096  # a Telegram message
BEHIND_COLOUR = "#C62828"
MUTED_COLOUR = "#666666"
HEADER_COLOUR = "#0B5394"


def _detail(row: OrgFigures, lang: str) -> str:
    if not row.measures:
        return t("province.card.no_measures", lang)
    return t(
        "province.card.detail", lang, percent=percent_label(row.percent_done), done=row.done,
        measures=row.measures, overdue=row.overdue,
    )  # fmt: skip


def province_card(province: str, rows: Sequence[OrgFigures], as_of: date, lang: str = "th") -> Card:
    """Return the card: LINE Flex, Telegram HTML and alt text from the same ranked lines."""
    ranked = rank_by_progress(rows)
    behind = sum(1 for r in ranked if r.is_behind)
    title = t("province.card.title", lang)
    place = t("province.card.place", lang, province=province, count=len(ranked))
    when = t("province.card.as_of", lang, date=date_label(as_of, lang))
    headline = (
        t("province.card.behind", lang, behind=behind, total=len(ranked))
        if behind
        else t("province.card.none_behind", lang)
    )
    if not ranked:
        headline = t("province.no_orgs", lang, province=province)
    lines = [
        (f"{i}. {shorten(r.name, NAME_MAX)}", _detail(r, lang), r.is_behind)
        for i, r in enumerate(ranked[:TOP], start=1)
    ]
    more = t("province.card.more", lang, count=len(ranked) - TOP) if len(ranked) > TOP else ""

    def text(value: str, **style: Any) -> dict[str, Any]:
        return {"type": "text", "text": value or " ", "wrap": True, **style}

    body: list[dict[str, Any]] = [text(headline, weight="bold", size="sm")]
    for name, detail, is_behind in lines:
        body.append(text(name, size="sm", weight="bold", margin="md"))
        body.append(text(detail, size="xs", color=BEHIND_COLOUR if is_behind else MUTED_COLOUR))
    if more:
        body.append(text(more, size="xs", color=MUTED_COLOUR, margin="md"))
    flex: dict[str, object] = {
        "type": "bubble",
        "size": "mega",
        "header": {
            "type": "box",
            "layout": "vertical",
            "backgroundColor": HEADER_COLOUR,
            "contents": [
                text(title, weight="bold", size="md", color="#FFFFFF"),
                text(place, size="sm", color="#FFFFFF"),
                text(when, size="xs", color="#DDDDDD"),
            ],
        },
        "body": {"type": "box", "layout": "vertical", "contents": body},
    }
    esc = lambda value: html.escape(value, quote=False)  # noqa: E731
    parts = [f"<b>{esc(title)}</b>", esc(place), esc(when), "", f"<b>{esc(headline)}</b>"]
    for name, detail, is_behind in lines:
        parts.append(f"<b>{esc(name)}</b>\n{'⚠ ' if is_behind else ''}{esc(detail)}")
    if more:
        parts.append(esc(more))
    body_html = "\n".join(parts)
    if len(body_html) > HTML_MAX:  # names are short; this only guards a pathological province
        body_html = body_html[: HTML_MAX - 1] + "…"
    alt = shorten(f"{title} {place} {when}: {headline}", 400)
    return Card(
        alt_text=alt,
        flex=flex,
        html=body_html,
        options=(Option(t("province.card.web", lang), "menu:web"),),
    )
