"""A fake Telegram Bot API server on 127.0.0.1.

Serves ``/bot<TOKEN>/<method>`` and ``/file/bot<TOKEN>/<file_path>``.  Every call is decoded
(JSON, form or multipart, as python-telegram-bot sends it) and checked against api.json; a bad
call gets Telegram's ``{"ok": false, "error_code": 400}`` answer and is recorded in ``errors``.
Accepted calls go to ``calls`` with a monotonic timestamp, so ``rate_violations()`` can show
any chat that got two messages less than a second apart.

Failure injection: ``fail_next(n, method, error_code=429, retry_after=3)`` answers the next
*n* calls of ``method`` (any method if None) with that error (429 carries
``parameters.retry_after``); ``drop_next(n, method)`` performs and records the call, then
closes the connection unanswered.  ``enforce_rate=True`` answers 429 to a second message to
the same chat within ``min_interval`` seconds, like Telegram's flood control.
"""

from __future__ import annotations

import json
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .http_base import FakeHTTPServer, Request, Response
from .telegram_results import ResultFactory
from .telegram_validate import UploadedFile, decode_telegram_request, telegram_call_errors

_API = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)$")
_FILE = re.compile(r"^/file/bot(?P<token>[^/]+)/(?P<path>.+)$")
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
NOT_MESSAGES = {"sendChatAction", "sendInvoice"}


@dataclass
class TelegramCallRecord:
    """One accepted Bot API call."""

    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile]
    encoding: str
    at: float  # time.monotonic() when received
    result: Any = None
    token: str = ""  # the bot token in the URL: which bot made the call

    @property
    def chat_id(self) -> Any:
        """Return the ``chat_id`` parameter (as sent)."""
        return self.params.get("chat_id")

    @property
    def is_message(self) -> bool:
        """Whether this call sends a new message to a chat."""
        return (
            self.method.startswith(("send", "copyMessage", "forwardMessage"))
            and self.method not in NOT_MESSAGES
        )


@dataclass
class _Injected:
    method: str | None
    error_code: int
    retry_after: int
    description: str | None = None
    drop: bool = False


@dataclass
class ServerState:
    """What the fake remembers between calls: the webhook and downloadable files."""

    webhook: dict[str, Any] = field(default_factory=lambda: {"url": ""})
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    # (scope as JSON, language_code) -> the BotCommand list set by setMyCommands
    commands: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    menu_buttons: dict[str, dict[str, Any]] = field(default_factory=dict)  # chat id ("" default)
    webhook_secret: str = ""  # setWebhook's secret_token: Telegram sends it with each update

    def commands_for(self, chat_id: int | None = None, language_code: str = "") -> list[str]:
        """Return the command names a private chat (or everyone, by default) is offered."""
        scope = {"type": "chat", "chat_id": chat_id} if chat_id else {"type": "default"}
        key = (json.dumps(scope, sort_keys=True), language_code)
        return [c["command"] for c in self.commands.get(key, [])]


class FakeTelegramServer(FakeHTTPServer):
    """Fake Bot API; point ``Bot(token, base_url=f"{fake.base_url}/bot")`` at it."""

    def __init__(
        self,
        token: str | None = None,
        *,
        username: str = "ita_test_bot",
        enforce_rate: bool = False,
        min_interval: float = 1.0,
    ) -> None:
        super().__init__()
        self.token = token
        self.enforce_rate = enforce_rate
        self.min_interval = min_interval
        self.calls: list[TelegramCallRecord] = []
        self.rejected: list[tuple[int, str, dict[str, Any]]] = []
        # getMe answers with the bot id a given token starts with ("123:ABC" -> 123)
        bot_id = int(token.split(":")[0]) if token and _TOKEN.match(token) else None
        self.results = ResultFactory(username, bot_id)
        self.state = ServerState()
        self._injected: deque[_Injected] = deque()

    @property
    def api_base_url(self) -> str:
        """Return the value for PTB's ``base_url`` (``.../bot``; PTB appends the token)."""
        return f"{self.base_url}/bot"

    @property
    def file_base_url(self) -> str:
        """Return the value for PTB's ``base_file_url``."""
        return f"{self.base_url}/file/bot"

    # ---- configuration -------------------------------------------------------------------
    def fail_next(
        self,
        n: int = 1,
        method: str | None = "sendMessage",
        error_code: int = 429,
        retry_after: int = 3,
        description: str | None = None,
    ) -> None:
        """Answer the next ``n`` calls of ``method`` (None: any) with ``error_code``."""
        with self.lock:
            self._injected.extend([_Injected(method, error_code, retry_after, description)] * n)

    def drop_next(self, n: int = 1, method: str | None = "sendMessage") -> None:
        """Perform and record the next ``n`` calls of ``method``, then drop the connection."""
        with self.lock:
            self._injected.extend([_Injected(method, 0, 0, drop=True)] * n)

    def add_file(self, file_id: str, data: bytes, file_path: str | None = None) -> str:
        """Make ``getFile(file_id)`` and the file download work; return the file_path."""
        path = file_path or f"documents/{file_id}.bin"
        self.state.files[file_id] = (data, path)
        return path

    # ---- reading what was sent -----------------------------------------------------------
    def calls_to(self, method: str) -> list[TelegramCallRecord]:
        """Return accepted calls of ``method``."""
        return [c for c in self.calls if c.method == method]

    def sent_messages(self, chat_id: Any = None) -> list[TelegramCallRecord]:
        """Return accepted message-sending calls, optionally to one chat."""
        return [
            c
            for c in self.calls
            if c.is_message and (chat_id is None or str(c.chat_id) == str(chat_id))
        ]

    def texts_to(self, chat_id: Any) -> list[str]:
        """Return the texts sent with sendMessage to ``chat_id``."""
        return [c.params["text"] for c in self.sent_messages(chat_id) if c.method == "sendMessage"]

    def send_times(self, chat_id: Any) -> list[float]:
        """Return monotonic receive times of messages sent to ``chat_id``."""
        return [c.at for c in self.sent_messages(chat_id)]

    def rate_violations(self, min_interval: float | None = None) -> list[tuple[str, float]]:
        """Return (chat_id, gap) for every two messages to one chat closer than the interval."""
        limit = self.min_interval if min_interval is None else min_interval
        last: dict[str, float] = {}
        out: list[tuple[str, float]] = []
        for call in self.sent_messages():
            chat = str(call.chat_id)
            if chat in last and call.at - last[chat] < limit:
                out.append((chat, call.at - last[chat]))
            last[chat] = call.at
        return out

    def answered_callback_queries(self) -> list[str]:
        """Return the callback_query_id of every answerCallbackQuery call."""
        return [str(c.params["callback_query_id"]) for c in self.calls_to("answerCallbackQuery")]

    def reset(self) -> None:
        """Forget calls, errors and pending failures."""
        with self.lock:
            self.calls.clear()
            self.rejected.clear()
            self.errors.clear()
            self._injected.clear()

    # ---- request handling ----------------------------------------------------------------
    def _fail(
        self,
        status: int,
        method: str,
        params: dict[str, Any],
        description: str,
        record: bool,
        **parameters: Any,
    ) -> Response:
        with self.lock:
            self.rejected.append((status, method, params))
            if record:
                self.errors.append(f"{method} -> {status}: {description}")
        payload: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            payload["parameters"] = parameters
        return Response.json(status, payload)

    def _token_error(self, token: str) -> Response | None:
        if not _TOKEN.match(token):
            return self._fail(404, "?", {}, "Not Found", record=True)
        if self.token and token != self.token:
            return self._fail(401, "?", {}, "Unauthorized", record=True)
        return None

    def handle(self, request: Request) -> Response:
        """Validate, record and answer one request."""
        file_match = _FILE.match(request.path)
        if file_match:
            return self._token_error(file_match["token"]) or self._download(file_match["path"])
        match = _API.match(request.path)
        if not match:
            return self._fail(404, request.path, {}, "Not Found", record=True)
        denied = self._token_error(match["token"])
        if denied:
            return denied
        call = decode_telegram_request(
            match["method"], request.header("Content-Type"), request.body, request.query_string
        )
        errors = telegram_call_errors(call)
        if errors:
            unknown = errors[0].endswith("not a Bot API method in api.json")
            status, prefix = (404, "Not Found") if unknown else (400, "Bad Request")
            return self._fail(
                status, call.method, call.params, f"{prefix}: " + "; ".join(errors), record=True
            )
        record = TelegramCallRecord(
            call.method, call.params, call.files, call.encoding, time.monotonic(),
            token=match["token"],
        )  # fmt: skip
        return self._perform(record)

    def _take_injected(self, method: str) -> _Injected | None:
        for i, inj in enumerate(self._injected):
            if inj.method in (None, method):
                del self._injected[i]
                return inj
        return None

    def _perform(self, record: TelegramCallRecord) -> Response:
        with self.lock:
            injected = self._take_injected(record.method)
            if injected and not injected.drop:
                desc = injected.description or (
                    f"Too Many Requests: retry after {injected.retry_after}"
                    if injected.error_code == 429
                    else "Internal Server Error"
                )
                extra = {"retry_after": injected.retry_after} if injected.error_code == 429 else {}
                return self._fail(
                    injected.error_code, record.method, record.params, desc, record=False, **extra
                )
            if self.enforce_rate and record.is_message:
                times = self.send_times(record.chat_id)
                if times and record.at - times[-1] < self.min_interval:
                    return self._fail(
                        429,
                        record.method,
                        record.params,
                        "Too Many Requests: retry after 1",
                        record=False,
                        retry_after=1,
                    )
            outcome = self.results.result_for(record, self.state)
            if isinstance(outcome, Response):
                with self.lock:
                    self.rejected.append((outcome.status, record.method, record.params))
                return outcome
            if outcome is NotImplemented:
                return self._fail(
                    501,
                    record.method,
                    record.params,
                    f"the fake does not implement {record.method}",
                    record=True,
                )
            record.result = outcome
            self.calls.append(record)
        if injected and injected.drop:
            return Response(drop=True)
        return Response.json(200, {"ok": True, "result": outcome})

    def _download(self, path: str) -> Response:
        for data, file_path in self.state.files.values():
            if file_path == path:
                return Response(200, data, content_type="application/octet-stream")
        return Response.json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
