"""Organisations' own LINE OAs and Telegram bots: ``python -m bot channel add|list|remove``."""

from __future__ import annotations

import argparse

from bot.app.config import Config
from bot.chat.messages import Platform
from bot.cli.base import CliError, open_store, print_json
from bot.platforms.channel_errors import ChannelSetupError
from bot.platforms.channel_setup import PLATFORM_NAMES, connect_line, connect_telegram
from bot.store.channels import channel_store
from bot.texts import t


def add_channel_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``channel add|list|remove`` to the command line."""
    channel = sub.add_parser("channel", help="organisations' own LINE OAs and Telegram bots")
    commands = channel.add_subparsers(dest="sub", required=True)
    p = commands.add_parser("add", help="connect an organisation's LINE OA or Telegram bot")
    p.add_argument("--org", required=True)
    p.add_argument("--platform", required=True, choices=[p.value for p in PLATFORM_NAMES])
    p.add_argument("--secret", default="", help="LINE: the channel secret")
    p.add_argument("--token", required=True, help="LINE: channel access token; Telegram: bot token")
    p.add_argument("--channel-id", default="", help="LINE: the console's channel id (optional)")
    p.add_argument("--no-verify", action="store_true", help="save only: no call to the platform")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_channel_add)
    p = commands.add_parser("list", help="an organisation's channels (secrets masked)")
    p.add_argument("--org", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_channel_list)
    p = commands.add_parser("remove", help="disconnect a channel")
    p.add_argument("channel_id")
    p.set_defaults(func=cmd_channel_remove)


def cmd_channel_add(args: argparse.Namespace, config: Config) -> int:
    """Check and connect a channel, then print its id and webhook path."""
    platform = Platform(args.platform)
    if platform is Platform.LINE and not args.secret:
        raise CliError(t("channels.missing", what="--secret (channel secret)"), code=2)
    with open_store(config) as store:
        if store.get_org(args.org) is None:
            raise CliError(t("cli.unknown_org", org=args.org))
        channels = channel_store(config, store)
        verify = not args.no_verify
        try:
            if platform is Platform.LINE:
                done = connect_line(
                    config,
                    channels,
                    args.org,
                    args.secret,
                    args.token,
                    verify=verify,
                    line_channel_id=args.channel_id,
                )
            else:
                done = connect_telegram(config, channels, args.org, args.token, verify=verify)
        except ChannelSetupError as exc:
            raise CliError(str(exc)) from exc
    channel = done.channel
    if args.json:
        print_json(
            {
                "id": channel.id,
                "org": channel.org_id,
                "platform": channel.platform.value,
                "webhook_path": channel.webhook_path,
            }
        )
        return 0
    name = PLATFORM_NAMES[platform]
    print(
        t(
            "channels.added",
            platform=name,
            org=channel.org_id,
            channel=channel.id,
            url=done.webhook_url,
        )
    )
    if not done.verified:
        print(t("channels.added_unverified", platform=name, url=done.webhook_url))
    elif channel.add_friend_link:
        print(channel.add_friend_link)
    return 0


def cmd_channel_list(args: argparse.Namespace, config: Config) -> int:
    """List an organisation's channels with their secrets masked."""
    with open_store(config) as store:
        if store.get_org(args.org) is None:
            raise CliError(t("cli.unknown_org", org=args.org))
        found = channel_store(config, store).for_org(args.org)
    if args.json:
        print_json([c.masked() for c in found])
        return 0
    if not found:
        print(t("channels.none", org=args.org))
    for c in found:
        shown = c.masked()
        facts = [c.platform.value, c.webhook_path, c.basic_id or "-", c.name or "-"]
        print("\t".join([c.id, *facts, f"secret {shown['secret']}", f"token {shown['token']}"]))
    return 0


def cmd_channel_remove(args: argparse.Namespace, config: Config) -> int:
    """Disconnect a channel (its webhook path answers 404 from then on)."""
    with open_store(config) as store:
        channels = channel_store(config, store)
        channel = channels.get(args.channel_id)
        if channel is None:
            raise CliError(t("channels.unknown", channel=args.channel_id))
        channels.remove(channel)
    name = PLATFORM_NAMES.get(channel.platform, channel.platform.value)  # or the simulator
    print(t("channels.removed", channel=channel.id, platform=name, org=channel.org_id))
    return 0
