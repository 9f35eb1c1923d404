"""Show a compiled summary: plain text, Telegram HTML, a LINE Flex bubble, a chat card."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.chat.messages import Card, Option
from bot.domain.thai import BANGKOK
from bot.summary.flex import summary_flex
from bot.summary.labels import (
    Json,
    as_of_label,
    date_label,
    measure_title,
    month_label,
    numbers_label,
    overdue_detail,
    percent_label,
    shorten,
    signed,
    status_label,
    utf16_len,
)
from bot.texts import t

TEXT_MAX = 5000  # a LINE text message, in UTF-16 units
HTML_MAX = 4096  # a Telegram message


@dataclass
class Section:
    """A heading and its lines; a section with more_key is cut short when space runs out."""

    head: str = ""
    lines: list[str] = field(default_factory=list)
    more_key: str = ""
    lang: str = "th"
    shown: int = -1  # lines kept; -1 = all

    def kept(self) -> list[str]:
        """Return the lines kept, with the "and N more" line when some were cut."""
        if self.shown < 0 or self.shown >= len(self.lines):
            return self.lines
        return [
            *self.lines[: self.shown],
            t(self.more_key, self.lang, count=len(self.lines) - self.shown),
        ]


def _overview(summary: Json, lang: str) -> Section:
    totals = summary["totals"]
    if not totals["measures"]:
        return Section(lines=[t("summary.no_measures", lang)])
    counts = " · ".join(
        t("summary.count", lang, label=status_label(key, lang), count=totals[key])
        for key in ("in_progress", "not_started", "no_report")
    )
    lines = [
        t("summary.totals", lang, measures=totals["measures"], done=totals["done"],
          percent=percent_label(totals["percent_done"])),
        counts,
        t("summary.overdue_count", lang, count=totals["overdue"]),
    ]  # fmt: skip
    changes = summary.get("changes")
    if changes:
        lines.append(
            t("summary.changes", lang, month=month_label(summary["previous"].get("month"), lang),
              done=signed(changes["done"]), overdue=signed(changes["overdue"]),
              no_report=signed(changes["no_report"]))
        )  # fmt: skip
    on_time = summary.get("on_time") or {}
    if on_time.get("due"):
        lines.append(
            t("summary.on_time", lang, rate=percent_label(summary["on_time_rate"]),
              on_time=on_time["done_on_time"], due=on_time["due"])
        )  # fmt: skip
    lines.append(t("summary.evidence", lang, count=summary.get("evidence_count", 0)))
    return Section(lines=lines)


def _assessment_name(key: str, lang: str) -> str:
    return t("summary.assessment.none", lang) if key == "none" else key


def sections(summary: Json, lang: str = "th") -> list[Section]:
    """Return the summary's content as sections, shared by the text and HTML renderings."""
    found = [_overview(summary, lang)]
    if not summary["totals"]["measures"]:
        return found
    found.append(
        Section(t("summary.by_assessment", lang), [
            t("summary.assessment_line", lang, name=_assessment_name(key, lang), done=row["done"],
              measures=row["measures"], percent=percent_label(row["percent_done"]))
            for key, row in summary["by_assessment"].items() if row["measures"]
        ])
    )  # fmt: skip
    divisions = []
    for row in summary["by_division"]:
        line = t("summary.division_line", lang, done=row["done"], measures=row["measures"],
                 division=row["division"] or t("summary.no_division", lang))  # fmt: skip
        if row["overdue"]:
            line += t("summary.division_overdue", lang, count=row["overdue"])
        divisions.append(line)
    found.append(Section(t("summary.by_division", lang), divisions))
    overdue = summary["overdue"]
    if overdue:
        lines = [
            t("summary.overdue_line", lang, number=o["number"], title=measure_title(o))
            + "\n   "
            + overdue_detail(o, lang)
            for o in overdue
        ]
        head = t("summary.overdue_head", lang, count=len(overdue))
        found.append(Section(head, lines, "summary.more", lang))
    tail = []
    if summary.get("done_this_month"):
        tail.append(
            t("summary.newly_done", lang, numbers=numbers_label(summary["done_this_month"]))
        )
    if summary.get("no_report"):
        tail.append(t("summary.no_report_list", lang, numbers=numbers_label(summary["no_report"])))
    if tail:
        found.append(Section(lines=tail))
    late = summary.get("late_reports") or []
    if late:
        lines = [_late_line(entry, lang) for entry in late]
        found.append(Section(t("summary.late_head", lang), lines, "summary.more", lang))
    return found


def _late_line(entry: Json, lang: str) -> str:
    day = datetime.fromisoformat(entry["at"]).astimezone(BANGKOK).date()
    return t("summary.late_line", lang, number=entry["number"], date=date_label(day, lang),
             was=status_label(entry["was"], lang), status=status_label(entry["status"], lang),
             days=entry["days_late"])  # fmt: skip


def _compose(
    summary: Json, lang: str, limit: int, line: Callable[[str, bool], str], sep: str = "\n"
) -> str:
    """Join head and sections, cutting the longest cuttable list until the text fits."""
    head = [line(t("summary.title", lang), True), line(summary.get("org_name", ""), False),
            line(as_of_label(summary, lang), False)]  # fmt: skip
    parts = sections(summary, lang)

    def render() -> str:
        blocks = [sep.join(head)]
        for part in parts:
            lines = ([line(part.head, True)] if part.head else []) + [
                line(text, False) for text in part.kept()
            ]
            blocks.append(sep.join(lines))
        return (sep + sep).join(blocks)

    text = render()
    cuttable = [p for p in parts if p.more_key]
    while utf16_len(text) > limit and cuttable:
        part = max(cuttable, key=lambda p: len(p.kept()))
        visible = len(part.lines) if part.shown < 0 else part.shown
        if visible == 0:
            cuttable.remove(part)
            continue
        # Drop roughly what is over, at least one line; then check again.
        excess = utf16_len(text) - limit
        avg = max(1, utf16_len(sep.join(part.lines[:visible])) // max(visible, 1))
        part.shown = max(0, visible - max(1, excess // avg))
        text = render()
    if utf16_len(text) > limit:  # still too long (a huge organisation name?): cut whole lines
        lines = text.split(sep)
        while lines and utf16_len(sep.join(lines)) > limit:
            lines.pop()
        text = sep.join(lines)
    return text


def summary_text(summary: Json, lang: str = "th", max_length: int = TEXT_MAX) -> str:
    """Return the summary as plain text (terminal, simulator, a LINE text message)."""
    return _compose(summary, lang, max_length, lambda text, bold: text)


def _html_line(text: str, bold: bool) -> str:
    escaped = html.escape(text, quote=False)
    return f"<b>{escaped}</b>" if bold and escaped else escaped


def summary_html(summary: Json, lang: str = "th", max_length: int = HTML_MAX) -> str:
    """Return the summary as Telegram HTML (b tags only), at most 4,096 characters."""
    return _compose(summary, lang, max_length, _html_line)


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
        flex=summary_flex(summary, lang),
        html=summary_html(summary, lang),
        options=(
            Option(t("summary.ack", lang), f"ack:{month}"),
            Option(t("summary.details", lang), f"sumfile:{month}"),
        ),
    )


__all__ = ["summary_card", "summary_flex", "summary_html", "summary_text"]
