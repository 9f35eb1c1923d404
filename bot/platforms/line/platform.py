"""LINE adapter: signed webhook events in, replies and pushes out, through line-bot-sdk v3.

Replies become LINE messages in ``render.py``; ``adapter.py`` puts this behind the Adapter protocol.

The SDK clients are built lazily once per process (and again in a forked child, whose
connection pool must not share sockets with its parent), never per request.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any
from urllib.parse import quote

import urllib3
from linebot.v3 import messaging as sdk
from linebot.v3 import webhooks as hooks
from linebot.v3.webhook import SignatureValidator

from bot.app.config import Config
from bot.chat.messages import (
    DOWNLOAD_LIMIT,
    Attachment,
    Identity,
    Incoming,
    Kind,
    Reply,
    Text,
    TooLarge,
    read_capped,
)
from bot.platforms.line import render as line_render
from bot.platforms.payloads import EXPIRED, PayloadStore
from bot.store.redis_store import RedisStore

log = logging.getLogger(__name__)

PLATFORM = "line"  # its name in the registry, in identities and in Person.chat_ids
USED_EVENTS = frozenset({"message", "postback", "follow", "join"})
_MEDIA = {  # message content -> (kind, file extension, MIME type)
    hooks.ImageMessageContent: (Kind.IMAGE, "jpg", "image/jpeg"),
    hooks.VideoMessageContent: (Kind.FILE, "mp4", "video/mp4"),
    hooks.AudioMessageContent: (Kind.FILE, "m4a", "audio/mp4"),
}


class LineSignatureError(Exception):
    """The x-line-signature header is missing or does not match the body."""


class LineBodyError(ValueError):
    """A correctly signed body that is not a LINE webhook (not JSON, no events list)."""


@dataclass(frozen=True)
class LineEvent:
    """What the webhook needs besides the Incoming: ids, the reply token, the mode."""

    type: str
    event_id: str = ""
    reply_token: str | None = None
    is_standby: bool = False
    replies: tuple[Reply, ...] = ()  # answered by the adapter itself (next page of choices)


@dataclass(frozen=True)
class PushResult:
    """How a push went; 409 on a retry key means it was already sent."""

    status: int  # HTTP status; 0 when LINE gave no answer (safe to retry with the same key)
    already_sent: bool = False
    quota_exceeded: bool = False
    message: str = ""
    request_id: str = ""

    @property
    def is_sent(self) -> bool:
        """Whether the messages reached LINE (now or by an earlier try with the same key)."""
        return 200 <= self.status < 300 or self.already_sent


def _header(headers: Any, name: str) -> str:
    for key, value in dict(headers or {}).items():
        if key.lower() == name:
            return str(value)
    return ""


def _error_message(exc: sdk.ApiException) -> str:
    try:
        return str(json.loads(exc.body or b"{}").get("message", ""))[:200]
    except (ValueError, AttributeError):
        return ""


def retry_uuid(key: str) -> str:
    """Return key if it is a UUID, else a UUID derived from it (LINE wants a UUID)."""
    try:
        return str(uuid.UUID(key))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "ita-bot:" + key))


POOL_SIZE = 32
LOADING_SECONDS = 20  # LINE: 5-60, a multiple of 5; it ends early when our answer arrives


class LinePlatform:
    """Talks to LINE for one channel."""

    timeout: tuple[float, float] = (3.0, 10.0)  # connect, read (seconds)

    def __init__(self, config: Config, store: RedisStore, channel: str = "") -> None:
        self.config = config
        self.channel = channel  # the channel record's id; "" for the deployment's own
        self.payloads = PayloadStore(store.payloads, channel=channel)
        self._validator = SignatureValidator(config.line_channel_secret)
        self._pid = -1
        self._api: sdk.MessagingApi | None = None
        self._blob: sdk.MessagingApiBlob | None = None

    def clients(self) -> tuple[sdk.MessagingApi, sdk.MessagingApiBlob]:
        """Return this process's SDK clients (the API and its data host), built once."""
        return self._clients()

    def _clients(self) -> tuple[sdk.MessagingApi, sdk.MessagingApiBlob]:
        if self._api is None or self._blob is None or self._pid != os.getpid():
            token = self.config.line_channel_access_token
            api = sdk.Configuration(host=self.config.line_api_base_url, access_token=token)
            data = sdk.Configuration(host=self.config.line_data_api_base_url, access_token=token)
            # Threads of a worker share these clients; a pool smaller than the thread count
            # makes urllib3 drop and reopen connections under load.
            api.connection_pool_maxsize = data.connection_pool_maxsize = POOL_SIZE
            self._api = sdk.MessagingApi(sdk.ApiClient(api))
            self._blob = sdk.MessagingApiBlob(sdk.ApiClient(data))
            self._pid = os.getpid()
        return self._api, self._blob

    # ---- webhook in ------------------------------------------------------------------------
    def is_signed(self, body: str, signature: str | None) -> bool:
        """Check x-line-signature (HMAC-SHA256 of the body with the channel secret)."""
        if not signature or not self.config.line_channel_secret:
            return False
        return bool(self._validator.validate(body, signature))

    def parse(self, body: str, signature: str | None) -> list[tuple[LineEvent, Incoming | None]]:
        """Verify and read a webhook body; unused, standby or unreadable events give None."""
        if not self.is_signed(body, signature):
            raise LineSignatureError("bad x-line-signature")
        try:
            doc = json.loads(body)
        except ValueError as exc:
            raise LineBodyError("the body is not JSON") from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
            raise LineBodyError("the body has no events list")
        return [self._read_event(raw) for raw in doc["events"]]

    def _read_event(self, raw: object) -> tuple[LineEvent, Incoming | None]:
        if not isinstance(raw, dict):
            return LineEvent(type="?"), None
        token = raw.get("replyToken")
        meta = LineEvent(
            type=str(raw.get("type", "?"))[:40],
            event_id=str(raw.get("webhookEventId") or ""),
            reply_token=token if isinstance(token, str) else None,
            is_standby=raw.get("mode") == "standby",
        )
        if meta.is_standby or meta.type not in USED_EVENTS:
            return meta, None  # ignored on purpose: LINE sends many kinds we have no use for
        try:
            return self._incoming(hooks.Event.from_dict(raw), meta)
        except Exception as exc:  # noqa: BLE001 - one odd event must not fail its batch
            # The SDK's messages quote the event; log its kind only, never user content.
            log.warning(
                "unreadable LINE %s event %s: %s", meta.type, meta.event_id, type(exc).__name__
            )
            return meta, None

    def _incoming(self, event: Any, meta: LineEvent) -> tuple[LineEvent, Incoming | None]:
        source = event.source
        user = getattr(source, "user_id", None) or ""
        chat = getattr(source, "group_id", None) or getattr(source, "room_id", None) or user
        made = partial(
            Incoming, Identity(PLATFORM, user, self.channel), event_id=meta.event_id, chat_id=chat
        )
        if isinstance(event, hooks.FollowEvent | hooks.JoinEvent):
            return meta, made(kind=Kind.FOLLOW)
        if isinstance(event, hooks.PostbackEvent):
            data = event.postback.data
            if self.payloads.is_parked_options(data):
                parked = self.payloads.parked_options(data)
                if parked is not None:  # the "more" button: the adapter answers it itself
                    return replace(meta, replies=(Text(parked[0], tuple(parked[1])),)), None
                return meta, made(kind=Kind.CHOICE, data=EXPIRED)
            expanded = self.payloads.expand(data)
            picked = " ".join((event.postback.params or {}).values())  # date/time pickers
            return meta, made(
                kind=Kind.CHOICE,
                data=EXPIRED if expanded is None else expanded,
                text=picked,
            )
        if not isinstance(event, hooks.MessageEvent):
            return meta, None
        message = event.message
        if isinstance(message, hooks.TextMessageContent):
            return meta, made(kind=Kind.TEXT, text=message.text)
        if isinstance(message, hooks.FileMessageContent):
            mime = mimetypes.guess_type(message.file_name)[0] or "application/octet-stream"
            file = Attachment(message.id, message.file_name, mime, message.file_size)
            return meta, made(kind=Kind.FILE, attachment=file)
        for content, (kind, ext, mime) in _MEDIA.items():
            if isinstance(message, content):
                media = Attachment(message.id, f"{message.id}.{ext}", mime)
                return meta, made(kind=kind, attachment=media)
        return meta, None  # stickers, locations: nothing to do

    # ---- messages out -----------------------------------------------------------------------
    def reply(self, reply_token: str, replies: Sequence[Reply]) -> bool:
        """Answer an event with its reply token (free); False if LINE refused it."""
        messages = self.render(replies)
        if not messages:
            return True
        request = sdk.ReplyMessageRequest(reply_token=reply_token, messages=messages)
        try:
            self._clients()[0].reply_message_with_http_info(request, _request_timeout=self.timeout)
        except sdk.ApiException as exc:
            log.warning("LINE reply refused: %s %s", exc.status, _error_message(exc))
            return False
        return True

    def push(
        self, user_id: str, replies: Sequence[Reply], retry_key: str | None = None
    ) -> PushResult:
        """Push to a user, group or room (monthly quota!); a retry_key makes retries safe."""
        messages = self.render(replies)
        if not messages:
            return PushResult(status=200)
        key = retry_uuid(retry_key) if retry_key else None
        request = sdk.PushMessageRequest(to=user_id, messages=messages)
        try:
            answer = self._clients()[0].push_message_with_http_info(
                request, x_line_retry_key=key, _request_timeout=self.timeout
            )
        except sdk.ApiException as exc:
            status = int(exc.status or 0)
            if status == 409 and key:
                accepted = _header(exc.headers, "x-line-accepted-request-id")
                return PushResult(409, already_sent=True, request_id=accepted)
            return PushResult(status, quota_exceeded=status == 429, message=_error_message(exc))
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            return PushResult(0, message=type(exc).__name__)
        return PushResult(
            answer.status_code or 200, request_id=_header(answer.headers, "x-line-request-id")
        )

    def show_loading(self, user_id: str, seconds: int = LOADING_SECONDS) -> bool:
        """Show the loading animation in a one-to-one chat until our answer arrives (free)."""
        request = sdk.ShowLoadingAnimationRequest(chat_id=user_id, loading_seconds=seconds)
        try:
            self._clients()[0].show_loading_animation(request, _request_timeout=(1.0, 2.0))
        except (sdk.ApiException, urllib3.exceptions.HTTPError, OSError) as exc:
            log.warning("LINE loading animation refused: %s", type(exc).__name__)
            return False
        return True

    def quota(self) -> tuple[int | None, int]:
        """Return this month's push limit (None when unlimited) and how many were used."""
        api = self._clients()[0]
        limit = api.get_message_quota(_request_timeout=self.timeout)
        used = api.get_message_quota_consumption(_request_timeout=self.timeout)
        return (limit.value if limit.type == "limited" else None), int(used.total_usage)

    def download(
        self, attachment: Attachment, max_bytes: int = DOWNLOAD_LIMIT
    ) -> tuple[bytes, str]:
        """Fetch the content of a message, at most max_bytes of it: bytes and MIME type.

        Refused before the download when the file (or LINE's Content-Length) says it is
        larger, and cut while streaming otherwise (images carry no size): TooLarge.
        """
        if attachment.size is not None and attachment.size > max_bytes:
            raise TooLarge(attachment.size, max_bytes)
        # The SDK's message-content call reads the whole body; its REST client streams.
        client = self._clients()[1].api_client
        url = f"{self.config.line_data_api_base_url.rstrip('/')}/v2/bot/message/"
        url += f"{quote(attachment.platform_ref, safe='')}/content"
        token = self.config.line_channel_access_token
        answer = client.rest_client.get_request(
            url,
            headers={"Authorization": f"Bearer {token}", "User-Agent": client.user_agent},
            _preload_content=False,
            _request_timeout=(self.timeout[0], 60.0),
        )
        try:
            declared = _header(answer.headers, "content-length")
            if declared.isdigit() and int(declared) > max_bytes:
                raise TooLarge(int(declared), max_bytes)
            data = read_capped(answer.stream(64 * 1024), max_bytes)
        finally:
            answer.release_conn()
        mime = _header(answer.headers, "content-type") or attachment.mime_type
        return data, mime.split(";")[0].strip()

    def fetch(self, attachment: Attachment, max_bytes: int = DOWNLOAD_LIMIT) -> bytes:
        """Return the bytes of an attachment (an evidence fetcher); TooLarge past max_bytes."""
        return self.download(attachment, max_bytes)[0]

    # ---- rendering ----------------------------------------------------------------------
    def render(self, replies: Sequence[Reply]) -> list[sdk.Message]:
        """Turn replies into at most 5 LINE messages (see bot.platforms.line.render)."""
        return line_render.render(replies, self.payloads)
