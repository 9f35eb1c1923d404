"""Builders of signed LINE webhook bodies (every event type in webhook.yml) and Telegram updates.

Every LINE event carries the fields webhook.yml's ``Event`` requires (``type``, ``timestamp``,
``mode``, ``webhookEventId``, ``deliveryContext``) -- line-bot-sdk silently turns an event
missing one into ``UnknownEvent``.  ``line_webhook_request(...)`` returns the exact bytes to
POST and the ``X-Line-Signature`` header.  Telegram builders live in ``tg_updates`` and are
re-exported here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import os
import time
from collections.abc import Callable
from typing import Any

from .tg_updates import (  # noqa: F401  (re-exported)
    sample_object,
    tg_callback_query_update,
    tg_channel_post_update,
    tg_chat,
    tg_edited_message_update,
    tg_message,
    tg_message_update,
    tg_my_chat_member_update,
    tg_update,
    tg_update_kinds,
    tg_user,
)

BOT_USER_ID = "U" + "0123456789abcdef" * 2
USER_ID = "U" + "a1b2c3d4e5f60718" * 2
GROUP_ID = "C" + "9f8e7d6c5b4a3921" * 2
ROOM_ID = "R" + "1234567890abcdef" * 2
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_message_ids = itertools.count(468789577898262530)


def sign_line(body: bytes, secret: str) -> str:
    """Return the ``X-Line-Signature`` for ``body``: base64(HMAC-SHA256(secret, body))."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _ulid() -> str:
    value = (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(_CROCKFORD[(value >> (5 * i)) & 31] for i in reversed(range(26)))


def reply_token() -> str:
    """Return a fresh reply token."""
    return os.urandom(16).hex()


def line_source(
    user_id: str | None = USER_ID, *, group_id: str | None = None, room_id: str | None = None
) -> dict[str, Any]:
    """Return a user, group (``group_id``) or room (``room_id``) source."""
    if group_id:
        src: dict[str, Any] = {"type": "group", "groupId": group_id}
    elif room_id:
        src = {"type": "room", "roomId": room_id}
    else:
        src = {"type": "user"}
    if user_id:
        src["userId"] = user_id
    return src


def line_event(
    event_type: str,
    *,
    source: dict[str, Any] | None = None,
    mode: str = "active",
    redelivery: bool = False,
    **fields: Any,
) -> dict[str, Any]:
    """Return an event of ``event_type`` with every common field webhook.yml requires."""
    event = {
        "type": event_type,
        "timestamp": int(time.time() * 1000),
        "mode": mode,
        "webhookEventId": _ulid(),
        "deliveryContext": {"isRedelivery": redelivery},
        "source": source if source is not None else line_source(),
    }
    return {**event, **fields}


def _content(kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "id": str(next(_message_ids)), **fields}


def _quote() -> str:
    return base64.urlsafe_b64encode(os.urandom(24)).decode().rstrip("=")


def message_event(
    message: dict[str, Any], *, token: str | None = None, **kw: Any
) -> dict[str, Any]:
    """Return a message event carrying ``message`` (a webhook message content object)."""
    return line_event("message", replyToken=token or reply_token(), message=message, **kw)


def text_message_event(text: str = "สวัสดี", **kw: Any) -> dict[str, Any]:
    """Return a text message event."""
    return message_event(_content("text", text=text, quoteToken=_quote()), **kw)


def image_message_event(**kw: Any) -> dict[str, Any]:
    """Return an image message event (content served by LINE)."""
    return message_event(
        _content("image", contentProvider={"type": "line"}, quoteToken=_quote()), **kw
    )


def video_message_event(duration: int = 12000, **kw: Any) -> dict[str, Any]:
    """Return a video message event."""
    return message_event(
        _content("video", duration=duration, contentProvider={"type": "line"}, quoteToken=_quote()),
        **kw,
    )


def audio_message_event(duration: int = 6000, **kw: Any) -> dict[str, Any]:
    """Return an audio message event."""
    return message_event(
        _content("audio", duration=duration, contentProvider={"type": "line"}), **kw
    )


def file_message_event(
    name: str = "ita-evidence.pdf", size: int = 2048, **kw: Any
) -> dict[str, Any]:
    """Return a file message event."""
    return message_event(_content("file", fileName=name, fileSize=size), **kw)


def location_message_event(
    lat: float = 13.7563, lon: float = 100.5018, **kw: Any
) -> dict[str, Any]:
    """Return a location message event."""
    return message_event(
        _content("location", title="ที่ทำการ", address="กรุงเทพฯ", latitude=lat, longitude=lon), **kw
    )


def sticker_message_event(**kw: Any) -> dict[str, Any]:
    """Return a sticker message event."""
    return message_event(
        _content(
            "sticker",
            packageId="446",
            stickerId="1988",
            stickerResourceType="STATIC",
            keywords=["hello"],
            quoteToken=_quote(),
        ),
        **kw,
    )


def postback_event(
    data: str = "action=menu", params: dict[str, str] | None = None, **kw: Any
) -> dict[str, Any]:
    """Return a postback event (``params`` as a datetime picker sends them)."""
    postback: dict[str, Any] = {"data": data}
    if params:
        postback["params"] = params
    return line_event("postback", replyToken=reply_token(), postback=postback, **kw)


def _group() -> dict[str, Any]:
    return line_source(None, group_id=GROUP_ID)


def _members(*user_ids: str) -> dict[str, Any]:
    return {"members": [{"type": "user", "userId": u} for u in user_ids or (USER_ID,)]}


def _module_source() -> dict[str, Any]:
    return line_source(BOT_USER_ID)


LINE_EVENT_BUILDERS: dict[str, Callable[..., dict[str, Any]]] = {
    "message": text_message_event,
    "unsend": lambda **kw: line_event("unsend", unsend={"messageId": "325708"}, **kw),
    "follow": lambda **kw: line_event(
        "follow", replyToken=reply_token(), follow={"isUnblocked": False}, **kw
    ),
    "unfollow": lambda **kw: line_event("unfollow", **kw),
    "join": lambda **kw: line_event("join", source=_group(), replyToken=reply_token(), **kw),
    "leave": lambda **kw: line_event("leave", source=_group(), **kw),
    "memberJoined": lambda **kw: line_event(
        "memberJoined", source=_group(), replyToken=reply_token(), joined=_members(), **kw
    ),
    "memberLeft": lambda **kw: line_event("memberLeft", source=_group(), left=_members(), **kw),
    "postback": postback_event,
    "videoPlayComplete": lambda **kw: line_event(
        "videoPlayComplete",
        replyToken=reply_token(),
        videoPlayComplete={"trackingId": "track-1"},
        **kw,
    ),
    "beacon": lambda **kw: line_event(
        "beacon", replyToken=reply_token(), beacon={"hwid": "d41d8cd98f", "type": "enter"}, **kw
    ),
    "accountLink": lambda **kw: line_event(
        "accountLink",
        replyToken=reply_token(),
        link={"result": "ok", "nonce": "xxxxxxxxxxxxxxx"},
        **kw,
    ),
    "membership": lambda **kw: line_event(
        "membership",
        replyToken=reply_token(),
        membership={"type": "joined", "membershipId": 3189},
        **kw,
    ),
    "module": lambda **kw: line_event(
        "module",
        source=_module_source(),
        module={"type": "attached", "botId": BOT_USER_ID, "scopes": ["message:send"]},
        **kw,
    ),
    "activated": lambda **kw: line_event(
        "activated", source=_module_source(), chatControl={"expireAt": 1735689600000}, **kw
    ),
    "deactivated": lambda **kw: line_event("deactivated", source=_module_source(), **kw),
    "botSuspended": lambda **kw: line_event("botSuspended", source=_module_source(), **kw),
    "botResumed": lambda **kw: line_event("botResumed", source=_module_source(), **kw),
    "delivery": lambda **kw: line_event("delivery", delivery={"data": "a1b2c3"}, **kw),
}

LINE_MESSAGE_BUILDERS: dict[str, Callable[..., dict[str, Any]]] = {
    "text": text_message_event,
    "image": image_message_event,
    "video": video_message_event,
    "audio": audio_message_event,
    "file": file_message_event,
    "location": location_message_event,
    "sticker": sticker_message_event,
}


def line_webhook_body(*events: dict[str, Any], destination: str = BOT_USER_ID) -> dict[str, Any]:
    """Return a CallbackRequest holding ``events`` (none: LINE's connectivity check)."""
    return {"destination": destination, "events": list(events)}


def line_webhook_request(
    *events: dict[str, Any], secret: str, destination: str = BOT_USER_ID
) -> tuple[bytes, dict[str, str]]:
    """Return (raw body, headers) for POSTing ``events`` to the bot's webhook."""
    body = json.dumps(
        line_webhook_body(*events, destination=destination), ensure_ascii=False
    ).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Line-Signature": sign_line(body, secret),
    }
    return body, headers
