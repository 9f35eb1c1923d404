"""Connecting a LINE Official Account: check the token, then test and set the webhook.

Through line-bot-sdk v3: ``get_bot_info`` (GET /v2/bot/info) proves the channel access
token and gives the OA's basic id (its add-friend link); ``test_webhook_endpoint`` (POST
/v2/bot/channel/webhook/test) makes LINE send our webhook an empty event list signed with
the channel secret, so our answer proves the secret; ``set_webhook_endpoint`` (PUT
/v2/bot/channel/webhook/endpoint) points the OA at it. Every refusal becomes a
ChannelSetupError naming LINE's status and message; tokens are never put in a message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import urllib3
from linebot.v3 import messaging as sdk

from bot.app.config import Config
from bot.platforms.channel_errors import ChannelSetupError
from bot.texts import t

T = TypeVar("T")
TIMEOUT = (3.0, 15.0)  # connect, read: LINE's webhook test waits for our endpoint
SIGNATURE_REFUSED = frozenset({400, 401, 403})  # what our webhook answers a bad signature


@dataclass(frozen=True)
class LineBotInfo:
    """Who the token belongs to."""

    user_id: str  # the bot's user id: the "destination" of its webhooks
    basic_id: str  # "@123abcde": the add-friend link's account
    display_name: str


def _answer(exc: sdk.ApiException) -> str:
    try:
        message = str(json.loads(exc.body or b"{}").get("message", ""))
    except (ValueError, AttributeError):
        message = ""
    return message[:200] or str(exc.reason or "")


@contextmanager
def _api(config: Config, token: str) -> Iterator[sdk.MessagingApi]:
    settings = sdk.Configuration(host=config.line_api_base_url, access_token=token)
    with sdk.ApiClient(settings) as client:
        yield sdk.MessagingApi(client)


def _call(config: Config, token: str, lang: str, key: str, work: Callable[..., T]) -> T:
    """Run one SDK call; a refusal or no answer becomes a ChannelSetupError."""
    try:
        with _api(config, token) as api:
            return work(api)
    except sdk.ApiException as exc:
        raise ChannelSetupError(t(key, lang, status=exc.status or 0, answer=_answer(exc))) from None
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise ChannelSetupError(
            t("channels.unreachable", lang, platform="LINE", reason=type(exc).__name__)
        ) from None


def get_bot_info(config: Config, token: str, lang: str = "th") -> LineBotInfo:
    """Check the channel access token with LINE and return the OA it belongs to."""
    info = _call(
        config,
        token,
        lang,
        "channels.line.token_refused",
        lambda api: api.get_bot_info(_request_timeout=TIMEOUT),
    )
    return LineBotInfo(info.user_id, info.basic_id, info.display_name)


def check_webhook(config: Config, token: str, url: str, lang: str = "th") -> None:
    """Have LINE send url a signed test webhook; refuse unless our endpoint accepted it."""
    request = sdk.TestWebhookEndpointRequest(endpoint=url)
    result = _call(
        config,
        token,
        lang,
        "channels.line.refused",
        lambda api: api.test_webhook_endpoint(request, _request_timeout=TIMEOUT),
    )
    if result.success:
        return
    key = (
        "channels.line.secret_refused"
        if result.status_code in SIGNATURE_REFUSED
        else "channels.line.test_failed"
    )
    raise ChannelSetupError(
        t(
            key,
            lang,
            url=url,
            status=result.status_code,
            reason=result.reason,
            detail=result.detail,
        )
    )


def set_webhook(config: Config, token: str, url: str, lang: str = "th") -> None:
    """Point the OA's webhook at url."""
    request = sdk.SetWebhookEndpointRequest(endpoint=url)
    _call(
        config,
        token,
        lang,
        "channels.line.refused",
        lambda api: api.set_webhook_endpoint(request, _request_timeout=TIMEOUT),
    )
