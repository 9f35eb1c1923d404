"""The channel's own settings in the fake LINE API: bot info and the webhook endpoint.

messaging-api.yml gives the shapes (BotInfoResponse, SetWebhookEndpointRequest,
TestWebhookEndpointResponse); LINE's reference adds what is enforced here:

* the webhook URL must be HTTPS ("Set webhook endpoint URL": 400 otherwise);
* "Test webhook endpoint" sends the URL (the one given, else the one set) a webhook with
  no events, signed with the channel secret, and reports the status code it got back:
  ``success`` only for 2xx; ``statusCode`` 0 and reason ``COULD_NOT_CONNECT`` when nothing
  answered. ``deliver`` makes that request; tests aim it at the app under test.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .http_base import Response
from .webhooks import sign_line

if TYPE_CHECKING:
    from .line_server import LineCall

OPERATIONS = frozenset(
    {"getBotInfo", "getWebhookEndpoint", "setWebhookEndpoint", "testWebhookEndpoint"}
)
# (url, body, headers) -> the HTTP status the endpoint answered; 0 when it did not answer
Deliver = Callable[[str, bytes, dict[str, str]], int]


def post_webhook(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST a webhook body over the network, as LINE does; 0 when nothing answers."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - test helper
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, OSError):
        return 0


class LineChannelMixin:
    """Bot info and webhook endpoint state; mixed into FakeLineServer."""

    bot_info: dict[str, Any]
    channel_secret: str
    webhook_endpoint: str | None
    deliver: Deliver

    def _init_channel(self, channel_secret: str, bot_user_id: str, basic_id: str) -> None:
        self.bot_info = {
            "userId": bot_user_id,
            "basicId": basic_id,
            "displayName": "ITA Test OA",
            "chatMode": "bot",
            "markAsReadMode": "auto",
        }
        self.channel_secret = channel_secret
        self.webhook_endpoint = None
        self.deliver = post_webhook

    # Provided by FakeLineServer.
    def _accept(self, call: LineCall, payload: Any, status: int = 200) -> Response:
        raise NotImplementedError

    def _error(self, call: LineCall, status: int, message: str, *a: Any, **kw: Any) -> Response:
        raise NotImplementedError

    def _channel(self, operation: str, call: LineCall) -> Response:
        body = call.json if isinstance(call.json, dict) else {}
        if operation == "getBotInfo":
            return self._accept(call, self.bot_info)
        if operation == "getWebhookEndpoint":
            if self.webhook_endpoint is None:
                return self._error(call, 404, "webhook endpoint not set", False)
            return self._accept(call, {"endpoint": self.webhook_endpoint, "active": True})
        endpoint = body.get("endpoint") or self.webhook_endpoint
        if not endpoint:
            return self._error(call, 400, "The webhook endpoint is not set", False)
        if not str(endpoint).startswith("https://"):
            return self._error(call, 400, "Invalid webhook endpoint URL: HTTPS is required")
        if operation == "setWebhookEndpoint":
            self.webhook_endpoint = endpoint
            return self._accept(call, {})
        return self._accept(call, self._test(str(endpoint)))

    def _test(self, endpoint: str) -> dict[str, Any]:
        body = json.dumps({"destination": self.bot_info["userId"], "events": []}).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "x-line-signature": sign_line(body, self.channel_secret),
            "User-Agent": "LineBotWebhook/2.0",
        }
        status = self.deliver(endpoint, body, headers)
        if status == 0:
            reason, detail = "COULD_NOT_CONNECT", "Connection refused"
        else:
            reason, detail = ("OK" if 200 <= status < 300 else "ERROR_STATUS_CODE"), str(status)
        return {
            "success": 200 <= status < 300,
            "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "statusCode": status,
            "reason": reason,
            "detail": detail,
        }
