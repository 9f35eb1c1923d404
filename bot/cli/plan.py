"""The measures plan: import, template, show; Thai timeframes."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from bot.app.config import Config
from bot.cli.base import CliError, open_store, print_json
from bot.domain.timeframe import TimeframeError, parse_timeframe
from bot.plan import service
from bot.plan.rows import PlanImportError, to_cli_json
from bot.plan.tabular import write_template
from bot.store.redis_store import UnknownOrgError
from bot.texts import t

if TYPE_CHECKING:
    pass


def cmd_plan_import(args: argparse.Namespace, config: Config) -> int:
    """Import a plan file into an organisation."""
    path = Path(args.file)
    if not path.is_file():
        raise CliError(t("plan.file_missing", path=str(path)))
    with open_store(config) as store:
        try:
            outcome = service.import_plan_file(store, args.org, path, dry_run=args.dry_run)
        except UnknownOrgError as exc:
            raise CliError(t("cli.unknown_org", org=args.org)) from exc
        except PlanImportError as exc:
            raise CliError(exc.message) from exc
        except service.PlanRejected as exc:
            if args.json:
                print_json(to_cli_json(exc.plan))
            raise CliError(exc.message) from exc
    if args.json:
        print_json(to_cli_json(outcome.plan))
    else:
        print(service.describe_outcome(outcome))
    return 0


def cmd_plan_template(args: argparse.Namespace, config: Config) -> int:
    """Write the XLSX or CSV plan template."""
    out = Path(args.out)
    write_template(out)
    print(t("cli.template_written", path=str(out)))
    return 0


def cmd_plan_show(args: argparse.Namespace, config: Config) -> int:
    """Show an organisation's plan with the latest status of each measure."""
    with open_store(config) as store:
        if store.get_org(args.org) is None:
            raise CliError(t("cli.unknown_org", org=args.org))
        rows = service.plan_rows(store, args.org)
    if args.json:
        print_json({"measures": rows})
        return 0
    if not rows:
        print(t("cli.plan_empty", org=args.org))
    for row in rows:
        status = t(f"status.{row['status']}") if row["status"] else t("status.none")
        when = f"{row['start'] or '?'} – {row['end'] or '?'}"
        print(
            f"{row['number']:>3}  [{status}]  {row['title'][:60]}  ({when}; "
            f"{', '.join(row['divisions'])})"
        )
    return 0


def cmd_timeframe(args: argparse.Namespace, config: Config) -> int:
    """Parse a Thai timeframe and print its dates."""
    try:
        result = parse_timeframe(args.text, fiscal_year=args.fiscal_year)
    except ValueError as exc:
        raise CliError(t("cli.bad_fiscal_year", year=args.fiscal_year), code=2) from exc
    if isinstance(result, TimeframeError):
        print(json.dumps({"error": result.code, "reason": result.message()}, ensure_ascii=False))
        return 2
    start = result.start.isoformat() if result.start else None
    end = result.end.isoformat() if result.end else None
    print(json.dumps({"start": start, "end": end}))
    return 0
