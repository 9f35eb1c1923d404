"""A compiled summary in full, as sections of text: what the text views of its card show."""

from __future__ import annotations

from datetime import datetime

from bot.chat.messages import Section
from bot.domain.thai import BANGKOK
from bot.summary.labels import (
    Json,
    date_label,
    measure_title,
    month_label,
    numbers_label,
    overdue_detail,
    percent_label,
    signed,
    status_label,
)
from bot.texts import t


def _overview(summary: Json, lang: str) -> Section:
    totals = summary["totals"]
    if not totals["measures"]:
        return Section(lines=(t("summary.no_measures", lang),))
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
    return Section(lines=tuple(lines))


def _assessment_name(key: str, lang: str) -> str:
    return t("summary.assessment.none", lang) if key == "none" else key


def sections(summary: Json, lang: str = "th") -> list[Section]:
    """Return the summary's content as sections, shared by the text and HTML renderings."""
    found = [_overview(summary, lang)]
    more = t("summary.more", lang)  # "and {count} more": filled in when lines are cut
    if not summary["totals"]["measures"]:
        return found
    found.append(
        Section(t("summary.by_assessment", lang), tuple(
            t("summary.assessment_line", lang, name=_assessment_name(key, lang), done=row["done"],
              measures=row["measures"], percent=percent_label(row["percent_done"]))
            for key, row in summary["by_assessment"].items() if row["measures"]
        ))
    )  # fmt: skip
    divisions = []
    for row in summary["by_division"]:
        line = t("summary.division_line", lang, done=row["done"], measures=row["measures"],
                 division=row["division"] or t("summary.no_division", lang))  # fmt: skip
        if row["overdue"]:
            line += t("summary.division_overdue", lang, count=row["overdue"])
        divisions.append(line)
    found.append(Section(t("summary.by_division", lang), tuple(divisions)))
    overdue = summary["overdue"]
    if overdue:
        lines = [
            t("summary.overdue_line", lang, number=o["number"], title=measure_title(o))
            + "\n   "
            + overdue_detail(o, lang)
            for o in overdue
        ]
        head = t("summary.overdue_head", lang, count=len(overdue))
        found.append(Section(head, tuple(lines), more))
    tail = []
    if summary.get("done_this_month"):
        tail.append(
            t("summary.newly_done", lang, numbers=numbers_label(summary["done_this_month"]))
        )
    if summary.get("no_report"):
        tail.append(t("summary.no_report_list", lang, numbers=numbers_label(summary["no_report"])))
    if tail:
        found.append(Section(lines=tuple(tail)))
    late = summary.get("late_reports") or []
    if late:
        lines = [_late_line(entry, lang) for entry in late]
        found.append(Section(t("summary.late_head", lang), tuple(lines), more))
    return found


def _late_line(entry: Json, lang: str) -> str:
    day = datetime.fromisoformat(entry["at"]).astimezone(BANGKOK).date()
    return t("summary.late_line", lang, number=entry["number"], date=date_label(day, lang),
             was=status_label(entry["was"], lang), status=status_label(entry["status"], lang),
             days=entry["days_late"])  # fmt: skip


__all__ = ["sections"]
