"""Reminders, the LINE quota and Telegram set-up."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from bot.app.config import Config
from bot.cli.base import CliError, open_runtime, open_store, print_json
from bot.domain.thai import BANGKOK
from bot.texts import t

if TYPE_CHECKING:
    from bot.delivery.quota import Quota


def cmd_reminders_preview(args: argparse.Namespace, config: Config) -> int:
    """List planned reminder messages without sending."""
    from bot.reminders.preview import preview_command

    with open_store(config) as store:
        if store.get_org(args.org) is None:
            raise CliError(t("cli.unknown_org", org=args.org))
        try:
            rows = preview_command(store, args.org, args.from_, args.to)
        except ValueError as exc:
            raise CliError(str(exc), code=2) from exc
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        kinds = ", ".join(row["kinds"])
        numbers = " ".join(str(n) for n in row["measures"])
        print(f"{row['at']}  {row['person']:<14} {row['platform']:<9} {kinds:<28} {numbers}")
    print(t("reminders.preview_total", count=len(rows)))
    return 0


def cmd_reminders_tick(args: argparse.Namespace, config: Config) -> int:
    """Run one tick at a given time and deliver what it claims (drills and tests)."""
    try:
        now = datetime.fromisoformat(args.now)
    except ValueError as exc:
        raise CliError(t("cli.bad_now", value=args.now), code=2) from exc
    if now.tzinfo is None:
        now = now.replace(tzinfo=BANGKOK)
    with open_runtime(config) as runtime:
        runtime.outbox.start_worker(threads=1)
        try:
            result = runtime.tick(now)
            runtime.outbox.join()
        finally:
            runtime.outbox.stop()
    print(
        json.dumps(
            {"claimed": result.claimed, "enqueued": result.enqueued, "skipped": result.skipped}
        )
    )
    return 0


def cmd_reminders_policy(args: argparse.Namespace, config: Config) -> int:
    """Show or change an organisation's reminder policy."""
    from bot.reminders.policy import PolicyError

    with open_store(config) as store:
        if store.get_org(args.org) is None:
            raise CliError(t("cli.unknown_org", org=args.org))
        policies = store.policies
        try:
            policy = policies.update(args.org, args.set) if args.set else policies.get(args.org)
        except PolicyError as exc:
            raise CliError(str(exc), code=2) from exc
    print_json(policy.to_json())
    return 0


def cmd_reminders_status(args: argparse.Namespace, config: Config) -> int:
    """Show each LINE channel's quota (read now) and how many messages are planned."""
    from bot.delivery.quota import check_every_channel, saved_quota

    lines: list[str] = []
    with open_runtime(config) as runtime:
        store = runtime.store
        found = check_every_channel(store, runtime.deliverer)
        for checked in found:
            line = checked.line
            if len(found) > 1 or line.channel:
                name = line.name or line.channel or t("quota.default_channel")
                lines.append(t("quota.channel", name=name, orgs=", ".join(line.orgs or ()) or "-"))
            if checked.error:  # the quota is informative; the status still prints
                print(f"LINE {line.channel or 'default'}: {checked.error}", file=sys.stderr)
            quota = checked.quota or saved_quota(store, line.channel)
            lines.append(_quota_line(quota))
            if runtime.deliverer.quota_exhausted(line.channel, line.owner):
                lines.append(t("quota.exhausted"))
        if not found:  # LINE is not configured: what was last read, if ever
            lines.append(_quota_line(saved_quota(store)))
            if runtime.deliverer.quota_exhausted():
                lines.append(t("quota.exhausted"))
        planned = store.schedule.count_planned()
    for line_text in lines:
        print(line_text)
    print(t("reminders.planned_count", count=planned))
    return 0


def _quota_line(quota: Quota | None) -> str:
    """Say a quota as last read, or that it never was."""
    if quota is None:
        return t("quota.unknown")
    limit = quota.limit if quota.limit is not None else "∞"
    percent = round(quota.share * 100)
    checked = quota.checked_at
    return t("quota.status", used=quota.used, limit=limit, percent=percent, checked=checked)


def cmd_telegram_set_webhook(args: argparse.Namespace, config: Config) -> int:
    """Register the Telegram webhook with the secret and the update types used."""
    from bot.platforms.telegram.platform import TelegramSetupError, set_webhook_command

    try:
        print(set_webhook_command(config, args.url))
    except TelegramSetupError as exc:
        raise CliError(str(exc)) from exc
    return 0
