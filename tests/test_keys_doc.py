"""The key schema document lists every key template the code uses."""

import re
import string
from pathlib import Path

from bot.store import keys

DOC = Path(__file__).resolve().parents[1] / "docs" / "redis-keys.md"


def templates() -> dict[str, str]:
    """Every key template of bot/store/keys.py by name."""
    return {
        name: value
        for name, value in vars(keys).items()
        if name.isupper() and isinstance(value, str) and value != keys.PREFIX
    }


def fields(template: str) -> list[str]:
    """The str.format fields of a template (none for a fixed key)."""
    if any(template.startswith(keys.PREFIX + tag) for tag in keys.SHARED_TAGS):
        return []  # a fixed key whose braces are its hash tag
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def as_documented(template: str) -> str:
    """A template as the document writes it: values as <name>, hash-tag braces kept."""
    names = fields(template)
    return template.format(**{n: f"<{n}>" for n in names}) if names else template


def test_every_key_template_is_documented() -> None:
    documented = set(re.findall(r"`(ita:[^`]+)`", DOC.read_text(encoding="utf-8")))
    assert {as_documented(t) for t in templates().values()} - documented == set()


def test_an_organisations_keys_carry_its_id_as_their_hash_tag() -> None:
    shared = {"ORG_CHANNELS"}  # in the {channels} slot with the records it lists
    for name, template in templates().items():
        if "org" in fields(template) and name not in shared:
            assert template.startswith(keys.PREFIX + "{{{org}}}:"), name
            assert as_documented(template).startswith("ita:{<org>}:"), name
        if "user" in fields(template) and "platform" in fields(template):
            assert template.startswith(keys.PREFIX + "user:{{{platform}:{user}}}:"), name
