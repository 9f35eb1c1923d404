"""`python -m bot line rich-menus`: install the role menus on the LINE channel."""

from __future__ import annotations

import argparse

from bot.app.config import Config
from bot.cli.base import CliError, open_store, print_json
from bot.texts import t


def cmd_line_rich_menus(args: argparse.Namespace, config: Config) -> int:
    """Create or update the rich menu of each role and link every LINE user to theirs."""
    from bot.platforms.line.richmenus import RichMenuError, install_rich_menus

    if not config.line_channel_access_token:
        raise CliError(t("richmenu.no_token"))
    with open_store(config) as store:
        try:
            result = install_rich_menus(config, store)
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
