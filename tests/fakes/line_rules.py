"""LINE message limits that the reference documents but messaging-api.yml does not carry.

Each rule names the documented limit it enforces (developers.line.biz Messaging API
reference, "Message objects", "Action objects", "Quick reply").  Lengths are counted in
UTF-16 code units, as LINE counts them.  The checks run after the JSON-schema pass and
tolerate malformed input (the schema pass reports that).
"""

from __future__ import annotations

import json
from typing import Any

from .line_schema import utf16_len

TEXT_MAX = 5000  # text / textV2 message "text"
ALT_TEXT_MAX = 1500  # flex, template and imagemap "altText"
MEDIA_URL_MAX = 2000  # image/video/audio originalContentUrl, previewImageUrl
QUICK_REPLY_LABEL_MAX = 20
TEMPLATE_LABEL_MAX = 20
IMAGE_CAROUSEL_LABEL_MAX = 12
ACTION_TEXT_MAX = 300  # message action text, postback displayText / text
URI_MAX = 1000
URI_SCHEMES = ("http://", "https://", "line://", "tel:")
FLEX_CAROUSEL_BUBBLES_MAX = 12
FLEX_BUBBLE_BYTES_MAX = 30 * 1024
FLEX_CAROUSEL_BYTES_MAX = 50 * 1024
QUICK_REPLY_ONLY = {"camera", "cameraRoll", "location"}
ACTION_KEYS = ("action", "defaultAction")


class _Check:
    """Collects rule violations as ``path: message`` strings."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message} [documented limit]")

    def length(self, obj: dict[str, Any], key: str, path: str, hi: int, lo: int = 0) -> None:
        value = obj.get(key)
        if isinstance(value, str) and not lo <= utf16_len(value) <= hi:
            self.fail(f"{path}/{key}", f"length {utf16_len(value)} not in {lo}..{hi}")

    def required(self, obj: dict[str, Any], key: str, path: str) -> None:
        if obj.get(key) in (None, ""):
            self.fail(path, f"'{key}' is required")


def documented_limit_errors(body: Any) -> list[str]:
    """Return documented-limit violations in a request body that carries ``messages``."""
    check = _Check()
    messages = body.get("messages") if isinstance(body, dict) else None
    for i, msg in enumerate(messages if isinstance(messages, list) else []):
        if isinstance(msg, dict):
            _message(check, msg, f"messages/{i}")
    return check.errors


def _message(check: _Check, msg: dict[str, Any], path: str) -> None:
    kind = msg.get("type")
    if kind in ("text", "textV2"):
        check.length(msg, "text", path, TEXT_MAX, lo=1)
    if kind in ("flex", "template", "imagemap"):
        check.length(msg, "altText", path, ALT_TEXT_MAX, lo=1)
    if kind in ("image", "video", "audio"):
        for key in ("originalContentUrl", "previewImageUrl"):
            url = msg.get(key)
            if isinstance(url, str) and not url.startswith("https://"):
                check.fail(f"{path}/{key}", "must be an HTTPS URL")
            check.length(msg, key, path, MEDIA_URL_MAX)
    if kind == "flex" and isinstance(msg.get("contents"), dict):
        _flex(check, msg["contents"], f"{path}/contents")
    if kind == "template" and isinstance(msg.get("template"), dict):
        _template(check, msg["template"], f"{path}/template")
    quick = msg.get("quickReply")
    if isinstance(quick, dict):
        _quick_reply(check, quick, f"{path}/quickReply")
    _walk_actions(check, {k: v for k, v in msg.items() if k != "quickReply"}, path)


def _quick_reply(check: _Check, quick: dict[str, Any], path: str) -> None:
    items = quick.get("items")
    if not isinstance(items, list) or not items:
        check.fail(path, "'items' must hold 1 to 13 quick reply buttons")
        return
    for i, item in enumerate(items):
        ipath = f"{path}/items/{i}"
        if not isinstance(item, dict):
            continue
        action = item.get("action")
        if not isinstance(action, dict):
            check.fail(ipath, "'action' is required")
            continue
        apath = f"{ipath}/action"
        check.required(action, "label", apath)
        check.length(action, "label", apath, QUICK_REPLY_LABEL_MAX)
        _action(check, action, apath, in_quick_reply=True)


def _walk_actions(check: _Check, node: Any, path: str) -> None:
    """Find action objects below ``node`` (outside quick replies) and check each."""
    if isinstance(node, list):
        for i, sub in enumerate(node):
            _walk_actions(check, sub, f"{path}/{i}")
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        sub = f"{path}/{key}"
        if key in ACTION_KEYS and isinstance(value, dict):
            _action(check, value, sub, in_quick_reply=False)
        elif key == "actions" and isinstance(value, list):
            for i, act in enumerate(value):
                if isinstance(act, dict):
                    _action(check, act, f"{sub}/{i}", in_quick_reply=False)
        else:
            _walk_actions(check, value, sub)


def _action(check: _Check, action: dict[str, Any], path: str, in_quick_reply: bool) -> None:
    kind = action.get("type")
    if kind in QUICK_REPLY_ONLY and not in_quick_reply:
        check.fail(path, f"'{kind}' action is only available on quick reply buttons")
    if kind == "richmenuswitch":
        check.fail(path, "rich menu switch action is only available in rich menus")
    if kind == "message":
        check.required(action, "text", path)
        check.length(action, "text", path, ACTION_TEXT_MAX)
    elif kind == "postback":
        check.required(action, "data", path)
        check.length(action, "displayText", path, ACTION_TEXT_MAX)
        check.length(action, "text", path, ACTION_TEXT_MAX)
        if action.get("displayText") is not None and action.get("text") is not None:
            check.fail(path, "'displayText' and 'text' cannot both be set")
    elif kind == "uri":
        check.required(action, "uri", path)
        check.length(action, "uri", path, URI_MAX)
        uri = action.get("uri")
        if isinstance(uri, str) and not uri.startswith(URI_SCHEMES):
            check.fail(f"{path}/uri", "scheme must be http, https, line or tel")
    elif kind == "datetimepicker":
        check.required(action, "data", path)
        check.required(action, "mode", path)


def _flex(check: _Check, container: dict[str, Any], path: str) -> None:
    size = len(json.dumps(container, ensure_ascii=False, separators=(",", ":")).encode())
    if container.get("type") == "carousel":
        bubbles = container.get("contents")
        if isinstance(bubbles, list) and not 1 <= len(bubbles) <= FLEX_CAROUSEL_BUBBLES_MAX:
            check.fail(f"{path}/contents", f"carousel holds 1..12 bubbles, got {len(bubbles)}")
        if size > FLEX_CAROUSEL_BYTES_MAX:
            check.fail(path, f"carousel JSON is {size} bytes, over 50 KB")
    elif size > FLEX_BUBBLE_BYTES_MAX:
        check.fail(path, f"bubble JSON is {size} bytes, over 30 KB")


def _template(check: _Check, tpl: dict[str, Any], path: str) -> None:
    kind = tpl.get("type")
    actions = tpl.get("actions") if isinstance(tpl.get("actions"), list) else []
    if kind == "buttons":
        has_header = bool(tpl.get("title") or tpl.get("thumbnailImageUrl"))
        check.length(tpl, "title", path, 40)
        check.length(tpl, "text", path, 60 if has_header else 160, lo=1)
        if not 1 <= len(actions) <= 4:
            check.fail(
                f"{path}/actions", f"buttons template takes 1..4 actions, not {len(actions)}"
            )
    elif kind == "confirm":
        check.length(tpl, "text", path, 240, lo=1)
        if len(actions) != 2:
            check.fail(f"{path}/actions", f"confirm template takes 2 actions, got {len(actions)}")
    elif kind in ("carousel", "image_carousel"):
        columns = tpl.get("columns") if isinstance(tpl.get("columns"), list) else []
        if not 1 <= len(columns) <= 10:
            check.fail(f"{path}/columns", f"{kind} takes 1..10 columns, got {len(columns)}")
        for i, col in enumerate(columns):
            if isinstance(col, dict) and kind == "carousel":
                _carousel_column(check, col, f"{path}/columns/{i}")
            elif isinstance(col, dict) and isinstance(col.get("action"), dict):
                act = col["action"]
                check.length(act, "label", f"{path}/columns/{i}/action", IMAGE_CAROUSEL_LABEL_MAX)
    for i, act in enumerate(actions):
        if isinstance(act, dict):
            check.length(act, "label", f"{path}/actions/{i}", TEMPLATE_LABEL_MAX)


def _carousel_column(check: _Check, col: dict[str, Any], path: str) -> None:
    has_header = bool(col.get("title") or col.get("thumbnailImageUrl"))
    check.length(col, "title", path, 40)
    check.length(col, "text", path, 60 if has_header else 120, lo=1)
    actions = col.get("actions") if isinstance(col.get("actions"), list) else []
    if not 1 <= len(actions) <= 3:
        check.fail(f"{path}/actions", f"carousel column takes 1..3 actions, got {len(actions)}")
    for i, act in enumerate(actions):
        if isinstance(act, dict):
            check.length(act, "label", f"{path}/actions/{i}", TEMPLATE_LABEL_MAX)
