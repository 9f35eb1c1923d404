"""Realistic ``result`` objects for the fake Telegram Bot API server."""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from typing import TYPE_CHECKING, Any

from .http_base import Response
from .specs import telegram_spec

if TYPE_CHECKING:
    from .telegram_server import ServerState, TelegramCallRecord

BOT_ID = 7000000001


def _bad_request(description: str) -> Response:
    return Response.json(
        400, {"ok": False, "error_code": 400, "description": f"Bad Request: {description}"}
    )


def chat_for(chat_id: Any) -> dict[str, Any]:
    """Return a plausible Chat object for a ``chat_id`` parameter."""
    if isinstance(chat_id, str) and chat_id.startswith("@"):
        return {
            "id": -1001000000001,
            "type": "channel",
            "title": chat_id[1:],
            "username": chat_id[1:],
        }
    cid = int(chat_id)
    if cid > 0:
        return {"id": cid, "type": "private", "first_name": f"User{cid}"}
    if str(cid).startswith("-100"):
        return {"id": cid, "type": "supergroup", "title": f"Group {cid}"}
    return {"id": cid, "type": "group", "title": f"Group {cid}"}


def _file_ids(seed: str) -> dict[str, str]:
    digest = hashlib.sha1(seed.encode()).hexdigest()
    return {"file_id": f"BQACAgUAAx{digest[:30]}", "file_unique_id": f"AgAD{digest[30:40]}"}


class ResultFactory:
    """Builds results for the implemented methods and remembers sent messages for edits."""

    def __init__(self, username: str, bot_id: int | None = None) -> None:
        self.username = username
        self.bot_id = BOT_ID if bot_id is None else bot_id
        self.messages: dict[tuple[str, int], dict[str, Any]] = {}
        self._ids = itertools.count(1)

    def bot_user(self) -> dict[str, Any]:
        """Return the bot's User object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "ITA Test Bot",
            "username": self.username,
        }

    def result_for(self, call: TelegramCallRecord, state: ServerState) -> Any:
        """Return the ``result`` for ``call``, an error Response, or NotImplemented."""
        handler = getattr(self, f"_m_{call.method}", None)
        if handler is not None:
            return handler(call.params, call, state)
        returns = telegram_spec()["methods"][call.method].get("returns", [])
        return True if returns == ["Boolean"] else NotImplemented

    # -- messages ------------------------------------------------------------------------
    def _message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat = chat_for(params["chat_id"])
        msg: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self.bot_user(),
            **content,
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        self.messages[(str(chat["id"]), msg["message_id"])] = msg
        return msg

    def _m_getMe(self, params: dict[str, Any], *_: Any) -> dict[str, Any]:
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _m_sendMessage(self, params: dict[str, Any], *_: Any) -> dict[str, Any]:
        return self._message(params, text=params["text"])

    def _m_sendPhoto(self, params: dict[str, Any], call: TelegramCallRecord, *_: Any) -> Any:
        ids = _file_ids(f"photo{len(self.messages)}")
        sizes = [{**ids, "width": w, "height": w, "file_size": w * 40} for w in (90, 320, 800)]
        extra = {"caption": params["caption"]} if "caption" in params else {}
        return self._message(params, photo=sizes, **extra)

    def _m_sendDocument(self, params: dict[str, Any], call: TelegramCallRecord, *_: Any) -> Any:
        upload = call.files.get("document")
        doc: dict[str, Any] = {**_file_ids(f"doc{len(self.messages)}")}
        if upload is not None:
            doc.update(
                file_name=upload.filename or "file",
                mime_type=upload.content_type,
                file_size=len(upload.data),
            )
        extra = {"caption": params["caption"]} if "caption" in params else {}
        return self._message(params, document=doc, **extra)

    def _edit(self, params: dict[str, Any], **changes: Any) -> Any:
        if "inline_message_id" in params:
            return True
        chat = chat_for(params["chat_id"])
        key = (str(chat["id"]), int(params["message_id"]))
        old = self.messages.get(key)
        if old is None:  # not sent through this fake: edit a stand-in
            old = {
                "message_id": key[1],
                "date": int(time.time()),
                "chat": chat,
                "from": self.bot_user(),
            }
        new = {**old, **{k: v for k, v in changes.items() if v is not None}}
        markup = params.get("reply_markup")
        new.pop("reply_markup", None)
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            new["reply_markup"] = markup
        if key in self.messages and {**new, "edit_date": 0} == {**old, "edit_date": 0}:
            return _bad_request(
                "message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and "
                "reply markup of the message"
            )
        new["edit_date"] = int(time.time())
        self.messages[key] = new
        return new

    def _m_editMessageText(self, params: dict[str, Any], *_: Any) -> Any:
        return self._edit(params, text=params.get("text"))

    def _m_editMessageReplyMarkup(self, params: dict[str, Any], *_: Any) -> Any:
        return self._edit(params)

    # -- command menus -------------------------------------------------------------------
    @staticmethod
    def _scope_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        if "chat_id" in scope:
            scope = {**scope, "chat_id": int(scope["chat_id"])}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _m_setMyCommands(self, params: dict[str, Any], _call: Any, state: ServerState) -> Any:
        state.commands[self._scope_key(params)] = list(params["commands"])
        return True

    def _m_getMyCommands(self, params: dict[str, Any], _call: Any, state: ServerState) -> Any:
        return state.commands.get(self._scope_key(params), [])

    def _m_deleteMyCommands(self, params: dict[str, Any], _call: Any, state: ServerState) -> Any:
        state.commands.pop(self._scope_key(params), None)
        return True

    def _m_setChatMenuButton(self, params: dict[str, Any], _call: Any, state: ServerState) -> Any:
        chat = params.get("chat_id")
        state.menu_buttons[str(chat or "")] = params.get("menu_button") or {"type": "default"}
        return True

    def _m_getChatMenuButton(self, params: dict[str, Any], _call: Any, state: ServerState) -> Any:
        chat = str(params.get("chat_id") or "")
        return state.menu_buttons.get(chat) or state.menu_buttons.get("") or {"type": "default"}

    # -- webhook and files ---------------------------------------------------------------
    def _m_setWebhook(self, params: dict[str, Any], _call: Any, state: ServerState) -> bool:
        state.webhook = {"url": params["url"]}
        state.webhook_secret = str(params.get("secret_token") or "")
        for key in ("max_connections", "allowed_updates", "ip_address"):
            if key in params:
                state.webhook[key] = params[key]
        return True

    def _m_deleteWebhook(self, params: dict[str, Any], _call: Any, state: ServerState) -> bool:
        state.webhook = {"url": ""}
        return True

    def _m_getWebhookInfo(self, params: dict[str, Any], _call: Any, state: ServerState) -> Any:
        info = {k: v for k, v in state.webhook.items() if k != "ip_address"}
        return {**info, "has_custom_certificate": False, "pending_update_count": 0}

    def _m_getFile(self, params: dict[str, Any], _call: Any, state: ServerState) -> Any:
        found = state.files.get(params["file_id"])
        if found is None:
            return _bad_request("invalid file_id")
        data, path = found
        unique = _file_ids(params["file_id"])["file_unique_id"]
        return {
            "file_id": params["file_id"],
            "file_unique_id": unique,
            "file_size": len(data),
            "file_path": path,
        }
