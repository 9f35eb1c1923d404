"""The `สรุปจังหวัด` card: a province's organisations ranked by progress, who is behind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.chat.messages import Block, Card, Line, Option, Section, Style
from bot.province.figures import OrgFigures, rank_by_progress
from bot.summary.labels import date_label, percent_label, shorten
from bot.texts import t

TOP = 20  # organisations listed in the card; the dashboard's page lists them all
NAME_MAX = 60


def _detail(row: OrgFigures, lang: str) -> str:
    if not row.measures:
        return t("province.card.no_measures", lang)
    return t(
        "province.card.detail", lang, percent=percent_label(row.percent_done), done=row.done,
        measures=row.measures, overdue=row.overdue,
    )  # fmt: skip


def province_card(province: str, rows: Sequence[OrgFigures], as_of: date, lang: str = "th") -> Card:
    """Return the card (each platform draws it) and its alt text, from the same ranked lines."""
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

    body: list[Block] = [Line(headline, Style.ALERT if behind else Style.GOOD)]
    sections = [Section(headline)]
    for name, detail, is_behind in lines:
        body += [Line(name, Style.ITEM), Line(detail, Style.ALERT if is_behind else Style.DETAIL)]
        sections.append(Section(name, (f"{'⚠ ' if is_behind else ''}{detail}",)))
    if more:
        body.append(Line(more, Style.NOTE))
        sections.append(Section(lines=(more,)))
    alt = shorten(f"{title} {place} {when}: {headline}", 400)
    return Card(
        alt_text=alt,
        title=title,
        header=(Line(place), Line(when, Style.MUTED)),
        body=tuple(body),
        sections=tuple(sections),
        options=(Option(t("province.card.web", lang), "menu:web"),),
    )
