"""What a channel's webhook answers LINE's webhook test, for the connect tests."""

from __future__ import annotations

from collections.abc import Callable

from linebot.v3.webhook import SignatureValidator

from bot.store.channels import ChannelStore


def webhook_endpoint(channels: ChannelStore) -> Callable[[str, bytes, dict[str, str]], int]:
    """Answer like /webhooks/line/<channel>: 404 for no channel, 400 for a bad signature.

    The fake LINE server's ``deliver`` calls this instead of the network, so LINE's webhook
    test checks the pasted secret against the record the connect step saved.
    """

    def answer(url: str, body: bytes, headers: dict[str, str]) -> int:
        channel = channels.get(url.rsplit("/", 1)[-1])
        if channel is None:
            return 404
        signed = SignatureValidator(channel.secret).validate(
            body.decode(), headers["x-line-signature"]
        )
        return 200 if signed else 400

    return answer
