"""Provinces: which exist, and invites for provincial viewers."""

from __future__ import annotations

import argparse
from typing import Any

from bot.app.config import Config
from bot.cli.base import CliError, open_store, print_json
from bot.domain.province import province_name
from bot.domain.thai import BANGKOK, format_date_th
from bot.texts import t


def add_province_parser(sub: Any) -> None:
    """Add `province invite` and `province list` to the command line."""
    province = sub.add_parser("province", help="provinces and their viewers")
    commands = province.add_subparsers(dest="sub", required=True)
    p = commands.add_parser("invite", help="make an invite code for a provincial viewer")
    p.add_argument("--province", required=True, help="the province's Thai name (ขอนแก่น)")
    p.add_argument("--days", type=float, default=7, help="valid for this many days (7)")
    p.add_argument("--uses", type=int, default=1, help="how many people may use it (1)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_province_invite)
    p = commands.add_parser("list", help="list provinces and how many organisations each has")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_province_list)


def cmd_province_invite(args: argparse.Namespace, config: Config) -> int:
    """Make an invite code that joins as a viewer of a province's organisations."""
    from bot.platforms.telegram.adapter import telegram_link
    from bot.store.invites import create_province_invite

    province = province_name(args.province)
    with open_store(config) as store:
        if not province or not store.provinces.org_ids(province):
            known = ", ".join(store.provinces.known()) or "-"
            raise CliError(t("cli.unknown_province", province=args.province, known=known))
        invite = create_province_invite(store, province, days=args.days, uses=args.uses)
    link = telegram_link(config, invite.code)
    if args.json:
        print_json(
            {
                "code": invite.code,
                "province": province,
                "expires_at": invite.expires_at.isoformat(),
                "telegram_link": link,
            }
        )
        return 0
    expires = format_date_th(invite.expires_at.astimezone(BANGKOK).date())
    print(t("cli.province_invite_made", province=province, code=invite.code, expires=expires,
            link=link or "-"))  # fmt: skip
    return 0


def cmd_province_list(args: argparse.Namespace, config: Config) -> int:
    """List the provinces that have organisations."""
    with open_store(config) as store:
        found = [(p, len(store.provinces.org_ids(p))) for p in store.provinces.known()]
    found = [(p, n) for p, n in found if n]
    if args.json:
        print_json([{"province": p, "organisations": n} for p, n in found])
        return 0
    if not found:
        print(t("cli.no_provinces"))
    for province, count in found:
        print(f"{province}\t{count}")
    return 0
