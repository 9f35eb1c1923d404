"""Memo glue with I/O: open a period's memo, gather its summary and attachment, render it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.chat.evidence import EvidenceService
from bot.domain.thai import BANGKOK, be_to_ce, fiscal_year_of, month_range, parse_month_year
from bot.memo.compile import MemoView, compile_memo
from bot.memo.model import Memo, MemoError, Period
from bot.report import ReportDocument
from bot.report.official import build_document, period_range
from bot.store.memos import MemoStore
from bot.store.redis_store import RedisStore
from bot.summary.snapshots import summary_for

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "zip": "application/zip",
}


@dataclass(frozen=True)
class MemoBundle:
    """A memo with everything its renderers need."""

    memo: Memo
    view: MemoView
    report: ReportDocument
    summary: dict[str, Any]


def memo_key(period: Period, fiscal_year: int | None, month: str | None, today: date) -> Memo:
    """Return an unsaved draft for a period; refuse months or years that have not started."""
    if period == "month":
        try:
            year, number = parse_month_year(month or "")
        except ValueError as exc:
            raise MemoError("memo.bad_month", text=(month or "")[:20]) from exc
        if month_range(year, number)[0] > today:
            raise MemoError("memo.future", text=(month or "")[:20])
        return Memo(
            "", "month", fiscal_year_of(month_range(year, number)[1]), f"{year}-{number:02d}"
        )
    fy = fiscal_year or fiscal_year_of(today)
    if not 2500 <= fy <= 2700:
        raise MemoError("memo.bad_year", year=fy)
    if period_range(period, fy)[0] > today:
        raise MemoError("memo.future", text=str(fy))
    return Memo("", period, fy)


def open_memo(
    memos: MemoStore, org: str, period: Period, fiscal_year: int | None, month: str | None,
    now: datetime,
) -> Memo:  # fmt: skip
    """Return the stored memo of a period, creating its draft on first use."""
    draft = memo_key(period, fiscal_year, month, now.astimezone(BANGKOK).date())
    draft.org = org
    found = memos.get(org, draft.id)
    if found is not None:
        return found
    draft.created_at = now.isoformat()
    memos.create(draft)
    return memos.get(org, draft.id) or draft


def summary_month(memo: Memo, today: date) -> tuple[int, int]:
    """Return the month whose summary the memo reports: the period's last, or this one."""
    if memo.period == "month":
        year, month = (int(p) for p in memo.month.split("-"))
        return year, month
    end_ce = be_to_ce(memo.fiscal_year)
    year, month = (end_ce, 3) if memo.period == "six_month" else (end_ce, 9)
    return min((year, month), (today.year, today.month))


def memo_summary(store: RedisStore, memo: Memo, now: datetime) -> dict[str, Any]:
    """Return the summary the memo's figures come from."""
    year, month = summary_month(memo, now.astimezone(BANGKOK).date())
    return summary_for(store, store.snapshots, memo.org, year, month, now)


def bundle(
    store: RedisStore,
    evidence: EvidenceService | None,
    memo: Memo,
    now: datetime,
    thai_digits: bool = True,
) -> MemoBundle:
    """Gather the memo's view, its attached progress report and its summary."""
    memos = store.memos
    org = store.require_org(memo.org)
    summary = memo_summary(store, memo, now)
    people = store.people(memo.org)
    names = {p.id: p.name for p in people}
    wanted = {s.person for s in memo.chain} | {memo.writer}
    signatures = {pid: png for pid in wanted if pid and (png := memos.signature(memo.org, pid))}
    issued = datetime.fromisoformat(memo.sent_at or now.isoformat()).astimezone(BANGKOK).date()
    view = compile_memo(
        memo, summary, org, memos.settings(memo.org), names, issued, thai_digits, signatures
    )
    if memo.period == "month":
        year, month = summary_month(memo, issued)
        start, end = period_range("month", memo.fiscal_year, year, month)
    else:
        start, end = period_range(memo.period, memo.fiscal_year)
    end = min(end, date.fromisoformat(summary["as_of"]))
    report = build_document(
        store, evidence, memo.org, memo.period, start, max(start, end), memo.fiscal_year,
        thai_digits=thai_digits, now=now,
    )  # fmt: skip
    return MemoBundle(memo, view, report, summary)


def render_bundle(data: MemoBundle, fmt: str) -> bytes:
    """Render a memo with its attachment as "docx" or "pdf" bytes."""
    if fmt == "pdf":
        from bot.memo.pdf_render import render_memo_pdf

        return render_memo_pdf(data.view, data.report)
    if fmt == "docx":
        from bot.memo.docx_render import render_memo_docx

        return render_memo_docx(data.view, data.report)
    raise ValueError(f"unknown memo format {fmt!r}")


def memo_filename(memo: Memo, extension: str) -> str:
    """Return the file name of a memo: "ita-o43-memo-2570-six_month-demo.pdf"."""
    tail = f"month-{memo.month}" if memo.period == "month" else memo.period
    return f"ita-o43-memo-{memo.fiscal_year}-{tail}-{memo.org}.{extension}"
