"""The summary as a PNG of stacked bars (by division or indicator), sized for a phone.

The Thai font is Sarabun from the fontpkg-sarabun wheel, never a system font;
matplotlib 3.11 shapes text with libraqm, so tone marks sit where they belong.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Literal

import fontpkg
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from bot.summary.figures import STATUS_KEYS
from bot.summary.labels import Json, as_of_label, shorten, status_label
from bot.texts import t

WIDTH_PX = 1080
DPI = 100
ROW_PX = 120  # one label line above one bar
TOP_PX = 250  # title, organisation, month, legend
BOTTOM_PX = 90
LABEL_MAX = 42  # characters of a row label
COLOURS = {
    "done": "#2E7D32",
    "in_progress": "#F9A825",
    "not_started": "#EF6C00",
    "no_report": "#BDBDBD",
}
INK = "#212121"
MUTED = "#616161"
Grouping = Literal["division", "indicator"]


@cache
def thai_font(weight: int = 400) -> FontProperties:
    """Return Sarabun at a weight (400 or 700), loaded from the pip-installed font package."""
    return FontProperties(fname=str(fontpkg.path("Sarabun", weight)))


def chart_rows(summary: Json, by: Grouping, lang: str = "th") -> list[tuple[str, dict[str, int]]]:
    """Return (label, counts) per bar: every division, or indicators 1-10 (and "none")."""
    if by == "division":
        return [
            (row["division"] or t("summary.no_division", lang), row)
            for row in summary["by_division"]
        ]
    if by == "indicator":
        return [
            (
                t("summary.indicator.none", lang)
                if key == "none"
                else f"{key}. {t(f'summary.indicator.{key}', lang)}",
                row,
            )
            for key, row in summary["by_indicator"].items()
        ]
    raise ValueError(f"a chart is by division or by indicator, not {by!r}")


def _draw_rows(fig: Figure, rows: list[tuple[str, dict[str, int]]], lang: str) -> None:
    height_px = fig.get_figheight() * DPI
    ax = fig.add_axes((0.05, BOTTOM_PX / height_px, 0.9, 1 - (TOP_PX + BOTTOM_PX) / height_px))
    widest = max([row["measures"] for _, row in rows] + [1])
    for y, (label, row) in enumerate(rows):
        left = 0
        for key in STATUS_KEYS:
            count = row[key]
            if count:
                ax.barh(y, count, left=left, height=0.5, color=COLOURS[key], edgecolor="white")
                if count / widest >= 0.06:  # room for the number inside its segment
                    colour = INK if key in ("in_progress", "no_report") else "white"
                    ax.text(left + count / 2, y, str(count), ha="center", va="center",
                            fontproperties=thai_font(700), fontsize=17, color=colour)  # fmt: skip
            left += count
        ax.text(0, y - 0.33, shorten(label, LABEL_MAX), ha="left", va="bottom",
                fontproperties=thai_font(400), fontsize=21, color=INK)  # fmt: skip
        figures = f"{row['done']}/{row['measures']}"
        if row.get("overdue"):
            figures += "  " + t("summary.division_overdue", lang, count=row["overdue"]).strip(" ·")
        ax.text(widest, y - 0.33, figures, ha="right", va="bottom",
                fontproperties=thai_font(700), fontsize=19, color=MUTED)  # fmt: skip
    ax.set_xlim(0, widest)
    ax.set_ylim(len(rows) - 0.5, -0.95)
    ax.set_yticks([])
    ax.tick_params(axis="x", labelsize=16)
    for tick in ax.get_xticklabels():
        tick.set_fontproperties(thai_font(400))
        tick.set_fontsize(16)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(t("summary.chart.axis", lang), fontproperties=thai_font(400), fontsize=17)


def render_chart(summary: Json, by: Grouping = "division", lang: str = "th") -> bytes:
    """Return a PNG, 1080 px wide, of each division's (or indicator's) measures by status."""
    rows = chart_rows(summary, by, lang)
    height_px = TOP_PX + BOTTOM_PX + ROW_PX * max(len(rows), 2)
    fig = Figure(figsize=(WIDTH_PX / DPI, height_px / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    top = 1 - 30 / height_px
    fig.text(0.05, top, t(f"summary.chart.{by}", lang), fontproperties=thai_font(700),
             fontsize=30, color=INK, va="top")  # fmt: skip
    subtitle = f"{shorten(summary.get('org_name', ''), 50)} · {as_of_label(summary, lang)}"
    fig.text(0.05, top - 62 / height_px, subtitle, fontproperties=thai_font(400),
             fontsize=20, color=MUTED, va="top")  # fmt: skip
    handles = [Patch(color=COLOURS[key], label=status_label(key, lang)) for key in STATUS_KEYS]
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.04, top - 105 / height_px),
               ncols=2, frameon=False, prop=_legend_font(), handlelength=1.2,
               columnspacing=1.5)  # fmt: skip
    if summary["totals"]["measures"]:
        _draw_rows(fig, rows, lang)
    else:
        fig.text(0.5, 0.4, t("summary.no_measures", lang), ha="center",
                 fontproperties=thai_font(400), fontsize=24, color=MUTED)  # fmt: skip
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def _legend_font() -> FontProperties:
    font = thai_font(400).copy()
    font.set_size(19)
    return font
