"""The memo in chat: the card a step gets, status lines, and the labels of a period. Pure."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.chat.messages import Card, Line, Option
from bot.domain.thai import BANGKOK, format_date_th, format_month_th
from bot.memo.chain import STANDARD_COMMENTS
from bot.memo.model import MAX_COMMENT, Memo, MemoSettings
from bot.summary.labels import percent_label, shorten
from bot.texts import t


def period_label(memo: Memo, lang: str = "th") -> str:
    """Return "รอบ 6 เดือน ปีงบประมาณ 2570" or "ประจำเดือน มี.ค. 2570"."""
    if memo.period == "month":
        year, month = (int(p) for p in memo.month.split("-"))
        return t("memo.period.month", lang, month=format_month_th(year, month))
    return t(f"memo.period.{memo.period}", lang, year=memo.fiscal_year)


def number_label(memo: Memo, settings: MemoSettings) -> str:
    """Return the document number ("ขก 88801.002/3"), or "-" before it is sent."""
    return f"{settings.prefix}{memo.number}" if memo.number is not None else "-"


def status_text(memo: Memo, names: dict[str, str], lang: str = "th") -> str:
    """Return where the memo is: draft, waiting for whom, sent back, complete."""
    steps = len(memo.chain)
    if memo.status == "pending":
        step = memo.pending_step() or 0
        who = memo.chain[step]
        return t("memo.status.pending", lang, role=who.role, name=names.get(who.person, who.person),
                 step=step + 1, steps=steps)  # fmt: skip
    if memo.status == "returned":
        last = memo.acks[-1]
        return t("memo.status.returned", lang, name=last.name, comment=last.comment)
    return t(f"memo.status.{memo.status}", lang, steps=steps)


def chain_lines(memo: Memo, names: dict[str, str], lang: str = "th") -> list[str]:
    """Return one line per step: ✅ done (with the date), ⏳ pending, ▫️ waiting."""
    done = {a.step: a for a in memo.acks}
    pending = memo.pending_step()
    lines = []
    for i, step in enumerate(memo.chain):
        ack = done.get(i)
        mark = (
            "✅" if ack and ack.action == "ack" else "↩️" if ack else "⏳" if i == pending else "▫️"
        )
        when = ""
        if ack:
            day = datetime.fromisoformat(ack.at).astimezone(BANGKOK).date()
            when = f" ({format_date_th(day)}) {shorten(ack.comment, 60)}"
        lines.append(t("memo.step_line", lang, mark=mark, role=step.role,
                       name=names.get(step.person, step.person), when=when))  # fmt: skip
    return lines


def step_card(
    memo: Memo, summary: dict[str, Any], settings: MemoSettings, org_name: str, lang: str = "th"
) -> Card:
    """Return the card the pending step gets: figures, the three standard comments, buttons."""
    step = memo.pending_step() or 0
    totals = summary["totals"]
    period = period_label(memo, lang)
    lines = [
        t("memo.card_period", lang, period=period, number=number_label(memo, settings)),
        t("memo.card_figures", lang, measures=totals["measures"], done=totals["done"],
          percent=percent_label(totals["percent_done"]), overdue=totals["overdue"]),
        t("memo.card_step", lang, role=memo.chain[step].role, step=step + 1,
          steps=len(memo.chain)),
        t("memo.card_choices", lang,
          comments="\n".join(f"{i}. {c}" for i, c in enumerate(STANDARD_COMMENTS, 1))),
    ]  # fmt: skip
    title = t("memo.card_title", lang)
    base = f"{memo.id}:{memo.version}:{step}"
    options = [Option(t(f"memo.choice.{i}", lang), f"memoack:{base}:{i}") for i in (1, 2, 3)]
    options += [
        Option(t("memo.type", lang), f"memotype:{base}"),
        Option(t("memo.back", lang), f"memoback:{base}"),
        Option(t("memo.pdf", lang), f"memofile:{memo.id}"),
    ]
    alt = shorten(f"{title}: {period} ({org_name})", 400)
    return Card(
        alt,
        title=title,
        header=(Line(org_name),),
        body=tuple(Line(line) for line in lines),
        options=tuple(options),
    )


__all__ = ["MAX_COMMENT", "chain_lines", "period_label", "status_text", "step_card"]
