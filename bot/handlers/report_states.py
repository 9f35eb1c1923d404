"""The report conversation's step names and limits, shared by its modules.

The conversation is split so that every arrow runs one way: ``report_states`` ←
``report_evidence`` ← ``review`` ← ``report_steps`` ← ``draft`` ← ``quick`` ← ``report``,
which holds every handler and the table of states.
"""

from __future__ import annotations

import re

from bot.domain.model import Role

MEASURE, STATUS, TEXT, EVIDENCE, REASON, CONFIRM, SUGGEST = (
    "report.measure", "report.status", "report.text", "report.evidence", "report.reason",
    "report.confirm", "report.suggest",
)  # fmt: skip
DRAFT = "report.draft"  # asking whether to keep an open draft
DRAFT_STEPS = {STATUS, TEXT, EVIDENCE, REASON, CONFIRM, SUGGEST}
REPORTERS = {Role.STAFF, Role.SECRETARY, Role.ADMIN}
URL = re.compile(r"https?://\S+")
MAX_EVIDENCE = 10
