"""A channel record: one organisation's LINE OA or Telegram bot, and the environment's default.

Pure: ids, the record with its secrets kept out of ``repr`` and masked for people, and the
deployment's own channel from the configuration. Stored by ``bot/store/channels.py``.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from bot.app.config import Config
from bot.chat.messages import Platform
from bot.domain.clock import utc_now
from bot.store.sealed import mask

# The simulator's records are the demo's organisations' own OAs (bot/demo/channels.py).
CHANNEL_PLATFORMS = (Platform.LINE, Platform.TELEGRAM, Platform.SIMULATOR)
DEFAULT_ID = "default"  # the environment's channel; never a stored id (they are 12 characters)
ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
ID_LENGTH = 12
_ID = re.compile(rf"^[{ID_ALPHABET}]{{{ID_LENGTH}}}$")
_TELEGRAM_TOKEN = re.compile(r"^(\d{1,20}):[A-Za-z0-9_-]{20,}$")


@dataclass(frozen=True)
class ChannelRecord:
    """One LINE Official Account or Telegram bot of one organisation (or a simulated OA)."""

    id: str
    org_id: str
    platform: Platform
    secret: str = field(repr=False)  # LINE channel secret; Telegram webhook secret token
    token: str = field(repr=False)  # LINE channel access token; Telegram bot token
    bot_id: str = ""  # LINE bot user id (the webhooks' "destination"); Telegram bot id
    line_channel_id: str = ""  # the LINE Developers console's channel id, when given
    basic_id: str = ""  # LINE "@123abcde"; Telegram username (without "@")
    name: str = ""  # the OA's or bot's display name
    created_at: str = ""  # ISO instant of the first save
    revision: int = 1  # grows with every change of the record

    @property
    def webhook_path(self) -> str:
        """Return the path LINE or Telegram posts this channel's events to."""
        return f"/webhooks/{self.platform.value}/{self.id}"

    @property
    def add_friend_link(self) -> str | None:
        """Return the link that adds the OA as a friend (LINE) or opens the bot (Telegram)."""
        if not self.basic_id or self.platform is Platform.SIMULATOR:
            return None
        if self.platform is Platform.LINE:
            account = self.basic_id if self.basic_id.startswith("@") else f"@{self.basic_id}"
            return f"https://line.me/R/ti/p/{account.replace('@', '%40')}"
        return f"https://t.me/{self.basic_id.lstrip('@')}"

    def masked(self) -> dict[str, Any]:
        """Return the record as JSON with both secrets masked (``••••abcd``): for people."""
        return {
            "id": self.id,
            "org": self.org_id,
            "platform": self.platform.value,
            "webhook_path": self.webhook_path,
            "bot_id": self.bot_id,
            "line_channel_id": self.line_channel_id,
            "basic_id": self.basic_id,
            "name": self.name,
            "created_at": self.created_at,
            "secret": mask(self.secret),
            "token": mask(self.token),
        }


def new_channel_id() -> str:
    """Return a fresh random channel id (12 lower-case letters and digits)."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))


def is_channel_id(text: str) -> bool:
    """Whether text has the shape of a stored channel id (checked before any Redis call)."""
    return bool(_ID.match(text))


def new_webhook_secret() -> str:
    """Return a Telegram webhook secret token (1-256 of A-Z, a-z, 0-9, _ and -)."""
    return secrets.token_urlsafe(32)


def telegram_bot_id(token: str) -> str:
    """Return the bot id a Telegram token starts with ("123456:ABC..." -> "123456"), or ""."""
    found = _TELEGRAM_TOKEN.match(token.strip())
    return found.group(1) if found else ""


def new_channel(
    org_id: str,
    platform: Platform,
    secret: str,
    token: str,
    *,
    bot_id: str = "",
    line_channel_id: str = "",
    basic_id: str = "",
    name: str = "",
) -> ChannelRecord:
    """Return a channel not stored yet, with a fresh id and creation time."""
    if platform not in CHANNEL_PLATFORMS:
        raise ValueError(f"no channels on {platform}")
    return ChannelRecord(
        id=new_channel_id(),
        org_id=org_id,
        platform=platform,
        secret=secret,
        token=token,
        bot_id=bot_id,
        line_channel_id=line_channel_id,
        basic_id=basic_id,
        name=name,
        created_at=utc_now().isoformat(timespec="seconds"),
    )


def default_channel(config: Config, platform: Platform) -> ChannelRecord | None:
    """Return the environment's channel for a platform (the deployment's default), if set."""
    if platform is Platform.LINE and config.line_channel_secret:
        return ChannelRecord(
            id=DEFAULT_ID,
            org_id="",
            platform=platform,
            secret=config.line_channel_secret,
            token=config.line_channel_access_token,
            basic_id=config.line_bot_basic_id,
        )
    if platform is Platform.TELEGRAM and config.telegram_bot_token:
        return ChannelRecord(
            id=DEFAULT_ID,
            org_id="",
            platform=platform,
            secret=config.telegram_secret_token,
            token=config.telegram_bot_token,
            bot_id=telegram_bot_id(config.telegram_bot_token),
            basic_id=config.telegram_bot_username,
        )
    return None
