"""Match the responsible-division cell of a plan against an organisation's divisions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.domain.model import Division

# Words that name a kind of division and may be left off ("ช่าง" = "กองช่าง").
_KIND_PREFIXES = ("สำนักงาน", "สำนัก", "กอง", "ส่วน", "ฝ่าย")
# Organisation types written after a division ("สำนักปลัด อบต.") and joining words.
_ORG_WORDS = (
    "องค์การบริหารส่วนตำบล",
    "องค์การบริหารส่วนจังหวัด",
    "เทศบาลตำบล",
    "เทศบาลเมือง",
    "เทศบาลนคร",
    "เทศบาล",
    "อบต",
    "อบจ",
    "ทต",
    "ทม",
    "ทน",
)
_FILLER_WORDS = (
    "ที่เกี่ยวข้อง",
    "ที่รับผิดชอบ",
    "ผู้อำนวยการ",
    "หัวหน้า",
    "ร่วมกับ",
    "ผอ",
    "และ",
    "กับ",
    "โดย",
    "ฯลฯ",
    "ฯ",
)
# Short forms that only count as a word of their own ("อบต.", "ผอ.กองช่าง").
_ABBREVIATIONS = {"อบต", "อบจ", "ทต", "ทม", "ทน", "ผอ"}
_THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")
# "ทุก" followed by one of these means every division.
_ALL_WORDS = (
    "ส่วนราชการ",
    "ส่วนงาน",
    "หน่วยงาน",
    "สำนักกอง",
    "กองสำนัก",
    "กอง",
    "สำนัก",
    "ฝ่าย",
    "ส่วน",
)
_DROP = re.compile(r"[\s0-9๐-๙.,;:/\\()\[\]{}\-–—_•*·'\"“”‘’!?+&|]")
_MIN_ABBREVIATION = 4
# Where a cell lists several names: line breaks, commas, slashes and numbering ("๒.").
_SEPARATORS = re.compile(r"[\n,;/|]+|(?:^|\s)[(]?[0-9๐-๙]+[.)]")


@dataclass
class DivisionMatch:
    """The divisions found in one cell, the pieces not understood, and whether it meant all."""

    divisions: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    is_all: bool = False


@dataclass(frozen=True)
class _Key:
    text: str
    division: str
    short: bool  # a short form ("ช่าง"): not accepted right after a kind word ("กองช่างโยธา")


def normalise(text: str) -> str:
    """Return text with spaces, digits, punctuation and ฯ removed, for comparing names."""
    return _DROP.sub("", _fix_sara_am(text)).replace("ฯ", "").lower()


def _fix_sara_am(text: str) -> str:
    return text.replace("\u0e4d\u0e32", "\u0e33").replace("\u200b", "")


def _strip_kind(name: str) -> str:
    for prefix in _KIND_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            return name[len(prefix) :]
    return name


class DivisionMatcher:
    """Find an organisation's divisions in free text such as "สำนักปลัด อบต. กองคลัง ,ช่าง"."""

    def __init__(self, divisions: Sequence[Division]) -> None:
        self.names = [d.name for d in divisions]
        candidates: dict[str, set[str]] = {}
        short: set[str] = set()
        for division in divisions:
            for text, is_short in _keys_for(division):
                if len(text) >= 2:
                    candidates.setdefault(text, set()).add(division.name)
                    if is_short:
                        short.add(text)
        # A key that points to two divisions is ambiguous: keep only the unique ones.
        self._keys = sorted(
            (
                _Key(text, next(iter(owners)), text in short)
                for text, owners in candidates.items()
                if len(owners) == 1
            ),
            key=lambda k: -len(k.text),
        )
        self._by_first: dict[str, list[_Key]] = {}
        for key in self._keys:
            self._by_first.setdefault(key.text[0], []).append(key)

    def match(self, cell_text: str) -> DivisionMatch:
        """Return the divisions named in cell_text, in order, and the pieces not understood."""
        text = _fix_sara_am(cell_text or "")
        norm, origin = _normalise_with_origin(text)
        result = DivisionMatch()
        pending_start: int | None = None  # start (in norm) of text not yet understood
        after_org_word = False
        i = 0
        while i < len(norm):
            hit = self._match_at(norm, i, pending_start)
            if hit is not None:
                length, name = hit
                if pending_start is not None:
                    self._add_unknown(result, text, origin, norm, pending_start, i, after_org_word)
                    pending_start = None
                after_org_word = norm[i : i + length].endswith(_ORG_WORDS)
                if name is None:  # every division
                    result.is_all = True
                    for every in self.names:
                        _add(result.divisions, every)
                else:
                    _add(result.divisions, name)
                i += length
                continue
            filler = _word_at(norm, i, _ORG_WORDS + _FILLER_WORDS)
            if filler in _ABBREVIATIONS and _word_goes_on(text, origin, i + len(filler)):
                filler = None  # "ทน" in "ทนาย" is not เทศบาลนคร
            if filler and pending_start is None:
                after_org_word = filler in _ORG_WORDS or (after_org_word and filler == "ฯ")
                i += len(filler)
                continue
            if pending_start is None:
                pending_start = i
            i += 1
        if pending_start is not None:
            self._add_unknown(result, text, origin, norm, pending_start, len(norm), after_org_word)
        return result

    def _match_at(
        self, norm: str, i: int, pending_start: int | None
    ) -> tuple[int, str | None] | None:
        """Return (length, division name or None for "all") for a name starting at i."""
        if norm.startswith("ทุก", i):
            word = _word_at(norm, i + 3, _ALL_WORDS)
            if word:
                return 3 + len(word), None
        pending = norm[pending_start:i] if pending_start is not None else ""
        after_kind = pending.endswith(_KIND_PREFIXES)
        for key in self._by_first.get(norm[i], ()):
            if norm.startswith(key.text, i) and not (key.short and after_kind):
                return len(key.text), key.division
        return self._abbreviation_at(norm, i)

    def _abbreviation_at(self, norm: str, i: int) -> tuple[int, str] | None:
        """Match a name cut short with ฯ ("กองการศึกษาฯ") to the one division it starts."""
        end = norm.find("ฯ", i)
        if end == -1 or end - i < _MIN_ABBREVIATION:
            return None
        piece = norm[i:end]
        owners = {k.division for k in self._keys if k.text.startswith(piece)}
        if len(owners) == 1:
            return end - i, owners.pop()
        return None

    def _add_unknown(
        self,
        result: DivisionMatch,
        text: str,
        origin: list[int],
        norm: str,
        start: int,
        end: int,
        after_org_word: bool,
    ) -> None:
        piece_norm = norm[start:end].replace("ฯ", "")
        if not piece_norm or after_org_word:
            # Nothing left, or the place name after "อบต." ("สำนักปลัด อบต.คลองขนาก").
            return
        written = text[origin[start] : origin[end - 1] + 1]
        for piece in _SEPARATORS.split(written):
            piece = piece.strip(" \t-–.")
            if normalise(piece) and piece not in result.unknown:
                result.unknown.append(piece)


def _keys_for(division: Division) -> list[tuple[str, bool]]:
    keys: list[tuple[str, bool]] = []
    for raw in (division.name, *division.aliases):
        full = normalise(raw)
        if not full:
            continue
        keys.append((full, False))
        if full.startswith("สำนัก") and not full.startswith("สำนักงาน"):
            keys.append(("สำนักงาน" + full[len("สำนัก") :], False))
        bare = _strip_kind(full)
        if bare != full:
            keys.append((bare, True))
        first_word = normalise(raw.split()[0]) if raw.split() else ""
        if first_word and first_word != full and len(_strip_kind(first_word)) >= 3:
            keys.append((first_word, False))
    for unit in division.units:
        unit_norm = normalise(unit)
        if unit_norm:
            keys.append((unit_norm, False))
    return keys


def _normalise_with_origin(text: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if _DROP.match(char):
            continue
        chars.append(char.lower())
        origin.append(index)
    return "".join(chars), origin


def _word_goes_on(text: str, origin: list[int], end: int) -> bool:
    """Whether the original text carries on with Thai letters after norm[:end]."""
    after = origin[end - 1] + 1
    return after < len(text) and bool(_THAI_LETTER.match(text[after]))


def _word_at(norm: str, i: int, words: Sequence[str]) -> str | None:
    for word in words:
        if norm.startswith(word, i):
            return word
    return None


def _add(names: list[str], name: str) -> None:
    if name not in names:
        names.append(name)


def default_divisions() -> list[Division]:
    """Return the six divisions most อบต./เทศบาล have, with common aliases and units."""
    return [
        Division(
            "สำนักปลัด",
            aliases=("สำนักงานปลัด", "สำนักปลัด อบต.", "สำนักปลัดเทศบาล"),
            units=(
                "งานบริหารทั่วไป",
                "งานบริหารงานทั่วไป",
                "งานนิติการ",
                "งานการเจ้าหน้าที่",
                "งานธุรการ",
                "งานกิจการสภา",
                "งานป้องกันและบรรเทาสาธารณภัย",
            ),
        ),
        Division(
            "กองคลัง",
            aliases=("ส่วนการคลัง",),
            units=(
                "งานการเงิน",
                "งานบัญชี",
                "งานพัสดุและทรัพย์สิน",
                "งานพัฒนาและจัดเก็บรายได้",
                "งานแผนที่ภาษีและทะเบียนทรัพย์สิน",
            ),
        ),
        Division(
            "กองช่าง",
            aliases=("ส่วนโยธา", "กองโยธา"),
            units=("งานก่อสร้าง", "งานออกแบบและควบคุมอาคาร", "งานประสานสาธารณูปโภค"),
        ),
        Division(
            "กองการศึกษา ศาสนาและวัฒนธรรม",
            aliases=("กองการศึกษา", "ส่วนการศึกษา"),
            units=("งานบริหารการศึกษา", "งานส่งเสริมการศึกษา ศาสนาและวัฒนธรรม"),
        ),
        Division(
            "กองสวัสดิการสังคม",
            aliases=("ส่วนสวัสดิการสังคม",),
            units=("งานพัฒนาชุมชน", "งานสวัสดิการและพัฒนาชุมชน", "งานสังคมสงเคราะห์"),
        ),
        Division(
            "กองยุทธศาสตร์และงบประมาณ",
            aliases=("กองยุทธศาสตร์",),
            units=("งานนโยบายและแผน", "งานวิเคราะห์นโยบายและแผน", "งานงบประมาณ"),
        ),
    ]
