"""A fake LINE Messaging API (api.line.me and api-data.line.me) on 127.0.0.1.

Every request is checked against messaging-api.yml (plus documented limits) and must carry
``Authorization: Bearer ...``; a bad one gets LINE's 400/401 answer and is recorded in
``errors`` so a fixture can fail the test at teardown.  Accepted calls go to ``calls``.

Failure injection (consumed in order, per path; default path is push):

* ``fail_next(n, status=429)`` -- the next *n* pushes answer 429 (or 500, ...) and are not
  delivered (retry keys stay unused, so a retry with the same key is accepted);
  ``delivered=True`` delivers and records them first, then answers the error status;
* ``drop_next(n)`` -- the next *n* pushes are delivered and recorded, then the connection is
  closed with no answer ("sent, but the worker died"); a retry with the same
  ``X-Line-Retry-Key`` then gets 409 and is not delivered twice;
* ``expire_reply_token(token)`` -- replies with that token get 400 "Invalid reply token".

LINE meters each channel apart, and a channel is known by its access token: the quota and
its consumption answer per token (``quotas``, ``usage_offsets`` and the pushes made with it,
``total_usage(token)``), and ``fail_next(..., token=...)`` fails only that channel's calls.

The channel's own settings (bot info, webhook endpoint set and tested with a webhook signed
by ``channel_secret``) are in ``line_channel.py``.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .clients import LINE_CHANNEL_SECRET
from .http_base import FakeHTTPServer, Request, Response
from .line_channel import OPERATIONS as CHANNEL_OPERATIONS
from .line_channel import LineChannelMixin
from .line_richmenus import OPERATIONS as RICH_MENU_OPERATIONS
from .line_richmenus import RichMenuMixin
from .line_validate import find_line_operation, line_request_errors

PUSH = "/v2/bot/message/push"
REPLY = "/v2/bot/message/reply"
USER_ID = re.compile(r"^U[0-9a-f]{32}$")
_STATUS_MESSAGES = {
    429: "The API rate limit has been exceeded. Try again later.",
    500: "Internal server error",
    503: "Service unavailable",
}


@dataclass
class LineCall:
    """One accepted request."""

    method: str
    path: str
    headers: dict[str, str]
    json: Any
    query: dict[str, str] = field(default_factory=dict)

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Return the message objects of a send request (empty otherwise)."""
        body = self.json if isinstance(self.json, dict) else {}
        return list(body.get("messages") or [])

    @property
    def texts(self) -> list[str]:
        """Return the ``text`` of the text messages sent."""
        return [m["text"] for m in self.messages if m.get("type") in ("text", "textV2")]

    @property
    def to(self) -> str | None:
        """Return the push target, if any."""
        return self.json.get("to") if isinstance(self.json, dict) else None

    @property
    def token(self) -> str:
        """Return the channel access token the call was made with."""
        lowered = {k.lower(): v for k, v in self.headers.items()}
        auth = lowered.get("authorization", "")
        return auth[7:].strip() if auth.startswith("Bearer ") else ""

    @property
    def retry_key(self) -> str | None:
        """Return the X-Line-Retry-Key header, if sent."""
        lowered = {k.lower(): v for k, v in self.headers.items()}
        return lowered.get("x-line-retry-key")


class FakeLineServer(LineChannelMixin, RichMenuMixin, FakeHTTPServer):
    """Fake LINE API; ``base_url`` serves both the api and the api-data host."""

    def __init__(
        self,
        *,
        access_token: str | None = None,
        quota: int | None = 1000,
        validate: bool = True,
        channel_secret: str = LINE_CHANNEL_SECRET,
        bot_user_id: str = "U" + "b07" * 10 + "00",
        basic_id: str = "@123abcde",
    ) -> None:
        super().__init__()
        self.validate = validate  # False only for throughput benchmarks: the schema check is slow
        self.access_token = access_token
        self.quota = quota  # None: no limit set ("type": "none")
        self.usage_offset = 0  # pushes counted before the test, for tokens not in usage_offsets
        self.quotas: dict[str, int | None] = {}  # per access token; others get ``quota``
        self.usage_offsets: dict[str, int] = {}  # per access token
        self.calls: list[LineCall] = []
        self.rejected: list[tuple[int, LineCall]] = []
        self.profiles: dict[str, dict[str, Any] | None] = {}
        self.contents: dict[str, tuple[bytes, str]] = {}
        self.reply_users: dict[str, str] = {}
        self._failures: dict[str, deque[tuple[str, int, str | None]]] = {}
        self._used_tokens: set[str] = set()
        self._expired_tokens: set[str] = set()
        self._accepted_keys: dict[str, tuple[str, list[dict[str, str]]]] = {}
        self._next_id = 100000000000000
        self._init_rich_menus()
        self._init_channel(channel_secret, bot_user_id, basic_id)

    # ---- configuration -------------------------------------------------------------------
    @property
    def data_base_url(self) -> str:
        """Return the api-data host URL (the same server)."""
        return self.base_url

    def fail_next(
        self,
        n: int = 1,
        status: int = 429,
        path: str = PUSH,
        delivered: bool = False,
        token: str | None = None,
    ) -> None:
        """Answer the next ``n`` requests to ``path`` (with ``token``, if given) with ``status``.

        By default they are not delivered; ``delivered=True`` delivers and records them first
        (LINE accepted the message but answered 5xx), so a retry with the same key gets 409.
        """
        action = "delivered-status" if delivered else "status"
        with self.lock:
            self._failures.setdefault(path, deque()).extend([(action, status, token)] * n)

    def drop_next(self, n: int = 1, path: str = PUSH) -> None:
        """Deliver and record the next ``n`` requests to ``path``, then drop the connection."""
        with self.lock:
            self._failures.setdefault(path, deque()).extend([("drop", 0, None)] * n)

    def _next_failure(self, call: LineCall) -> tuple[str, int]:
        """Take the first failure waiting for this call's path and token ("ok" when none)."""
        queue = self._failures.get(call.path) or deque()
        for entry in queue:
            if entry[2] in (None, call.token):
                queue.remove(entry)
                return entry[0], entry[1]
        return "ok", 200

    def expire_reply_token(self, token: str) -> None:
        """Make replies with ``token`` fail with 400 Invalid reply token."""
        self._expired_tokens.add(token)

    def bind_reply_token(self, token: str, user_id: str) -> None:
        """Tell the fake which user a reply token answers (for ``texts_to``)."""
        self.reply_users[token] = user_id

    def set_profile(self, user_id: str, display_name: str | None = None, **extra: Any) -> None:
        """Configure the profile of ``user_id``; ``display_name=None`` makes it 404."""
        profile = {"userId": user_id, "displayName": display_name, **extra}
        self.profiles[user_id] = None if display_name is None else profile

    def set_content(self, message_id: str, data: bytes, content_type: str = "image/jpeg") -> None:
        """Serve ``data`` at /v2/bot/message/{message_id}/content."""
        self.contents[message_id] = (data, content_type)

    # ---- reading what was sent -----------------------------------------------------------
    def replies(self) -> list[LineCall]:
        """Return accepted reply calls."""
        return [c for c in self.calls if c.path == REPLY]

    def pushes(self, token: str | None = None) -> list[LineCall]:
        """Return accepted (delivered) push calls (made with ``token``, if given)."""
        return [c for c in self.calls if c.path == PUSH and token in (None, c.token)]

    def messages_to(self, user_id: str) -> list[dict[str, Any]]:
        """Return every message delivered to ``user_id`` (pushes and bound replies), in order."""
        out: list[dict[str, Any]] = []
        for call in self.calls:
            pushed = call.path == PUSH and call.to == user_id
            replied = (
                call.path == REPLY and self.reply_users.get(call.json["replyToken"]) == user_id
            )
            if pushed or replied:
                out += call.messages
        return out

    def texts_to(self, user_id: str) -> list[str]:
        """Return the texts of the text messages delivered to ``user_id``."""
        kinds = ("text", "textV2")
        return [m["text"] for m in self.messages_to(user_id) if m.get("type") in kinds]

    def reset(self) -> None:
        """Forget calls, errors and pending failures (configuration is kept)."""
        with self.lock:
            self.calls.clear()
            self.rejected.clear()
            self.errors.clear()
            self._failures.clear()

    # ---- request handling ----------------------------------------------------------------
    def _error(
        self,
        call: LineCall,
        status: int,
        message: str,
        record: bool = True,
        details: list[str] | None = None,
        **headers: str,
    ) -> Response:
        with self.lock:
            self.rejected.append((status, call))
            if record:
                self.errors.append(
                    f"{call.method} {call.path} -> {status}: {message}"
                    + "".join(f"\n    {d}" for d in details or [])
                )
        payload: dict[str, Any] = {"message": message}
        if details:
            payload["details"] = [{"message": d} for d in details]
        return Response.json(status, payload, **headers)

    def handle(self, request: Request) -> Response:
        """Validate, record and answer one request."""
        body: Any = None
        if request.body:
            try:
                body = json.loads(request.body)
            except ValueError:
                body = request.body.decode(errors="replace")
        call = LineCall(request.method, request.path, request.headers, body, request.query)
        auth = request.header("Authorization") or ""
        if not auth.startswith("Bearer ") or not auth[7:].strip():
            return self._error(call, 401, "Authentication failed. Bearer token missing")
        if self.access_token and auth[7:].strip() != self.access_token:
            return self._error(call, 401, "Authentication failed. Confirm the channel access token")
        op = find_line_operation(request.method, request.path)
        if op is None:
            return self._error(call, 404, f"{request.method} {request.path} is not in the spec")
        if op.operation_id == "setRichMenuImage":  # a binary body: PNG or JPEG bytes
            call.json = None
            return self._rich_menu(op.operation_id, call, request.body)
        if body is not None and "json" not in (request.header("Content-Type") or ""):
            return self._error(call, 400, "Content-Type must be application/json")
        problems = (
            line_request_errors(
                request.method, request.path, body, query=request.query, headers=request.headers
            )
            if self.validate
            else []
        )
        if problems:
            record = "/validate/" not in request.path
            return self._error(call, 400, "The request body has errors", record, problems)
        return self._route(op.operation_id, call)

    def _route(self, operation: str, call: LineCall) -> Response:
        parts = call.path.strip("/").split("/")
        if operation in ("pushMessage", "replyMessage"):
            return self._send(operation, call)
        if operation.startswith("validate"):
            return self._accept(call, {})
        if operation == "getMessageQuota":
            limit = self.quotas.get(call.token, self.quota)
            quota = {"type": "none"} if limit is None else {"type": "limited", "value": limit}
            return self._accept(call, quota)
        if operation == "getMessageQuotaConsumption":
            return self._accept(call, {"totalUsage": self.total_usage(call.token)})
        if operation == "getProfile":
            return self._profile(call, parts[-1])
        if operation in ("getMessageContent", "getMessageContentPreview"):
            return self._content(call, parts[3])
        if operation == "getMessageContentTranscodingByMessageId":
            found = parts[3] in self.contents
            return self._accept(call, {"status": "succeeded"}) if found else self._not_found(call)
        if operation in CHANNEL_OPERATIONS:
            return self._channel(operation, call)
        if operation in RICH_MENU_OPERATIONS:
            return self._rich_menu(operation, call, b"")
        if operation == "showLoadingAnimation":
            return self._accept(call, {}, status=202)
        return self._error(call, 501, f"the fake does not implement {operation}")

    def total_usage(self, token: str | None = None) -> int:
        """Return the messages pushed this "month" (on the channel of ``token``, if given)."""
        offset = self.usage_offsets.get(token or "", self.usage_offset)
        return offset + sum(len(c.messages) for c in self.pushes(token))

    def _accept(self, call: LineCall, payload: Any, status: int = 200) -> Response:
        with self.lock:
            self.calls.append(call)
        return Response.json(status, payload, **{"X-Line-Request-Id": str(uuid.uuid4())})

    def _not_found(self, call: LineCall) -> Response:
        return self._error(call, 404, "Not found", record=False)

    def _profile(self, call: LineCall, user_id: str) -> Response:
        if user_id in self.profiles:
            profile = self.profiles[user_id]
            return self._accept(call, profile) if profile else self._not_found(call)
        if not USER_ID.match(user_id):
            return self._not_found(call)
        return self._accept(
            call, {"userId": user_id, "displayName": f"User {user_id[-4:]}", "language": "th"}
        )

    def _content(self, call: LineCall, message_id: str) -> Response:
        if message_id not in self.contents:
            return self._not_found(call)
        data, ctype = self.contents[message_id]
        with self.lock:
            self.calls.append(call)
        return Response(200, data, content_type=ctype)

    def _send(self, operation: str, call: LineCall) -> Response:
        with self.lock:
            if operation == "replyMessage":
                token = call.json["replyToken"]
                if token in self._expired_tokens:
                    return self._error(call, 400, "Invalid reply token", record=False)
                if token in self._used_tokens:
                    return self._error(call, 400, "Invalid reply token (already used)")
            key = call.retry_key
            if key and key in self._accepted_keys:
                request_id, sent = self._accepted_keys[key]
                self.rejected.append((409, call))
                return Response.json(
                    409,
                    {"message": "The retry key is already accepted", "sentMessages": sent},
                    **{"x-line-accepted-request-id": request_id},
                )
            action, status = self._next_failure(call)
            if action == "status":
                message = _STATUS_MESSAGES.get(status, "Injected failure")
                return self._error(call, status, message, record=False)
            sent = [self._sent_message() for _ in call.messages]
            request_id = str(uuid.uuid4())
            if operation == "replyMessage":
                self._used_tokens.add(call.json["replyToken"])
            if key:
                self._accepted_keys[key] = (request_id, sent)
            self.calls.append(call)
        if action == "drop":
            return Response(drop=True)
        if action == "delivered-status":
            return Response.json(status, {"message": _STATUS_MESSAGES.get(status, "Injected")})
        return Response.json(200, {"sentMessages": sent}, **{"X-Line-Request-Id": request_id})

    def _sent_message(self) -> dict[str, str]:
        self._next_id += 1
        return {"id": str(self._next_id), "quoteToken": uuid.uuid4().hex}
