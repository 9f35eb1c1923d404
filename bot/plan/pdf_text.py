"""Repair the Thai text that PDF text layers give back: split sara am, reordered marks, PUA."""

from __future__ import annotations

import re

# Old Thai fonts (Windows, Mac) draw shifted tone marks and vowels from the private-use area.
PUA_THAI: dict[str, str] = {
    "\uf700": "ฐ",
    "\uf701": "ิ",
    "\uf702": "ี",
    "\uf703": "ึ",
    "\uf704": "ื",
    "\uf705": "่",
    "\uf706": "้",
    "\uf707": "๊",
    "\uf708": "๋",
    "\uf709": "์",
    "\uf70a": "่",
    "\uf70b": "้",
    "\uf70c": "๊",
    "\uf70d": "๋",
    "\uf70e": "์",
    "\uf70f": "ญ",
    "\uf710": "ั",
    "\uf711": "ํ",
    "\uf712": "็",
    "\uf713": "่",
    "\uf714": "้",
    "\uf715": "๊",
    "\uf716": "๋",
    "\uf717": "์",
    "\uf718": "ุ",
    "\uf719": "ู",
    "\uf71a": "ฺ",
}
_PUA = str.maketrans(PUA_THAI)
CONSONANT = "ก-ฮ"
ABOVE_VOWEL = "\u0e31\u0e34-\u0e37\u0e47"  # ั ิ ี ึ ื ็
BELOW_VOWEL = "\u0e38-\u0e3a"  # ุ ู ฺ
TONE = "\u0e48-\u0e4b"  # ่ ้ ๊ ๋
MARKS = f"{ABOVE_VOWEL}{BELOW_VOWEL}{TONE}\u0e4c\u0e4d\u0e4e"

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Sara am drawn as nikhahit + sara aa: "ดำาเนินการ", "ดําเนินการ", "ทํ่า" -> ทำ่ -> ท่ำ.
    (re.compile(rf"ำ([{TONE}]?)า"), "\\1ำ"),
    (re.compile(rf"\u0e4d([{TONE}]?)\u0e32"), "\\1ำ"),
    # Two tone marks where the font mapped sara uu to mai ek: "ผ้่" -> ผู้, "อย่่" -> อยู่.
    (re.compile(rf"([{CONSONANT}])\u0e48([{TONE}])"), "\\1ู\\2"),
    (re.compile(rf"([{CONSONANT}])([{TONE}])\u0e48"), "\\1ู\\2"),
    # A tone mark before the vowel it sits on: "วันท่ี" -> วันที่.
    (re.compile(rf"([{TONE}\u0e4c])([{ABOVE_VOWEL}{BELOW_VOWEL}])"), "\\2\\1"),
    # A tone mark read as the digit 1 after an above vowel: "ประเด็นที1" -> ประเด็นที่.
    (re.compile(rf"(?<=[{CONSONANT}][\u0e34-\u0e37])1(?![0-9.,])"), "่"),
    # A space before a mark (marks never start a word): "ท้องถิ ่น", "ตัวชี้ วัด".
    (re.compile(rf"\s+([{MARKS}])"), "\\1"),
)


def repair_thai(text: str) -> str:
    """Return text with the usual PDF artefacts of Thai script repaired."""
    text = text.translate(_PUA)
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
