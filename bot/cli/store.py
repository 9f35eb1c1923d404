"""Store maintenance: moving today's keys to the hash-tagged layout."""

from __future__ import annotations

import argparse

from bot.app.config import Config
from bot.cli.base import CliError, open_store, print_json
from bot.store.migrate import migrate_store
from bot.texts import t


def cmd_store_migrate(args: argparse.Namespace, config: Config) -> int:
    """Rename old-layout keys (or, with --dry-run, list them); exit 1 on a conflict."""
    if config.redis_cluster:
        # RENAME cannot move a key to another slot: migrate on the single server first.
        raise CliError(t("cli.migrate_not_on_cluster"))
    with open_store(config) as store:
        done = migrate_store(store, dry_run=args.dry_run)
    if args.json:
        print_json(
            {
                "dry_run": args.dry_run,
                "renamed": [{"from": a, "to": b} for a, b in done.renames],
                "conflicts": [{"from": a, "to": b} for a, b in done.conflicts],
                "indexed_channels": done.indexed,
            }
        )
    else:
        for old, new in done.renames:
            print(f"{old} -> {new}")
        for old, new in done.conflicts:
            print(t("cli.migrate_conflict", old=old, new=new))
        key = "cli.migrate_would" if args.dry_run else "cli.migrate_done"
        print(t(key, count=len(done.renames)))
    return 1 if done.conflicts else 0
