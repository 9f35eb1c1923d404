"""Connecting an organisation's own LINE OA or Telegram bot, for the CLI and the dashboard.

LINE: the token is checked (bot info), the channel is saved, LINE tests the webhook URL
(our endpoint checks the test's signature with the saved secret, which proves the secret),
and only then is the OA's webhook pointed at it. Telegram: the token is checked (getMe),
the channel is saved with a fresh webhook secret token (the one stored is kept when the
same bot connects again), and the webhook is registered. When any step fails, what was
saved is undone: the previous record comes back, or the new one goes, and the error names
what LINE or Telegram answered. ``verify=False`` saves without calling the platform.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.app.config import Config
from bot.chat.menus import stranger_commands
from bot.chat.messages import Platform
from bot.platforms.channel_errors import ChannelSetupError
from bot.platforms.line import connect as line_connect
from bot.platforms.telegram import connect as telegram_connect
from bot.store.channel_record import (
    ChannelRecord,
    new_channel,
    new_webhook_secret,
    telegram_bot_id,
)
from bot.store.channels import ChannelConflictError, ChannelStore
from bot.texts import t

PLATFORM_NAMES = {Platform.LINE: "LINE", Platform.TELEGRAM: "Telegram"}


@dataclass(frozen=True)
class Connected:
    """A channel saved (and, when verified, its webhook set)."""

    channel: ChannelRecord
    webhook_url: str
    verified: bool


def webhook_url(config: Config, channel: ChannelRecord) -> str:
    """Return the public URL the platform posts this channel's events to."""
    return config.public_url.rstrip("/") + channel.webhook_path


def _cleaned(value: str, what: str, lang: str) -> str:
    value = "".join(value.split())  # pasted values carry spaces and line breaks
    if not value:
        raise ChannelSetupError(t("channels.missing", lang, what=what))
    return value


def _https(config: Config, lang: str) -> None:
    if not config.public_url.startswith("https://"):
        raise ChannelSetupError(t("channels.not_https", lang, url=config.public_url))


def _store(
    channels: ChannelStore, channel: ChannelRecord, lang: str
) -> tuple[ChannelRecord, ChannelRecord | None]:
    """Save channel; return what was stored and the record it replaced, if any."""
    mine = channels.for_org(channel.org_id)
    previous = next((c for c in mine if c.platform is channel.platform), None)
    try:
        stored = channels.add(channel)
    except ChannelConflictError as exc:
        other = exc.existing
        platform = PLATFORM_NAMES[other.platform]
        if other.org_id != channel.org_id:
            message = t("channels.bot_taken", lang, platform=platform, org=other.org_id)
        else:
            message = t("channels.org_has_one", lang, platform=platform, channel=other.id)
        raise ChannelSetupError(message) from None
    return stored, (previous if previous is not None and previous.id == stored.id else None)


def connect_line(
    config: Config,
    channels: ChannelStore,
    org_id: str,
    secret: str,
    token: str,
    *,
    verify: bool = True,
    line_channel_id: str = "",
    lang: str = "th",
) -> Connected:
    """Connect an organisation's LINE OA with its channel secret and access token."""
    secret = _cleaned(secret, "channel secret", lang)
    token = _cleaned(token, "channel access token", lang)
    facts = {"line_channel_id": line_channel_id.strip()}
    if verify:
        _https(config, lang)
        info = line_connect.get_bot_info(config, token, lang)
        facts.update(bot_id=info.user_id, basic_id=info.basic_id, name=info.display_name)
    stored, previous = _store(
        channels, new_channel(org_id, Platform.LINE, secret, token, **facts), lang
    )
    url = webhook_url(config, stored)
    if verify:
        try:
            line_connect.check_webhook(config, token, url, lang)
            line_connect.set_webhook(config, token, url, lang)
        except ChannelSetupError:
            channels.restore(stored, previous)
            raise
    return Connected(stored, url, verify)


def connect_telegram(
    config: Config,
    channels: ChannelStore,
    org_id: str,
    token: str,
    *,
    verify: bool = True,
    lang: str = "th",
) -> Connected:
    """Connect an organisation's Telegram bot with its token."""
    token = _cleaned(token, "bot token", lang)
    if verify:
        _https(config, lang)
        me = telegram_connect.get_me(config, token, lang)
        bot_id, facts = me.id, {"basic_id": me.username, "name": me.name}
    else:
        bot_id, facts = telegram_bot_id(token), {}
    if not bot_id:
        raise ChannelSetupError(t("channels.telegram.bad_token", lang))
    known = channels.for_bot(Platform.TELEGRAM, bot_id)
    secret = known.secret if known is not None else new_webhook_secret()
    channel = new_channel(org_id, Platform.TELEGRAM, secret, token, bot_id=bot_id, **facts)
    stored, previous = _store(channels, channel, lang)
    url = webhook_url(config, stored)
    if verify:
        try:
            telegram_connect.set_webhook(config, token, url, stored.secret, lang)
            # before joining, everyone sees how to start; people get their role's list on joining
            telegram_connect.set_commands(config, token, stranger_commands(), lang)
        except ChannelSetupError:
            channels.restore(stored, previous)
            raise
    return Connected(stored, url, verify)
