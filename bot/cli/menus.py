"""`python -m bot line rich-menus`: install the role menus on the LINE channel."""

from __future__ import annotations

import argparse
from dataclasses import replace

from bot.app.config import Config
from bot.chat.messages import Platform
from bot.cli.base import CliError, open_store, print_json
from bot.store.channels import channel_store
from bot.texts import t


def cmd_line_rich_menus(args: argparse.Namespace, config: Config) -> int:
    """Create or update the rich menu of each role and link every LINE user to theirs."""
    from bot.platforms.line.richmenus import RichMenuError, install_rich_menus

    channel_id = getattr(args, "channel", "") or ""
    with open_store(config) as store:
        if channel_id:  # an organisation's own OA: its token, its menus, its people
            record = channel_store(config, store).get(channel_id, Platform.LINE)
            if record is None:
                raise CliError(t("channels.unknown", channel=channel_id))
            config = replace(
                config,
                line_channel_secret=record.secret,
                line_channel_access_token=record.token,
            )
        if not config.line_channel_access_token:
            raise CliError(t("richmenu.no_token"))
        try:
            result = install_rich_menus(config, store, channel_id)
        except RichMenuError as exc:
            raise CliError(t("richmenu.failed", reason=str(exc))) from exc
    if args.json:
        print_json(result.to_json())
        return 0
    for row in result.pages:
        print(f"{row['key']}\t{row['rich_menu_id']}\t{row['alias'] or '-'}")
    print(
        t(
            "richmenu.installed",
            created=result.created,
            kept=len(result.pages) - result.created,
            deleted=len(result.deleted),
            linked=result.linked,
        )
    )
    return 0
