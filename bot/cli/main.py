"""Command line: ``python -m bot --help``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.app.config import ConfigError, load_config
from bot.cli.base import CliError
from bot.cli.channel import add_channel_parser
from bot.cli.demo import cmd_demo
from bot.cli.memo import add_memo_parser
from bot.cli.menus import cmd_line_rich_menus
from bot.cli.org import cmd_invite, cmd_org_create, cmd_org_list
from bot.cli.plan import cmd_plan_import, cmd_plan_show, cmd_plan_template, cmd_timeframe
from bot.cli.province import add_province_parser
from bot.cli.reminders import (
    cmd_reminders_policy,
    cmd_reminders_preview,
    cmd_reminders_status,
    cmd_reminders_tick,
    cmd_telegram_set_webhook,
)
from bot.cli.store import cmd_store_migrate
from bot.cli.summary import cmd_chat, cmd_serve, cmd_summary
from bot.domain.model import Role
from bot.texts import t


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every command."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=t("cli.description"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    org = sub.add_parser("org", help="organisations").add_subparsers(dest="sub", required=True)
    p = org.add_parser("create", help="create an organisation")
    p.add_argument("org_id")
    p.add_argument("--name", required=True)
    p.add_argument(
        "--division",
        action="append",
        help="a division name (repeat); the six common divisions when none is given",
    )
    p.add_argument("--province", default="", help="จังหวัด, in Thai (ขอนแก่น)")
    p.add_argument("--district", default="", help="อำเภอ, in Thai (เมืองขอนแก่น)")
    p.set_defaults(func=cmd_org_create)
    p = org.add_parser("list", help="list organisations")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_org_list)

    plan = sub.add_parser("plan", help="the measures plan").add_subparsers(
        dest="sub", required=True
    )
    p = plan.add_parser("import", help="import a plan from DOCX, XLSX or CSV")
    p.add_argument("file")
    p.add_argument("--org", required=True)
    p.add_argument("--dry-run", action="store_true", help="read and check, store nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_plan_import)
    p = plan.add_parser("template", help="write the XLSX/CSV plan template")
    p.add_argument("--out", required=True, help="plan.xlsx or plan.csv")
    p.set_defaults(func=cmd_plan_template)
    p = plan.add_parser("show", help="show the plan with statuses")
    p.add_argument("--org", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_plan_show)

    p = sub.add_parser("timeframe", help="parse a Thai timeframe")
    p.add_argument("text")
    p.add_argument("--fiscal-year", type=int, help="fiscal year (B.E.) for texts without a year")
    p.set_defaults(func=cmd_timeframe)

    p = sub.add_parser("invite", help="make an invite code")
    p.add_argument("--org", required=True)
    p.add_argument(
        "--role", required=True, choices=[r.value for r in Role if r is not Role.PROVINCE]
    )
    p.add_argument("--division", help="the division, for staff")
    p.add_argument("--days", type=float, default=7, help="valid for this many days (7)")
    p.add_argument("--uses", type=int, default=1, help="how many people may use it (1)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_invite)

    p = sub.add_parser("chat", help="chat with the bot in the terminal")
    p.add_argument("--org", required=True)
    p.add_argument(
        "--as",
        dest="as_person",
        required=True,
        help="person id or name (see the people of the demo organisation)",
    )
    p.set_defaults(func=cmd_chat)

    rem = sub.add_parser("reminders", help="deadline reminders").add_subparsers(
        dest="sub", required=True
    )
    p = rem.add_parser("preview", help="list planned sends without sending")
    p.add_argument("--org", required=True)
    p.add_argument("--from", dest="from_", required=True, help="first day (2566-03-01, 1 มี.ค. 66)")
    p.add_argument("--to", required=True, help="last day")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_reminders_preview)
    p = rem.add_parser("tick", help="run one tick at a given time")
    p.add_argument("--now", required=True, help="e.g. 2023-03-24T08:30+07:00")
    p.set_defaults(func=cmd_reminders_tick)
    p = rem.add_parser("policy", help="show or change the reminder policy")
    p.add_argument("--org", required=True)
    p.add_argument("--set", action="append", metavar="KEY=VALUE")
    p.set_defaults(func=cmd_reminders_policy)
    p = rem.add_parser("status", help="LINE quota and planned messages")
    p.set_defaults(func=cmd_reminders_status)

    p = sub.add_parser("summary", help="monthly summary or the official report")
    p.add_argument("--org", required=True)
    p.add_argument("--month", required=True, help="2566-03, 2023-03 or มี.ค. 66")
    p.add_argument(
        "--format", default="text", choices=["text", "json", "docx", "pdf", "xlsx", "png"]
    )
    p.add_argument(
        "--period",
        default="month",
        choices=["month", "six_month", "year_end"],
        help="report period (docx/pdf/xlsx): month, six_month (รอบ 6 เดือน), year_end",
    )
    p.add_argument(
        "--by", default="division", choices=["division", "indicator"], help="chart bars (png)"
    )
    p.add_argument("--thai-digits", action="store_true", help="Thai digits in the document")
    p.add_argument("--out", help="file to write (required for docx, pdf, xlsx, png)")
    p.set_defaults(func=cmd_summary)

    add_memo_parser(sub)
    add_channel_parser(sub)
    add_province_parser(sub)

    tg = sub.add_parser("telegram", help="Telegram set-up").add_subparsers(
        dest="sub", required=True
    )
    p = tg.add_parser("set-webhook", help="register the webhook (PUBLIC_URL when no URL)")
    p.add_argument("url", nargs="?")
    p.set_defaults(func=cmd_telegram_set_webhook)

    line = sub.add_parser("line", help="LINE set-up").add_subparsers(dest="sub", required=True)
    p = line.add_parser("rich-menus", help="install each role's rich menu (idempotent)")
    p.add_argument("--channel", default="", help="an organisation's own LINE channel id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_line_rich_menus)

    p = sub.add_parser("demo", help="load the demo organisation (no server)")
    p.add_argument("--reset", action="store_true", help="remove the demo organisation first")
    p.set_defaults(func=cmd_demo)

    store = sub.add_parser("store", help="the Redis store").add_subparsers(
        dest="sub", required=True
    )
    p = store.add_parser("migrate", help="rename today's keys to the hash-tagged layout")
    p.add_argument("--dry-run", action="store_true", help="print what would change, change nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_store_migrate)

    p = sub.add_parser("serve", help="run the web app, clock and simulator")
    p.add_argument("--port", type=int)
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        config = load_config()
        return int(args.func(args, config))
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
