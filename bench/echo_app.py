"""The baseline: a minimal LINE echo bot (signature check and reply only), same SDK, same server."""

from __future__ import annotations

import json
import os

from flask import Flask, Response, request
from linebot.v3 import WebhookParser
from linebot.v3.messaging import (
    ApiClient,
    Configuration,
    MessagingApi,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.webhooks import MessageEvent, TextMessageContent

app = Flask(__name__)
parser = WebhookParser(os.environ["LINE_CHANNEL_SECRET"])
api = MessagingApi(
    ApiClient(
        Configuration(
            host=os.environ["LINE_API_BASE_URL"],
            access_token=os.environ["LINE_CHANNEL_ACCESS_TOKEN"],
        )
    )
)


@app.post("/webhooks/line")
def webhook() -> Response:
    """Verify, then echo each text."""
    body = request.get_data(as_text=True)
    events = parser.parse(body, request.headers.get("x-line-signature", ""))
    for event in events:
        if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
            api.reply_message(
                ReplyMessageRequest(
                    reply_token=event.reply_token, messages=[TextMessage(text=event.message.text)]
                )
            )
    return Response(json.dumps({}), mimetype="application/json")
