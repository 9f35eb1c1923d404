"""The publication pack: one ZIP for the website, named for ITA item O43 (2566 numbering)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.chat.evidence import ALLOWED, EvidenceService
from bot.domain.thai import BANGKOK, format_date_th
from bot.memo.model import Memo
from bot.memo.service import bundle, memo_filename, render_bundle
from bot.report import render
from bot.store.redis_store import RedisStore
from bot.summary.compile import state_at

ITEM = "O43"  # "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" (seed 004)
INDEX_COLUMNS = ("มาตรการ", "ชื่อไฟล์", "วันที่", "ลิงก์")


@dataclass(frozen=True)
class EvidenceRow:
    """One line of the evidence index."""

    measure: str
    name: str
    day: str
    link: str


def pack_name(memo: Memo) -> str:
    """Return the ZIP's name: "ITA-O43-2570-six_month-demo.zip"."""
    tail = f"month-{memo.month}" if memo.period == "month" else memo.period
    org = re.sub(r"[^A-Za-z0-9_-]+", "-", memo.org).strip("-")
    return f"ITA-{ITEM}-{memo.fiscal_year}-{tail}-{org}.zip"


def evidence_rows(
    store: RedisStore, evidence: EvidenceService | None, memo: Memo, end: datetime
) -> tuple[list[EvidenceRow], dict[str, bytes]]:
    """Return the index of the evidence behind each measure's report, and the files to include."""
    rows: list[EvidenceRow] = []
    files: dict[str, bytes] = {}
    measures = store.measures(memo.org)
    history = store.reports_of(memo.org, [m.id for m in measures])
    for m in sorted(measures, key=lambda m: m.number):
        latest = state_at(history.get(m.id, []), end).latest
        if latest is None or evidence is None:
            continue
        day = format_date_th(latest.at.astimezone(BANGKOK).date())
        for evidence_id in latest.evidence:
            record = evidence.get(memo.org, evidence_id)
            title = f"{m.number}. {m.title}"
            if record.get("kind") == "link":
                rows.append(EvidenceRow(title, record.get("url", ""), day, record.get("url", "")))
                continue
            digest = record.get("sha256", "")
            data = evidence.read(digest) if record.get("state") == "ok" and digest else None
            if data is None:
                continue
            extension = ALLOWED.get(record.get("mime", ""), "bin")
            name = record.get("name") or f"{evidence_id}.{extension}"
            inside = f"evidence/{m.number:03d}-{evidence_id}-{_safe(name)}"
            files[inside] = data
            rows.append(EvidenceRow(title, name, day, inside))
    return rows, files


def _safe(name: str) -> str:
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", name)[:80]


def index_csv(rows: list[EvidenceRow]) -> bytes:
    """Return the evidence index as CSV (UTF-8 with BOM, so Excel reads Thai)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(INDEX_COLUMNS)
    for row in rows:
        writer.writerow((row.measure, row.name, row.day, row.link))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def build_pack(
    store: RedisStore,
    evidence: EvidenceService | None,
    memo: Memo,
    now: datetime,
    thai_digits: bool = True,
) -> bytes:
    """Return the ZIP: the signed memo PDF, the progress report (PDF, DOCX), the evidence."""
    data = bundle(store, evidence, memo, now, thai_digits)
    end = datetime.combine(data.report.period_end + timedelta(days=1), time(), BANGKOK)
    rows, files = evidence_rows(store, evidence, memo, end)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(memo_filename(memo, "pdf"), render_bundle(data, "pdf"))
        report_stem = f"{ITEM}-report-{memo.fiscal_year}-{memo.period}-{memo.org}"
        archive.writestr(f"{report_stem}.pdf", render(data.report, "pdf"))
        archive.writestr(f"{report_stem}.docx", render(data.report, "docx"))
        archive.writestr(f"{ITEM}-evidence-index.csv", index_csv(rows))
        for inside, content in sorted(files.items()):
            archive.writestr(inside, content)
    return out.getvalue()
