"""Turn LINE's OpenAPI 3.0 component schemas into one JSON Schema (draft 2020-12) document.

Every component ``X`` becomes two definitions:

* ``X__base`` -- the schema as written, used where another schema extends ``X`` through
  ``allOf`` (LINE's inheritance idiom), so the base neither dispatches nor closes the object;
* ``X`` -- the schema used everywhere else: closed with ``unevaluatedProperties: false`` (an
  unknown or misspelt property is an error), and, when ``X`` has a ``discriminator``, a
  dispatch on the discriminator property: the value must be one of the mapping's keys and the
  object must then satisfy the mapped concrete schema (``if``/``then`` per key).  A concrete
  schema reached through a mapping key also pins that key with ``const``.

OpenAPI-only keywords are dropped, ``nullable`` becomes a ``"null"`` type, and string lengths
are counted in UTF-16 code units as LINE does.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from functools import cache
from typing import Any
from urllib.parse import urlparse

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from .specs import line_messaging_spec, line_webhook_spec

_DROP = {"discriminator", "externalDocs", "example", "examples", "xml", "nullable"}
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SUBSCHEMA_ONE = ("items", "not", "additionalProperties")

DOCS = {"messaging": line_messaging_spec, "webhook": line_webhook_spec}


def utf16_len(text: str) -> int:
    """Return the length of ``text`` in UTF-16 code units (how LINE counts characters)."""
    return len(text.encode("utf-16-le")) // 2


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _convert(node: Any, in_allof: bool = False) -> Any:
    """Convert one OpenAPI schema node (recursively) to JSON Schema."""
    if isinstance(node, list):
        return [_convert(x) for x in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        suffix = "__base" if in_allof else ""
        return {"$ref": f"#/$defs/{_ref_name(node['$ref'])}{suffix}"}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROP or key.startswith("x-"):
            continue
        if key == "properties":
            out[key] = {name: _convert(sub) for name, sub in value.items()}
        elif key in _SUBSCHEMA_LISTS:
            out[key] = [_convert(sub, in_allof=key == "allOf") for sub in value]
        elif key in _SUBSCHEMA_ONE and isinstance(value, dict):
            out[key] = _convert(value)
        else:
            out[key] = copy.deepcopy(value)
    if node.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


def _is_object(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "object" or "properties" in schema or "allOf" in schema


def _mapped_consts(schemas: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Map each concrete schema name to (discriminator property, mapping key)."""
    out: dict[str, tuple[str, str]] = {}
    for schema in schemas.values():
        disc = schema.get("discriminator")
        if not disc:
            continue
        for key, ref in disc.get("mapping", {}).items():
            out[_ref_name(ref)] = (disc["propertyName"], key)
    return out


def _strict(name: str, schema: dict[str, Any], consts: dict[str, tuple[str, str]]) -> Any:
    """Build the closed (and, for discriminator bases, dispatching) definition of ``name``."""
    disc = schema.get("discriminator")
    if disc and disc.get("mapping"):
        prop = disc["propertyName"]
        mapping = disc["mapping"]
        return {
            "type": "object",
            "required": [prop],
            "properties": {prop: {"enum": sorted(mapping)}},
            "allOf": [
                {
                    "if": {"properties": {prop: {"const": key}}, "required": [prop]},
                    "then": {"$ref": f"#/$defs/{_ref_name(ref)}"},
                }
                for key, ref in mapping.items()
            ],
        }
    out = _convert(schema)
    if not isinstance(out, dict) or not _is_object(schema):
        return out
    if name in consts:
        prop, key = consts[name]
        out.setdefault("properties", {})
        out["properties"] = {**out["properties"], prop: {"const": key}}
    out["unevaluatedProperties"] = False
    return out


@cache
def definitions(doc: str) -> dict[str, Any]:
    """Return the ``$defs`` for spec ``doc`` ("messaging" or "webhook")."""
    schemas = DOCS[doc]()["components"]["schemas"]
    consts = _mapped_consts(schemas)
    defs: dict[str, Any] = {}
    for name, schema in schemas.items():
        defs[f"{name}__base"] = _convert(schema)
        defs[name] = _strict(name, schema, consts)
    return defs


def _max_length(validator: Any, limit: int, instance: Any, schema: Any) -> Iterator[Any]:
    if validator.is_type(instance, "string") and utf16_len(instance) > limit:
        yield ValidationError(f"{instance[:40]!r}... is longer than {limit} (UTF-16 units)")


def _min_length(validator: Any, limit: int, instance: Any, schema: Any) -> Iterator[Any]:
    if validator.is_type(instance, "string") and utf16_len(instance) < limit:
        yield ValidationError(f"{instance!r} is shorter than {limit} (UTF-16 units)")


_LineValidator = validators.extend(
    Draft202012Validator, {"maxLength": _max_length, "minLength": _min_length}
)
_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("uri", raises=ValueError)
def _is_uri(value: object) -> bool:
    """Accept an absolute URI: a scheme and something after it."""
    if not isinstance(value, str):
        return True
    parsed = urlparse(value)
    return bool(parsed.scheme) and bool(parsed.netloc or parsed.path)


@cache
def validator_for(doc: str, name: str) -> Any:
    """Return a cached validator for component ``name`` of spec ``doc``."""
    defs = definitions(doc)
    if name not in defs:
        raise KeyError(f"{doc} spec has no schema {name!r}")
    return _LineValidator({"$defs": defs, "$ref": f"#/$defs/{name}"}, format_checker=_FORMATS)


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """Yield the most specific errors under ``error`` (through if/then and allOf)."""
    if error.context:
        for sub in error.context:
            yield from _leaves(sub)
    else:
        yield error


def _describe(err: ValidationError) -> str:
    where = "/".join(str(p) for p in err.absolute_path) or "(root)"
    if err.validator in ("maxItems", "minItems"):
        bound = "at most" if err.validator == "maxItems" else "at least"
        return f"{where}: has {len(err.instance)} items; {bound} {err.validator_value} allowed"
    msg = err.message if len(err.message) <= 300 else err.message[:297] + "..."
    return f"{where}: {msg}"


def schema_errors(doc: str, name: str, instance: Any) -> list[str]:
    """Return readable errors of ``instance`` against component ``name`` (empty if valid)."""
    leaves = [
        leaf for err in validator_for(doc, name).iter_errors(instance) for leaf in _leaves(err)
    ]
    real = [tuple(e.absolute_path) for e in leaves if e.validator != "unevaluatedProperties"]
    out: list[str] = []
    for leaf in leaves:
        path = tuple(leaf.absolute_path)
        # A failing subschema drops its annotations, so every enclosing object then reports
        # its properties as "unevaluated": keep that error only when nothing else explains it.
        if leaf.validator == "unevaluatedProperties" and any(p[: len(path)] == path for p in real):
            continue
        msg = _describe(leaf)
        if msg not in out:
            out.append(msg)
    return out
