"""The official O43 report built from the store: a period, each measure as it stood then."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Literal

from bot.chat.evidence import EvidenceService
from bot.domain.clock import utc_now
from bot.domain.model import Role
from bot.domain.thai import BANGKOK, fiscal_year_range, half_year_range, month_range
from bot.report import ReportDocument, ReportRow
from bot.store.redis_store import RedisStore
from bot.summary.compile import state_at

Period = Literal["six_month", "year_end", "month"]


def period_range(
    kind: Period, fiscal_year: int, year: int = 0, month: int = 0
) -> tuple[date, date]:
    """Return the first and last day a report covers (fiscal year in B.E.)."""
    if kind == "six_month":
        return half_year_range(fiscal_year)
    if kind == "year_end":
        return fiscal_year_range(fiscal_year)
    return month_range(year, month)


def build_document(
    store: RedisStore,
    evidence: EvidenceService | None,
    org_id: str,
    kind: Period,
    start: date,
    end: date,
    fiscal_year: int,
    thai_digits: bool = False,
    now: datetime | None = None,
) -> ReportDocument:
    """Collect each measure's latest report made by the period's end (amendments applied)."""
    org = store.require_org(org_id)
    measures = store.measures(org_id)
    history = store.reports_of(org_id, [m.id for m in measures])
    cutoff = datetime.combine(end + timedelta(days=1), time(), tzinfo=BANGKOK)
    rows = []
    for m in measures:
        latest = state_at(history.get(m.id, []), cutoff).latest
        names = []
        if latest is not None and evidence is not None:
            for evidence_id in latest.evidence:
                record = evidence.get(org_id, evidence_id)
                if record.get("state") in ("ok", "pending"):
                    names.append(record.get("name") or record.get("url") or evidence_id)
        suggestion = latest.suggestion if latest is not None else ""
        rows.append(ReportRow(m, latest, names, suggestion))
    secretary = next((p for p in store.people(org_id) if p.has_role(Role.SECRETARY)), None)
    return ReportDocument(
        org=org,
        fiscal_year=fiscal_year,
        period_start=start,
        period_end=end,
        kind=kind,
        rows=rows,
        thai_digits=thai_digits,
        generated_at=(now or utc_now()).astimezone(BANGKOK),
        reporter_name=secretary.name if secretary else "",
        reporter_position="เลขานุการคณะทำงานติดตามมาตรการฯ" if secretary else "",
    )
