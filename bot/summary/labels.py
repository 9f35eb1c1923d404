"""Words and numbers shared by the summary's renderings: months, dates, percentages, statuses."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.domain.thai import format_date_en, format_date_th, format_month_en, format_month_th
from bot.texts import t

TITLE_MAX = 90  # characters of a measure title in a list
NUMBERS_MAX = 30  # measure numbers listed in one line

Json = Mapping[str, Any]


def utf16_len(text: str) -> int:
    """Return the length of text as LINE and Telegram count it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, limit: int) -> str:
    """Return text on one line, cut to limit characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = limit - 1
    while cut > 0 and unicodedata.category(flat[cut]) == "Mn":  # keep tone marks with their letter
        cut -= 1
    return flat[:cut].rstrip() + "…"


def percent_label(value: float | None) -> str:
    """Format a percentage: 33.3%, 50%, or – when there is nothing to count."""
    if value is None:
        return "–"
    return f"{value:.1f}".removesuffix(".0") + "%"


def signed(value: int | None) -> str:
    """Format a change with its sign: +3, -2, 0."""
    return "–" if value is None else f"{value:+d}" if value else "0"


def month_label(month: str | None, lang: str = "th") -> str:
    """Format "2023-03" as "มี.ค. 2566" (Thai, BE) or "Mar 2023"."""
    if not month:
        return "–"
    year, number = (int(part) for part in month.split("-"))
    return format_month_th(year, number) if lang == "th" else format_month_en(year, number)


def date_label(day: str | date, lang: str = "th") -> str:
    """Format an ISO date as "31 มี.ค. 2566" or "31 Mar 2023"."""
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return format_date_th(d) if lang == "th" else format_date_en(d)


def status_label(status: str, lang: str = "th") -> str:
    """Return the words for a status key ("no_report" included)."""
    return t("status.none" if status == "no_report" else f"status.{status}", lang)


def as_of_label(summary: Json, lang: str = "th") -> str:
    """Return "ณ สิ้นเดือน มี.ค. 2566", or the day for a month not over."""
    if summary.get("partial"):
        return t("summary.as_of_day", lang, date=date_label(summary["as_of"], lang))
    return t("summary.as_of_month", lang, month=month_label(summary["month"], lang))


def numbers_label(numbers: list[int]) -> str:
    """List measure numbers, the first NUMBERS_MAX of them."""
    shown = ", ".join(str(n) for n in numbers[:NUMBERS_MAX])
    return shown + (", …" if len(numbers) > NUMBERS_MAX else "")


def overdue_detail(entry: Json, lang: str = "th") -> str:
    """Return "สิ้นสุด 31 ม.ค. 2566 · เกิน 59 วัน · กองคลัง" for an overdue measure."""
    parts = [t("summary.overdue_detail", lang, end=date_label(entry["end"], lang))]
    if entry["days_overdue"] > 0:
        parts.append(t("summary.overdue_days", lang, days=entry["days_overdue"]))
    if entry.get("divisions"):
        parts.append(", ".join(entry["divisions"]))
    return " · ".join(parts)


def measure_title(entry: Json, limit: int = TITLE_MAX) -> str:
    """Return a measure's title with its OIT item code in front ("[O12] ...")."""
    title = shorten(entry["title"], limit)
    return f"[{entry['item']}] {title}" if entry.get("item") else title
