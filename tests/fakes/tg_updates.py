"""Builders of Telegram ``Update`` bodies, valid against api.json's ``Update`` type.

Common kinds have explicit builders with realistic data (``tg_message_update``,
``tg_callback_query_update``, ``tg_my_chat_member_update`` ...).  ``tg_update(kind)`` builds
any kind api.json's ``Update`` lists, synthesising the payload from the spec's required fields
where no explicit builder exists, so new update kinds are covered without code changes.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

from .specs import telegram_spec
from .telegram_types import FieldSpec, subtypes, type_fields

USER_ID = 100200300
CHAT_ID = USER_ID
BOT_ID = 7000000001
_update_ids = itertools.count(500000001)
_message_ids = itertools.count(1001)
_query_ids = itertools.count(4000000000000001)


def tg_user(user_id: int = USER_ID, first_name: str = "สมชาย", **extra: Any) -> dict[str, Any]:
    """Return a User (a person unless ``is_bot=True`` is passed)."""
    return {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "language_code": "th",
        **extra,
    }


def tg_chat(chat_id: int = CHAT_ID, chat_type: str | None = None, **extra: Any) -> dict[str, Any]:
    """Return a Chat; the type follows the id (positive: private, -100...: supergroup)."""
    if chat_type is None:
        chat_type = "private" if chat_id > 0 else "supergroup"
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = "สมชาย"
    else:
        chat["title"] = "อบต. ตัวอย่าง"
    return {**chat, **extra}


def tg_message(
    text: str | None = "สวัสดี", *, chat_id: int = CHAT_ID, from_id: int | None = None, **extra: Any
) -> dict[str, Any]:
    """Return a Message; a text starting with "/" gets a bot_command entity."""
    chat = tg_chat(chat_id)
    msg: dict[str, Any] = {"message_id": next(_message_ids), "date": int(time.time()), "chat": chat}
    if chat["type"] != "channel":
        msg["from"] = tg_user(from_id or (chat_id if chat_id > 0 else USER_ID))
    if text is not None:
        msg["text"] = text
        if text.startswith("/"):
            length = len(text.split()[0].encode("utf-16-le")) // 2
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return {**msg, **extra}


def _wrap(kind: str, payload: dict[str, Any], update_id: int | None) -> dict[str, Any]:
    return {"update_id": update_id or next(_update_ids), kind: payload}


def tg_message_update(
    text: str = "สวัสดี", *, update_id: int | None = None, **kw: Any
) -> dict[str, Any]:
    """Return an Update with a new ``message``."""
    return _wrap("message", tg_message(text, **kw), update_id)


def tg_edited_message_update(text: str = "แก้ไขแล้ว", **kw: Any) -> dict[str, Any]:
    """Return an Update with an ``edited_message``."""
    return _wrap("edited_message", tg_message(text, edit_date=int(time.time()), **kw), None)


def tg_channel_post_update(
    text: str = "ประกาศ", *, edited: bool = False, chat_id: int = -1001234567890
) -> dict[str, Any]:
    """Return an Update with a ``channel_post`` (or ``edited_channel_post``)."""
    msg = tg_message(text, chat_id=chat_id, chat=tg_chat(chat_id, "channel"))
    msg.pop("from", None)
    msg["sender_chat"] = msg["chat"]
    if edited:
        msg["edit_date"] = int(time.time())
    return _wrap("edited_channel_post" if edited else "channel_post", msg, None)


def tg_callback_query_update(
    data: str = "menu:1",
    *,
    from_id: int = USER_ID,
    message: dict[str, Any] | None = None,
    query_id: str | None = None,
) -> dict[str, Any]:
    """Return an Update with a ``callback_query`` from a button under a bot message."""
    if message is None:
        message = tg_message("เลือกเมนู", chat_id=from_id)
        message["from"] = {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "ITA Test Bot",
            "username": "ita_test_bot",
        }
    query = {
        "id": query_id or str(next(_query_ids)),
        "from": tg_user(from_id),
        "message": message,
        "chat_instance": "-4567890123456789",
        "data": data,
    }
    return _wrap("callback_query", query, None)


def tg_chat_member_updated(
    old_status: str = "member",
    new_status: str = "kicked",
    *,
    chat_id: int = CHAT_ID,
    member_id: int = BOT_ID,
) -> dict[str, Any]:
    """Return a ChatMemberUpdated; the default is a user blocking the bot."""
    is_bot = member_id == BOT_ID
    member = tg_user(member_id, "ITA Test Bot" if is_bot else "สมชาย", is_bot=is_bot)

    def status(value: str) -> dict[str, Any]:
        cm: dict[str, Any] = {"status": value, "user": member}
        if value == "kicked":
            cm["until_date"] = 0
        return cm

    return {
        "chat": tg_chat(chat_id),
        "from": tg_user(USER_ID),
        "date": int(time.time()),
        "old_chat_member": status(old_status),
        "new_chat_member": status(new_status),
    }


def tg_my_chat_member_update(
    old_status: str = "member", new_status: str = "kicked", **kw: Any
) -> dict[str, Any]:
    """Return an Update with ``my_chat_member`` (default: the user blocked the bot)."""
    return _wrap("my_chat_member", tg_chat_member_updated(old_status, new_status, **kw), None)


# ---- synthesis from api.json for every other kind --------------------------------------
_OVERRIDES = {"User": lambda: tg_user(), "Chat": lambda: tg_chat(), "Message": lambda: tg_message()}


def _sample_value(spec: FieldSpec, depth: int) -> Any:
    tname = spec.types[0]
    if spec.const is not None:
        return spec.const
    if tname.startswith("Array of "):
        inner = FieldSpec(spec.name, (tname[len("Array of ") :],), True, None, False, None)
        return [_sample_value(inner, depth + 1)]
    if tname in ("Integer", "Float"):
        return int(time.time()) if "date" in spec.name else 1
    if tname in ("Boolean", "True"):
        return tname == "True"
    if tname == "String":
        lo = spec.length[0] if spec.length else 1
        return (spec.name + "x" * lo)[: max(lo, len(spec.name))]
    return sample_object(tname, depth + 1)


def sample_object(type_name: str, depth: int = 0) -> Any:
    """Return a minimal valid instance of api.json type ``type_name`` (required fields only)."""
    if type_name in _OVERRIDES:
        return _OVERRIDES[type_name]()
    subs = subtypes(type_name)
    if subs:
        return sample_object(subs[0], depth + 1)
    if depth > 12:
        raise RecursionError(f"cannot synthesise {type_name}: required fields recurse")
    fields = type_fields(type_name) or {}
    return {n: _sample_value(f, depth) for n, f in fields.items() if f.required}


def tg_update_kinds() -> list[str]:
    """Return every update kind (optional field of ``Update``) that api.json defines."""
    return [f["name"] for f in telegram_spec()["types"]["Update"]["fields"] if not f["required"]]


_BUILDERS = {
    "message": tg_message_update,
    "edited_message": tg_edited_message_update,
    "channel_post": tg_channel_post_update,
    "edited_channel_post": lambda: tg_channel_post_update(edited=True),
    "callback_query": tg_callback_query_update,
    "my_chat_member": tg_my_chat_member_update,
    "chat_member": lambda: _wrap(
        "chat_member",
        tg_chat_member_updated("left", "member", member_id=USER_ID + 1, chat_id=-1001234567890),
        None,
    ),
}


def tg_update(kind: str, **payload: Any) -> dict[str, Any]:
    """Return an Update of ``kind``; ``payload`` overrides fields of the synthesised object."""
    if kind in _BUILDERS and not payload:
        return _BUILDERS[kind]()
    field = next(f for f in telegram_spec()["types"]["Update"]["fields"] if f["name"] == kind)
    return _wrap(kind, {**sample_object(field["types"][0]), **payload}, None)
