"""Monthly summaries of an organisation's measures: compile (pure), freeze, render.

The chart (matplotlib) lives in ``bot.summary.chart`` and is imported only where used.
"""

from bot.summary.card import summary_card, summary_text
from bot.summary.compile import compile_summary, summary_json
from bot.summary.figures import Summary
from bot.summary.monthly import freeze_month
from bot.summary.snapshots import SnapshotStore, summary_for

__all__ = [
    "SnapshotStore",
    "Summary",
    "compile_summary",
    "freeze_month",
    "summary_card",
    "summary_for",
    "summary_json",
    "summary_text",
]
