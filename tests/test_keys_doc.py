"""The key schema document lists every key template the code uses."""

import re
from pathlib import Path

from bot.store import keys

DOC = Path(__file__).resolve().parents[1] / "docs" / "redis-keys.md"


def test_every_key_template_is_documented() -> None:
    documented = set(re.findall(r"`(ita:[^`]+)`", DOC.read_text(encoding="utf-8")))
    templates = {
        value
        for name, value in vars(keys).items()
        if name.isupper() and isinstance(value, str) and value != keys.PREFIX
    }
    assert templates - documented == set()
