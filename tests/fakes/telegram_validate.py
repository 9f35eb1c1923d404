"""Check Telegram Bot API method calls and updates against api.json.

A call arrives as a JSON body (native values; object parameters may also be JSON strings),
as ``application/x-www-form-urlencoded`` or ``multipart/form-data`` (how python-telegram-bot
posts: every non-string value JSON-encoded, files as extra parts), or as a query string.
``decode_telegram_request`` turns any of these into a :class:`TelegramCall` with native
values; ``telegram_call_errors`` checks it.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl, urlparse

from .specs import SpecViolation, telegram_spec
from .telegram_types import PRIMITIVES, Ctx, FieldSpec, fields_errors, method_fields, object_errors

WEBHOOK_PORTS = {80, 88, 443, 8443}
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}


@dataclass(frozen=True)
class UploadedFile:
    """One multipart file part."""

    filename: str | None
    content_type: str
    data: bytes


@dataclass
class TelegramCall:
    """A decoded Bot API call: method name, native parameter values and uploaded files."""

    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile] = field(default_factory=dict)
    encoding: str = "json"
    decode_errors: list[str] = field(default_factory=list)


def canonical_method(name: str) -> str | None:
    """Return api.json's spelling of ``name`` (Bot API method names are case-insensitive)."""
    methods = telegram_spec()["methods"]
    if name in methods:
        return name
    lowered = {m.lower(): m for m in methods}
    return lowered.get(name.lower())


def _decode_form_value(spec: FieldSpec | None, raw: str) -> tuple[Any, str | None]:
    """Turn one form string into the native value its declared types call for."""
    if spec is None or "String" in spec.types or raw.startswith("attach://"):
        return raw, None
    types = set(spec.types)
    if types <= {"Integer", "Float"}:
        try:
            return (int(raw) if "Float" not in types else float(raw)), None
        except ValueError:
            return raw, f"{spec.name}: {raw!r} is not a number"
    if types == {"Boolean"} or types == {"True"}:
        if raw.lower() in ("true", "1"):
            return True, None
        if raw.lower() in ("false", "0"):
            return False, None
        return raw, f"{spec.name}: {raw!r} is not a boolean (true/false)"
    try:
        return json.loads(raw), None
    except ValueError:
        return raw, f"{spec.name}: expected JSON-serialized {' or '.join(spec.types)}"


def _multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    fields: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        payload = part.get_payload(decode=True) or b""
        if filename is not None:
            ctype = part.get_content_type()
            files[str(name)] = UploadedFile(filename, ctype, payload)
        else:
            fields[str(name)] = payload.decode(part.get_content_charset() or "utf-8")
    return fields, files


def decode_telegram_request(
    method: str, content_type: str | None, body: bytes, query: str = ""
) -> TelegramCall:
    """Decode an HTTP request to ``/bot<token>/<method>`` into a :class:`TelegramCall`."""
    name = canonical_method(method) or method
    spec = method_fields(name) or {}
    ctype = (content_type or "").split(";", 1)[0].strip().lower()
    raw: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    files: dict[str, UploadedFile] = {}
    encoding = "query" if raw else "none"
    if ctype == "application/json" and body:
        try:
            loaded = json.loads(body)
        except ValueError:
            return TelegramCall(name, raw, {}, "json", ["body is not valid JSON"])
        if not isinstance(loaded, dict):
            return TelegramCall(name, raw, {}, "json", ["JSON body must be an object"])
        return TelegramCall(name, {**raw, **_json_strings(spec, loaded)}, {}, "json")
    if ctype == "application/x-www-form-urlencoded":
        raw.update(parse_qsl(body.decode(), keep_blank_values=True))
        encoding = "form"
    elif ctype == "multipart/form-data":
        fields, files = _multipart(content_type or "", body)
        raw.update(fields)
        encoding = "multipart"
    params: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in raw.items():
        params[key], problem = _decode_form_value(spec.get(key), value)
        if problem:
            problems.append(problem)
    return TelegramCall(name, params, files, encoding, problems)


def _json_strings(spec: Mapping[str, FieldSpec], loaded: dict[str, Any]) -> dict[str, Any]:
    """In a JSON body, accept JSON-serialized strings for object/array parameters."""
    out = dict(loaded)
    for key, value in loaded.items():
        fspec = spec.get(key)
        if fspec and isinstance(value, str) and not set(fspec.types) & (PRIMITIVES | {"InputFile"}):
            with contextlib.suppress(ValueError):
                out[key] = json.loads(value)
    return out


def _prose_errors(call: TelegramCall) -> list[str]:
    """Rules from the Bot API prose that api.json does not encode."""
    p = call.params
    errors: list[str] = []
    if call.method == "setWebhook" and isinstance(p.get("url"), str) and p["url"]:
        url = urlparse(p["url"])
        port = url.port or (443 if url.scheme == "https" else 80)
        if url.scheme != "https":
            errors.append("url: webhook URL must be HTTPS")
        if port not in WEBHOOK_PORTS:
            errors.append(f"url: webhook port must be one of 443, 80, 88, 8443, got {port}")
    if call.method == "sendChatAction" and p.get("action") not in CHAT_ACTIONS:
        errors.append(f"action: {p.get('action')!r} is not a chat action")
    if call.method == "setMyCommands" and isinstance(p.get("commands"), list):
        if len(p["commands"]) > 100:
            errors.append(f"commands: {len(p['commands'])} commands, at most 100")
        for i, command in enumerate(p["commands"]):
            name = command.get("command", "") if isinstance(command, dict) else ""
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(name)):
                errors.append(f"commands/{i}/command: {name!r} is not 1-32 of a-z 0-9 _")
    scope = p.get("scope")
    if isinstance(scope, dict) and scope.get("type") == "chat" and "chat_id" not in scope:
        errors.append("scope: BotCommandScopeChat needs chat_id")
    by_chat = "chat_id" in p and "message_id" in p
    if call.method.startswith("editMessage") and "inline_message_id" not in p and not by_chat:
        errors.append("chat_id and message_id are required without inline_message_id")
    return errors


def telegram_call_errors(call: TelegramCall) -> list[str]:
    """Return spec violations of a decoded Bot API call (empty list when valid)."""
    fields = method_fields(call.method)
    if fields is None:
        return [f"{call.method} is not a Bot API method in api.json"]
    ctx = Ctx(files=set(call.files))
    params = dict(call.params)
    # A file part named after a parameter is that parameter's InputFile value.
    direct = {n for n in call.files if n in fields and "InputFile" in fields[n].types}
    for name in direct:
        params.setdefault(name, f"attach://{name}")
    errors = list(call.decode_errors)
    errors += fields_errors(fields, params, "", ctx, owner=call.method)
    stray = set(call.files) - ctx.attached - direct
    errors += [f"file part '{n}' is neither a parameter nor attach://-referenced" for n in stray]
    return errors + _prose_errors(call)


def validate_telegram_call(method: str, params: Mapping[str, Any], files: Any = None) -> None:
    """Raise ``SpecViolation`` unless ``method(**params)`` (native values) conforms to api.json."""
    call = TelegramCall(canonical_method(method) or method, dict(params), dict(files or {}))
    errors = telegram_call_errors(call)
    if errors:
        raise SpecViolation(f"Telegram {method}", errors)


def telegram_object_errors(type_name: str, value: Any) -> list[str]:
    """Return violations of ``value`` against api.json type ``type_name``."""
    if not isinstance(value, dict):
        return [f"{type_name} must be a JSON object"]
    return object_errors(type_name, value, "", Ctx())


def telegram_update_errors(body: Any) -> list[str]:
    """Return violations of an Update; exactly one optional field must accompany update_id."""
    errors = telegram_object_errors("Update", body)
    if isinstance(body, dict):
        kinds = [k for k in body if k != "update_id"]
        if len(kinds) != 1:
            errors.append(f"an Update carries exactly one update kind, got {kinds}")
    return errors


def validate_telegram_update(body: Any) -> None:
    """Raise ``SpecViolation`` unless ``body`` is a valid Telegram ``Update``."""
    errors = telegram_update_errors(body)
    if errors:
        raise SpecViolation("Telegram Update", errors)
