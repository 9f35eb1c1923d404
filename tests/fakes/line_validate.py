"""Check LINE API requests and webhook bodies against messaging-api.yml / webhook.yml."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .line_rules import documented_limit_errors
from .line_schema import schema_errors
from .specs import SpecViolation, line_messaging_spec

DATA_HOST = "https://api-data.line.me"


@dataclass(frozen=True)
class LineOperation:
    """One operation of messaging-api.yml."""

    method: str
    path: str
    operation_id: str
    body_schema: str | None
    body_required: bool
    data_host: bool
    parameters: list[dict[str, Any]] = field(default_factory=list)
    regex: re.Pattern[str] = field(default=re.compile(""), compare=False)


@cache
def line_operations() -> tuple[LineOperation, ...]:
    """Return every operation in messaging-api.yml, literal paths before templated ones."""
    ops: list[LineOperation] = []
    for path, item in line_messaging_spec()["paths"].items():
        shared = item.get("parameters", [])
        for method, op in item.items():
            if method == "parameters":
                continue
            body = op.get("requestBody") or {}
            content = body.get("content", {})
            schema = (content.get("application/json") or {}).get("schema", {})
            servers = op.get("servers") or []
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(path)) + "$"
            ops.append(
                LineOperation(
                    method=method.upper(),
                    path=path,
                    operation_id=op.get("operationId", ""),
                    body_schema=schema["$ref"].rsplit("/", 1)[-1] if "$ref" in schema else None,
                    body_required=bool(body.get("required")),
                    data_host=any(s.get("url") == DATA_HOST for s in servers),
                    parameters=[*shared, *op.get("parameters", [])],
                    regex=re.compile(pattern),
                )
            )
    ops.sort(key=lambda o: o.path.count("{"))
    return tuple(ops)


def find_line_operation(method: str, path: str) -> LineOperation | None:
    """Return the spec operation for ``method`` + ``path`` (query string ignored), or None."""
    path = path.split("?", 1)[0]
    for op in line_operations():
        if op.method == method.upper() and op.regex.match(path):
            return op
    return None


def _parameter_errors(
    op: LineOperation, query: Mapping[str, str], headers: Mapping[str, str]
) -> list[str]:
    errors: list[str] = []
    lower = {k.lower(): v for k, v in headers.items()}
    for param in op.parameters:
        name, where = param.get("name", ""), param.get("in")
        value = query.get(name) if where == "query" else None
        if where == "header":
            value = lower.get(name.lower())
        if where in ("query", "header") and value is None and param.get("required"):
            errors.append(f"{where} parameter '{name}' is required")
        fmt = (param.get("schema") or {}).get("format")
        if value is not None and fmt == "uuid":
            try:
                uuid.UUID(value)
            except ValueError:
                errors.append(f"{where} parameter '{name}' must be a UUID, got {value!r}")
    return errors


def line_request_errors(
    method: str,
    path: str,
    body: Any = None,
    *,
    query: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> list[str]:
    """Return spec violations of one LINE API request (empty list when valid).

    ``body`` is the decoded JSON body (None when there is none).  With ``headers`` the
    ``Authorization: Bearer`` header is checked too.
    """
    op = find_line_operation(method, path)
    if op is None:
        return [f"{method.upper()} {path} is not an operation of messaging-api.yml"]
    errors: list[str] = []
    if headers is not None:
        auth = {k.lower(): v for k, v in headers.items()}.get("authorization", "")
        if not auth.startswith("Bearer ") or not auth[7:].strip():
            errors.append("Authorization: Bearer <channel access token> header is missing")
        errors += _parameter_errors(op, query or {}, headers)
    if op.body_schema is None:
        if body not in (None, b"", ""):
            errors.append(f"{op.operation_id} takes no JSON body")
        return errors
    if body is None:
        return [*errors, f"{op.operation_id} requires a JSON body"] if op.body_required else errors
    errors += schema_errors("messaging", op.body_schema, body)
    errors += documented_limit_errors(body)
    return errors


def validate_line_request(
    method: str,
    path: str,
    body: Any = None,
    *,
    query: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Raise ``SpecViolation`` unless the LINE API request conforms to messaging-api.yml."""
    errors = line_request_errors(method, path, body, query=query, headers=headers)
    if errors:
        raise SpecViolation(f"LINE {method.upper()} {path}", errors)


def line_webhook_errors(body: Any) -> list[str]:
    """Return violations of a webhook body against webhook.yml's CallbackRequest."""
    return schema_errors("webhook", "CallbackRequest", body)


def validate_line_webhook(body: Any) -> None:
    """Raise ``SpecViolation`` unless ``body`` is a valid LINE webhook CallbackRequest."""
    errors = line_webhook_errors(body)
    if errors:
        raise SpecViolation("LINE webhook body", errors)


def line_schema_errors(name: str, instance: Any) -> list[str]:
    """Return violations of ``instance`` against messaging-api.yml component ``name``."""
    return schema_errors("messaging", name, instance)
