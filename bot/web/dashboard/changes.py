"""Audit entries as people read them: who, when, what, and each changed field before/after."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from bot.domain.thai import BANGKOK
from bot.store.audit import AuditEntry
from bot.texts import t, th
from bot.web.dashboard.rows import date_text

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Fields whose values are words with texts of their own: roles, platforms, statuses.
_WORDS = {"roles": "role", "role": "role", "platforms": "dashboard.channel", "status": "status"}


def _label(prefixes: Sequence[str], key: str, lang: str) -> str:
    """The words for a key under the first prefix that has them, else the key itself."""
    for prefix in prefixes:
        if f"{prefix}.{key}" in th.TEXTS:
            return t(f"{prefix}.{key}", lang)
    return key


def value_text(value: Any, lang: str = "th", words: str = "") -> str:
    """Write a recorded value for people: Thai dates, on/off, lists with commas, "-" for none."""
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, bool):
        return t("dashboard.settings.on" if value else "dashboard.settings.off", lang)
    if isinstance(value, list):
        return ", ".join(value_text(v, lang, words) for v in value)
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return date_text(date.fromisoformat(value), lang)
    if words and isinstance(value, str):
        return _label((words,), value, lang)
    return str(value)


def _as_fields(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    return dict(value) if isinstance(value, Mapping) else {"": value}


def changed_fields(before: Any, after: Any, lang: str = "th") -> list[dict[str, str]]:
    """Return the fields that differ (all of them when none does) with both values as text."""
    old, new = _as_fields(before), _as_fields(after)
    keys = list(dict.fromkeys([*old, *new]))
    shown = [k for k in keys if old.get(k) != new.get(k)] or keys
    return [
        {
            "field": _label(("dashboard.field", "dashboard.setting"), k, lang) if k else "",
            "before": value_text(old.get(k), lang, _WORDS.get(k, ""))
            if before is not None
            else "-",
            "after": value_text(new.get(k), lang, _WORDS.get(k, "")) if after is not None else "-",
        }
        for k in shown
    ]


def audit_rows(
    entries: Sequence[AuditEntry], names: Mapping[str, str], lang: str = "th"
) -> list[dict[str, Any]]:
    """Return audit entries as table rows, newest first as given."""
    rows = []
    for e in entries:
        at = e.at.astimezone(BANGKOK)
        rows.append(
            {
                "when": f"{date_text(at.date(), lang)} {at:%H:%M}",
                "who": names.get(e.actor, e.actor),
                "action": _label(("dashboard.audit.action",), e.action, lang),
                "target": e.target,
                "changes": changed_fields(e.before, e.after, lang),
            }
        )
    return rows
