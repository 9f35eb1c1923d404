"""Hypothesis strategies built from the platforms' own definitions in shared/specs.

LINE: the OpenAPI components of webhook.yml (``$ref``, ``allOf`` inheritance, discriminator
mappings, enums, lengths, patterns, ``nullable``). Telegram: the types of api.json (fields,
required or not, unions through ``subtypes``, "always X" discriminators). Fields named in
``overrides`` (``"text"``, or ``"User.id"`` for Telegram) draw from the given strategy
instead (known users, the bot's own commands, fresh event ids), so the fuzz reaches past
"who are you?" into the conversations.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import strategies as st

from tests.fakes.specs import line_webhook_spec
from tests.fakes.telegram_types import FieldSpec, subtypes, type_fields

Strategy = st.SearchStrategy[Any]
MAX_TEXT = 40  # longer strings find nothing shorter ones do not, and slow every example
MAX_ITEMS = 3
MAX_DEPTH = 6  # past this only required fields are drawn (Message nests Message ...)
TG_OPTIONAL_DEPTH = 2  # a Message has ~80 optional fields: nest them only this deep
INT64 = (-(2**63), 2**63 - 1)
TG_INT = (-(2**31), 2**31 - 1)  # ids of users and chats come from overrides when they matter


def fresh(prefix: str = "") -> Strategy:
    """Return a strategy of values never drawn before (event ids, reply tokens)."""
    counter = itertools.count(1)
    return st.builds(lambda: f"{prefix}{next(counter):08d}")


def fresh_ints(start: int) -> Strategy:
    """Return a strategy of increasing integers from start (Telegram update ids)."""
    counter = itertools.count(start)
    return st.builds(lambda: next(counter))


def _text(min_size: int = 0, max_size: int | None = None) -> Strategy:
    top = MAX_TEXT if max_size is None else min(max_size, MAX_TEXT)
    return st.text(min_size=min_size, max_size=max(top, min_size))


class LineSchemas:
    """Strategies for the components of LINE's webhook.yml."""

    def __init__(self, overrides: dict[str, Strategy] | None = None) -> None:
        self.components: dict[str, Any] = line_webhook_spec()["components"]["schemas"]
        self.overrides = overrides or {}

    def component(self, name: str, depth: int = 0) -> Strategy:
        """Return a strategy for a component, dispatching on its discriminator if it has one."""
        schema = self.components[name]
        mapping = (schema.get("discriminator") or {}).get("mapping")
        if not mapping:
            return self.schema(schema, depth)
        prop = schema["discriminator"]["propertyName"]
        choices = [
            self.schema(self.components[ref.rsplit("/", 1)[-1]], depth).map(
                lambda value, key=key: {**value, prop: key}
            )
            for key, ref in sorted(mapping.items())
        ]
        return st.one_of(choices)

    def events(self, *kinds: str, require: tuple[str, ...] = ()) -> Strategy:
        """Return a CallbackRequest of events of these types, with `require`d fields present."""
        event = self.components["Event"]
        prop = event["discriminator"]["propertyName"]
        mapping = event["discriminator"]["mapping"]
        choices = []
        for kind in kinds:
            props, required = self._flatten(self.components[mapping[kind].rsplit("/", 1)[-1]])
            choices.append(
                self._object(props, required | (set(require) & set(props)), 1).map(
                    lambda value, kind=kind: {**value, prop: kind}
                )
            )
        callback, _ = self._flatten(self.components["CallbackRequest"])
        return st.fixed_dictionaries(
            {
                "destination": self.schema(callback["destination"], 1),
                "events": st.lists(st.one_of(choices), min_size=1, max_size=MAX_ITEMS),
            }
        )

    def _flatten(self, schema: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
        """Merge an object schema and its allOf parts (bases without dispatch)."""
        props: dict[str, Any] = {}
        required: set[str] = set()
        for part in schema.get("allOf", []):
            if "$ref" in part:
                part = self.components[part["$ref"].rsplit("/", 1)[-1]]
            more, needed = self._flatten(part)
            props.update(more)
            required |= needed
        props.update(schema.get("properties") or {})
        required |= set(schema.get("required") or [])
        return props, required

    def schema(self, schema: dict[str, Any], depth: int) -> Strategy:
        """Return a strategy for one schema node."""
        strategy = self._schema(schema, depth)
        return st.one_of(st.none(), strategy) if schema.get("nullable") else strategy

    def _schema(self, schema: dict[str, Any], depth: int) -> Strategy:
        if "$ref" in schema:
            return self.component(schema["$ref"].rsplit("/", 1)[-1], depth)
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        if "oneOf" in schema or "anyOf" in schema:
            return st.one_of(
                [self.schema(s, depth) for s in schema.get("oneOf", schema.get("anyOf"))]
            )
        kind = schema.get("type")
        if kind == "object" or "properties" in schema or "allOf" in schema:
            props, required = self._flatten(schema)
            return self._object(props, required, depth)
        if kind == "array":
            items = self.schema(schema.get("items") or {}, depth + 1)
            low = schema.get("minItems", 0)
            return st.lists(
                items,
                min_size=low,
                max_size=max(low, min(schema.get("maxItems", MAX_ITEMS), MAX_ITEMS)),
            )
        if kind == "integer":
            low, high = INT64
            return st.integers(schema.get("minimum", low), schema.get("maximum", high))
        if kind == "number":
            return st.floats(allow_nan=False, allow_infinity=False)
        if kind == "boolean":
            return st.booleans()
        if kind == "string":
            if "pattern" in schema:
                return st.from_regex(schema["pattern"], fullmatch=True)
            return _text(schema.get("minLength", 0), schema.get("maxLength"))
        return st.nothing() if depth > MAX_DEPTH else st.one_of(st.none(), st.integers(), _text())

    def _object(self, props: dict[str, Any], required: set[str], depth: int) -> Strategy:
        def field(name: str) -> Strategy:
            if name in self.overrides:
                return self.overrides[name]
            return self.schema(props[name], depth + 1)

        optional = {} if depth > MAX_DEPTH else {n: field(n) for n in props if n not in required}
        return st.fixed_dictionaries(
            {n: field(n) for n in sorted(required) if n in props}, optional=optional
        )


class TelegramSchemas:
    """Strategies for the types of Telegram's api.json."""

    def __init__(
        self,
        overrides: dict[str, Strategy] | None = None,
        always: dict[str, set[str]] | None = None,
    ) -> None:
        self.overrides = overrides or {}
        self.always = always or {}  # optional fields drawn every time, per type

    def update(self, *only: str) -> Strategy:
        """Return an Update: update_id and at most one optional kind (of `only`, if given)."""
        fields = type_fields("Update") or {}
        kinds = [f for f in fields.values() if not f.required and (not only or f.name in only)]
        one_kind = st.one_of(
            st.just({}),
            *[self._value("Update", f, 1).map(lambda v, name=f.name: {name: v}) for f in kinds],
        )
        return st.tuples(self._value("Update", fields["update_id"], 1), one_kind).map(
            lambda pair: {"update_id": pair[0], **pair[1]}
        )

    def type(self, name: str, depth: int = 0) -> Strategy:
        """Return a strategy for a Telegram type (a union picks one of its subtypes)."""
        union = subtypes(name)
        if union:
            return st.one_of([self.type(sub, depth) for sub in union])
        fields = type_fields(name)
        if fields is None:
            return _text()
        always = self.always.get(name, set())
        required = {
            f.name: self._value(name, f, depth + 1)
            for f in fields.values()
            if f.required or f.name in always
        }
        optional = (
            {}
            if depth > TG_OPTIONAL_DEPTH
            else {
                f.name: self._value(name, f, depth + 1)
                for f in fields.values()
                if not (f.required or f.name in always)
            }
        )
        return st.fixed_dictionaries(required, optional=optional)

    def _value(self, owner: str, spec: FieldSpec, depth: int) -> Strategy:
        for key in (f"{owner}.{spec.name}", spec.name):
            if key in self.overrides:
                return self.overrides[key]
        if spec.const is not None:
            return st.just(spec.const)
        return st.one_of([self._of(kind, depth) for kind in spec.types])

    def _of(self, kind: str, depth: int) -> Strategy:
        if kind.startswith("Array of "):
            return st.lists(self._of(kind[len("Array of ") :], depth + 1), max_size=MAX_ITEMS)
        primitives: dict[str, Strategy] = {
            "Integer": st.integers(*TG_INT),
            "Float": st.floats(allow_nan=False, allow_infinity=False),
            "String": _text(),
            "Boolean": st.booleans(),
            "True": st.just(True),
        }
        if kind in primitives:
            return primitives[kind]
        if depth > 3 * MAX_DEPTH:
            return st.just({})  # never reached through required fields alone, but bounded
        return st.deferred(lambda: self.type(kind, depth))
