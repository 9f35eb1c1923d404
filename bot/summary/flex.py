"""The summary as a LINE Flex bubble: totals, a progress bar per assessment, top overdue."""

from __future__ import annotations

from typing import Any

from bot.summary.labels import (
    Json,
    as_of_label,
    measure_title,
    overdue_detail,
    percent_label,
    shorten,
)
from bot.texts import t

TOP_OVERDUE = 5
FLEX_TITLE_MAX = 70  # characters of a measure title in the bubble
NAME_MAX = 80  # characters of the organisation's name
DONE_COLOUR = "#2E7D32"
TRACK_COLOUR = "#E0E0E0"
HEADER_COLOUR = "#0B5394"
OVERDUE_COLOUR = "#C62828"
MUTED_COLOUR = "#666666"

Node = dict[str, Any]


def _text(text: str, **style: Any) -> Node:
    return {"type": "text", "text": text or " ", "wrap": True, **style}


def progress_bar(value: float | None) -> Node:
    """Return a bar: a grey track holding a green box as wide as the percentage."""
    # Whole percents: LINE reads widths as "50%"; any progress shows at least 1%.
    filled = 0 if not value else max(1, min(100, round(value)))
    inner: list[Node] = [{"type": "filler"}]
    if filled:
        inner = [
            {
                "type": "box",
                "layout": "vertical",
                "contents": [{"type": "filler"}],
                "width": f"{filled}%",
                "height": "10px",
                "backgroundColor": DONE_COLOUR,
                "cornerRadius": "5px",
            }
        ]
    return {
        "type": "box",
        "layout": "vertical",
        "contents": inner,
        "height": "10px",
        "backgroundColor": TRACK_COLOUR,
        "cornerRadius": "5px",
        "margin": "sm",
    }


def _assessment_rows(summary: Json, lang: str) -> list[Node]:
    rows: list[Node] = []
    for key, row in summary["by_assessment"].items():
        if not row["measures"]:
            continue
        name = t("summary.assessment.none", lang) if key == "none" else key
        figures = f"{row['done']}/{row['measures']} · {percent_label(row['percent_done'])}"
        label = {
            "type": "box",
            "layout": "horizontal",
            "contents": [
                _text(name, weight="bold", size="sm", flex=0),
                _text(figures, size="sm", align="end", color=MUTED_COLOUR),
            ],
        }
        rows.append(
            {
                "type": "box",
                "layout": "vertical",
                "margin": "md",
                "contents": [label, progress_bar(row["percent_done"])],
            }
        )
    return rows


def _overdue_rows(summary: Json, lang: str) -> list[Node]:
    overdue = summary["overdue"]
    if not overdue:
        return [_text(t("summary.none_overdue", lang), size="sm", color=DONE_COLOUR, margin="lg")]
    rows = [
        _text(
            t("summary.overdue_head", lang, count=len(overdue)),
            weight="bold", size="sm", color=OVERDUE_COLOUR, margin="lg",
        )
    ]  # fmt: skip
    for entry in overdue[:TOP_OVERDUE]:
        title = f"{entry['number']}. {measure_title(entry, FLEX_TITLE_MAX)}"
        rows.append(_text(title, size="sm", maxLines=2, margin="sm"))
        rows.append(_text(overdue_detail(entry, lang), size="xs", color=MUTED_COLOUR, maxLines=2))
    if len(overdue) > TOP_OVERDUE:
        more = t("summary.more", lang, count=len(overdue) - TOP_OVERDUE)
        rows.append(_text(more, size="xs", color=MUTED_COLOUR, margin="sm"))
    return rows


def summary_flex(summary: Json, lang: str = "th") -> dict[str, Any]:
    """Return a Flex bubble (the contents of a FlexMessage) showing the summary."""
    totals = summary["totals"]
    header = {
        "type": "box",
        "layout": "vertical",
        "backgroundColor": HEADER_COLOUR,
        "contents": [
            _text(t("summary.title", lang), weight="bold", size="md", color="#FFFFFF"),
            _text(shorten(summary.get("org_name", ""), NAME_MAX), size="sm", color="#FFFFFF"),
            _text(as_of_label(summary, lang), size="xs", color="#DDDDDD"),
        ],
    }
    if not totals["measures"]:
        body_rows = [_text(t("summary.no_measures", lang), size="sm")]
    else:
        headline = t("summary.totals", lang, measures=totals["measures"], done=totals["done"],
                     percent=percent_label(totals["percent_done"]))  # fmt: skip
        body_rows = [
            _text(percent_label(totals["percent_done"]), weight="bold", size="xxl"),
            _text(headline, size="sm", color=MUTED_COLOUR),
            progress_bar(totals["percent_done"]),
            {"type": "separator", "margin": "lg"},
            *_assessment_rows(summary, lang),
            {"type": "separator", "margin": "lg"},
            *_overdue_rows(summary, lang),
        ]
    return {
        "type": "bubble",
        "size": "mega",
        "header": header,
        "body": {"type": "box", "layout": "vertical", "contents": body_rows},
    }
