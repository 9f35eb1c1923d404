"""The one error of connecting a channel: what went wrong, ready to show the person."""

from __future__ import annotations


class ChannelSetupError(Exception):
    """Connecting a LINE OA or Telegram bot failed; the message names what the platform said."""
