"""Reminders, the LINE quota and Telegram set-up."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from bot.app.config import Config
from bot.cli.base import CliError, open_runtime, open_store, print_json
from bot.domain.thai import BANGKOK
from bot.texts import t


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
    """Show the LINE quota and how many messages are planned."""
    from bot.delivery.quota import check_quota, metered, saved_quota

    with open_runtime(config) as runtime:
        store = runtime.store
        quota = saved_quota(store)
        line = metered(runtime.adapters)
        if line is not None:
            try:
                quota = check_quota(store, line, runtime.deliverer)
            except Exception as exc:  # the quota is informative; the status still prints
                print(f"LINE: {type(exc).__name__}", file=sys.stderr)
        planned = store.schedule.count_planned()
        exhausted = runtime.deliverer.quota_exhausted()
    if quota is None:
        print(t("quota.unknown"))
    else:
        limit = quota.limit if quota.limit is not None else "∞"
        print(
            t(
                "quota.status",
                used=quota.used,
                limit=limit,
                percent=round(quota.share * 100),
                checked=quota.checked_at,
            )
        )
    if exhausted:
        print(t("quota.exhausted"))
    print(t("reminders.planned_count", count=planned))
    return 0


def cmd_telegram_set_webhook(args: argparse.Namespace, config: Config) -> int:
    """Register the Telegram webhook with the secret and the update types used."""
    from bot.platforms.telegram.platform import TelegramSetupError, set_webhook_command

    try:
        print(set_webhook_command(config, args.url))
    except TelegramSetupError as exc:
        raise CliError(str(exc)) from exc
    return 0
