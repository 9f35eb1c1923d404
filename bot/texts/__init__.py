"""User-visible texts, one module per language; Thai is the default."""

from __future__ import annotations

from bot.texts import en, th

LANGUAGES: dict[str, dict[str, str]] = {"th": th.TEXTS, "en": en.TEXTS}


def t(key: str, lang: str = "th", /, **values: object) -> str:
    """Return the text for key in lang (falling back to Thai), filled with values."""
    table = LANGUAGES.get(lang, th.TEXTS)
    template = table.get(key) or th.TEXTS[key]
    return template.format(**values) if values else template
