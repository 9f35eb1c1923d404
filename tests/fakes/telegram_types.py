"""Check JSON values against Telegram types as api.json describes them.

api.json gives, per type, its fields (``types`` such as ``"Integer"``, ``"Array of String"``,
``"InlineKeyboardMarkup"``), whether each is required, and prose descriptions.  Beyond the
declared shape this checker applies rules that only live in the prose:

* ``N-M characters`` / ``N-M bytes`` ranges in a field's description (``callback_data`` 1-64
  bytes, message ``text`` 1-4096 characters ...); "after entities parsing" lengths are measured
  on the text with the sibling ``parse_mode`` markup removed (an approximation);
* a subtype's discriminator (``type``/``status``/``source`` "always X" / "must be X") when
  choosing among a union's subtypes;
* ``InlineKeyboardButton``: exactly one field besides text, icon_custom_emoji_id and style.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .specs import telegram_spec

PRIMITIVES = {"String", "Integer", "Float", "Boolean", "True"}
_RANGE = re.compile(r"(\d+)-(\d+) (characters|bytes)")
_CONST = re.compile(r"(?:always|must be) [\"“*]?([a-z_]+)[\"”*]?")
_DISCRIMINATORS = ("type", "status", "source")
_BUTTON_FREE = {"text", "icon_custom_emoji_id", "style"}
PARSE_MODES = {"html", "markdown", "markdownv2"}


@dataclass
class Ctx:
    """Per-call context: names of uploaded multipart file parts and attach:// uses."""

    files: set[str] = field(default_factory=set)
    attached: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class FieldSpec:
    """One field of a type or parameter of a method."""

    name: str
    types: tuple[str, ...]
    required: bool
    length: tuple[int, int, str] | None  # (lo, hi, "characters" | "bytes")
    after_entities: bool
    const: str | None


def _field(raw: dict[str, Any], subtype: bool) -> FieldSpec:
    desc = raw.get("description", "")
    match = _RANGE.search(desc)
    const = None
    if subtype and raw["name"] in _DISCRIMINATORS:
        found = _CONST.search(desc)
        const = found.group(1) if found else None
    return FieldSpec(
        name=raw["name"],
        types=tuple(raw["types"]),
        required=bool(raw.get("required")),
        length=(int(match.group(1)), int(match.group(2)), match.group(3)) if match else None,
        after_entities="after entit" in desc,
        const=const,
    )


@cache
def type_fields(name: str) -> dict[str, FieldSpec] | None:
    """Return the fields of Telegram type ``name`` (None if it is not an object type)."""
    raw = telegram_spec()["types"].get(name)
    if raw is None:
        return None
    subtype = bool(raw.get("subtype_of"))
    return {f["name"]: _field(f, subtype) for f in raw.get("fields", [])}


@cache
def method_fields(name: str) -> dict[str, FieldSpec] | None:
    """Return the parameters of method ``name`` (None if api.json has no such method)."""
    raw = telegram_spec()["methods"].get(name)
    if raw is None:
        return None
    return {f["name"]: _field(f, False) for f in raw.get("fields", [])}


def subtypes(name: str) -> list[str]:
    """Return the subtypes of a union type (empty for concrete types)."""
    return list(telegram_spec()["types"].get(name, {}).get("subtypes", []))


def visible_text(text: str, parse_mode: Any) -> str:
    """Approximate the text left after Telegram parses ``parse_mode`` markup."""
    mode = parse_mode.lower() if isinstance(parse_mode, str) else ""
    if mode == "html":
        return html.unescape(re.sub(r"<[^>]*>", "", text))
    if mode not in ("markdown", "markdownv2"):
        return text
    text = re.sub(r"\]\((?:[^()\\]|\\.)*\)", "]", text)
    out: list[str] = []
    escaped = False
    for ch in text:
        if escaped or (ch == "\\" and mode == "markdown"):
            out.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch not in "*_~|`[]":
            out.append(ch)
    return "".join(out)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list):
        return "Array"
    return "Object" if isinstance(value, dict) else type(value).__name__


def _primitive_ok(tname: str, value: Any) -> bool:
    if tname == "String":
        return isinstance(value, str)
    if tname == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if tname == "Float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if tname == "True":
        return value is True
    return isinstance(value, bool)


def _shape_matches(tname: str, value: Any) -> bool:
    """Whether ``value`` has the right JSON kind for ``tname`` (ignoring contents)."""
    if tname.startswith("Array of "):
        return isinstance(value, list)
    if tname in PRIMITIVES:
        return _primitive_ok(tname, value)
    if tname == "InputFile":
        return isinstance(value, str) and value.startswith("attach://")
    return isinstance(value, dict)


def value_errors(types: tuple[str, ...] | list[str], value: Any, path: str, ctx: Ctx) -> list[str]:
    """Return errors of ``value`` against any of the type expressions ``types``."""
    candidates = [t for t in types if _shape_matches(t, value)]
    if not candidates:
        return [f"{path}: expected {' or '.join(types)}, got {_kind(value)}"]
    best: list[str] | None = None
    for tname in candidates:
        errors = _one_type_errors(tname, value, path, ctx)
        if not errors:
            return []
        if best is None or len(errors) < len(best):
            best = errors
    return best or []


def _one_type_errors(tname: str, value: Any, path: str, ctx: Ctx) -> list[str]:
    if tname.startswith("Array of "):
        inner = tname[len("Array of ") :]
        return [
            err
            for i, v in enumerate(value)
            for err in value_errors((inner,), v, f"{path}/{i}", ctx)
        ]
    if tname in PRIMITIVES:
        return []
    if tname == "InputFile":
        name = value[len("attach://") :]
        ctx.attached.add(name)
        return [] if name in ctx.files else [f"{path}: {value} names no uploaded file part"]
    if subtypes(tname):
        return _union_errors(tname, value, path, ctx)
    return object_errors(tname, value, path, ctx)


def _union_errors(tname: str, value: dict[str, Any], path: str, ctx: Ctx) -> list[str]:
    subs = subtypes(tname)
    pinned = []
    for sub in subs:
        fields = type_fields(sub) or {}
        consts = {f.name: f.const for f in fields.values() if f.const}
        if consts and all(value.get(k) == v for k, v in consts.items()):
            pinned.append(sub)
    if pinned:
        return value_errors(tuple(pinned), value, path, ctx)
    if any(any(f.const for f in (type_fields(s) or {}).values()) for s in subs):
        return [f"{path}: matches no subtype of {tname} ({', '.join(subs)})"]
    return value_errors(tuple(subs), value, path, ctx)


def object_errors(tname: str, value: dict[str, Any], path: str, ctx: Ctx) -> list[str]:
    """Return errors of a dict against object type ``tname``, field by field."""
    fields = type_fields(tname)
    if fields is None:
        return [f"{path}: api.json has no type {tname}"]
    return fields_errors(fields, value, path, ctx, owner=tname)


def fields_errors(
    fields: dict[str, FieldSpec], value: dict[str, Any], path: str, ctx: Ctx, owner: str
) -> list[str]:
    """Check a dict's keys and values against ``fields`` (a type's or a method's)."""
    where = f"{path}: unknown field" if path else "unknown parameter"
    errors = [f"{where} '{k}' for {owner}" for k in value if k not in fields]
    for spec in fields.values():
        sub = f"{path}/{spec.name}" if path else spec.name
        if spec.name not in value:
            if spec.required:
                errors.append(f"{sub}: required by {owner}")
            continue
        item = value[spec.name]
        errors += value_errors(spec.types, item, sub, ctx)
        if spec.const is not None and item != spec.const:
            errors.append(f"{sub}: must be {spec.const!r}")
        if isinstance(item, str):
            errors += _length_errors(spec, item, value, sub)
        mode = item if spec.name.endswith("parse_mode") and isinstance(item, str) else None
        if mode is not None and mode.lower() not in PARSE_MODES:
            errors.append(f"{sub}: {item!r} is not HTML, Markdown or MarkdownV2")
    if owner == "InlineKeyboardButton":
        used = [k for k in value if k not in _BUTTON_FREE]
        if len(used) != 1:
            errors.append(f"{path}: exactly one of the button kinds must be set, got {used}")
    return errors


def _length_errors(spec: FieldSpec, item: str, siblings: dict[str, Any], path: str) -> list[str]:
    if spec.length is None:
        return []
    lo, hi, unit = spec.length
    if spec.after_entities:
        mode = siblings.get(f"{spec.name}_parse_mode", siblings.get("parse_mode"))
        item = visible_text(item, mode)
    size = len(item.encode()) if unit == "bytes" else len(item)
    if lo <= size <= hi:
        return []
    return [f"{path}: {size} {unit}, must be {lo}-{hi} {unit}"]
