"""Result types of importing a plan file, shared by the Word and Excel readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.domain.model import Assessment, Status
from bot.texts import t


@dataclass
class ImportedMeasure:
    """One measure read from a plan, before it is stored as a Measure."""

    title: str
    method: str = ""
    divisions: list[str] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    timeframe_text: str = ""
    timeframe_defaulted: bool = False
    status: Status | None = None
    assessment: Assessment | None = None
    indicator: int | None = None
    item: str | None = None
    follow_up: str = ""
    result_text: str = ""
    source: str = ""
    warnings: list[str] = field(default_factory=list)
    suggestion: str = ""


@dataclass
class PlanImport:
    """Everything read from one plan file."""

    measures: list[ImportedMeasure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fiscal_year: int | None = None
    unknown_divisions: list[str] = field(default_factory=list)


class PlanImportError(Exception):
    """A plan file that cannot be imported at all; message is shown to the user (Thai)."""

    def __init__(self, code: str, message: str | None = None, **values: object) -> None:
        self.code = code
        if message is None:
            try:
                message = t(f"plan.error.{code}", "th", **values)
            except KeyError:
                message = t("error.generic", "th")
        self.message = message
        super().__init__(message)


def to_cli_json(plan: PlanImport) -> dict[str, Any]:
    """Return the import as JSON-ready data for the command line and tests."""
    return {
        "measures": [
            {
                "title": m.title,
                "method": m.method,
                "divisions": list(m.divisions),
                "start": m.start.isoformat() if m.start else None,
                "end": m.end.isoformat() if m.end else None,
                "timeframe_text": m.timeframe_text,
                "status": m.status.value if m.status else None,
                "assessment": m.assessment.value if m.assessment else None,
                "indicator": m.indicator,
                "item": m.item,
                "warnings": list(m.warnings),
            }
            for m in plan.measures
        ],
        "warnings": list(plan.warnings),
    }
