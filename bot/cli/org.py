"""Organisations and invite codes."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.app.config import Config
from bot.cli.base import CliError, open_store, print_json
from bot.domain.divisions import DivisionMatcher, default_divisions
from bot.domain.model import Division, Organisation, Role
from bot.domain.province import district_name, province_name
from bot.domain.thai import BANGKOK, format_date_th
from bot.store.redis_store import OrgExistsError
from bot.texts import t

if TYPE_CHECKING:
    pass


def cmd_org_create(args: argparse.Namespace, config: Config) -> int:
    """Create an organisation."""
    if args.division:
        divisions = [Division(name.strip()) for name in args.division if name.strip()]
    else:
        divisions = default_divisions()
    # A colon, and "province" (its keys), are kept for provinces (bot/domain/province.py).
    if ":" in args.org_id or args.org_id.strip() in ("", "province"):
        raise CliError(t("cli.bad_org_id", org=args.org_id))
    org = Organisation(
        id=args.org_id,
        name=args.name,
        divisions=divisions,
        province=province_name(args.province),
        district=district_name(args.district),
    )
    with open_store(config) as store:
        try:
            store.create_org(org)
        except OrgExistsError as exc:
            raise CliError(t("cli.org_exists", org=args.org_id)) from exc
    print(t("cli.org_created", org=org.id, name=org.name, count=len(divisions)))
    return 0


def cmd_org_list(args: argparse.Namespace, config: Config) -> int:
    """List organisations."""
    with open_store(config) as store:
        orgs = store.list_orgs()
    if args.json:
        print_json(
            [
                {
                    "id": o.id,
                    "name": o.name,
                    "divisions": [d.name for d in o.divisions],
                    "province": o.province or None,
                    "district": o.district or None,
                }
                for o in orgs
            ]
        )
        return 0
    if not orgs:
        print(t("cli.no_orgs"))
    for o in orgs:
        place = f"\t{o.district} {o.province}".rstrip() if o.province or o.district else ""
        print(f"{o.id}\t{o.name}\t({len(o.divisions)} {t('cli.divisions_word')}){place}")
    return 0


def cmd_invite(args: argparse.Namespace, config: Config) -> int:
    """Make an invite code for a role (and division) of an organisation."""
    from bot.platforms.telegram.adapter import telegram_link
    from bot.store.channels import invite_accounts
    from bot.store.invites import create_invite

    role = Role(args.role)
    with open_store(config) as store:
        org = store.get_org(args.org)
        if org is None:
            raise CliError(t("cli.unknown_org", org=args.org))
        division = None
        if args.division:
            match = DivisionMatcher(org.divisions).match(args.division)
            if len(match.divisions) != 1 or match.unknown:
                names = ", ".join(d.name for d in org.divisions)
                raise CliError(t("cli.unknown_division", division=args.division, names=names))
            division = match.divisions[0]
        elif role is Role.STAFF:
            raise CliError(t("cli.staff_needs_division"))
        invite = create_invite(store, org.id, role, division, days=args.days, uses=args.uses)
        own_bot = invite_accounts(store, org.id).get("telegram", "")
    link = telegram_link(config, invite.code, own_bot)
    if args.json:
        print_json(
            {
                "code": invite.code,
                "expires_at": invite.expires_at.isoformat(),
                "telegram_link": link,
            }
        )
    else:
        print(
            t(
                "cli.invite_made",
                code=invite.code,
                expires=format_date_th(invite.expires_at.astimezone(BANGKOK).date()),
                link=link or "-",
            )
        )
    return 0
