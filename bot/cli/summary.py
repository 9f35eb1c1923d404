"""The monthly summary, the official report, and the chat in a terminal."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from bot.app.config import Config
from bot.cli.base import CliError, open_runtime, open_store
from bot.domain.clock import utc_now
from bot.texts import t

if TYPE_CHECKING:
    pass


def cmd_summary(args: argparse.Namespace, config: Config) -> int:
    """Print or write an organisation's monthly summary or official report."""
    from bot.domain.thai import fiscal_year_of, parse_month_year
    from bot.report import render
    from bot.report.official import build_document, period_range
    from bot.summary.card import summary_text
    from bot.summary.chart import render_chart
    from bot.summary.snapshots import summary_for

    try:
        year, month = parse_month_year(args.month)
    except ValueError as exc:
        raise CliError(str(exc), code=2) from exc
    now = utc_now()  # the command line reads the clock once, here
    with open_store(config) as store:
        if store.get_org(args.org) is None:
            raise CliError(t("cli.unknown_org", org=args.org))
        if args.format in ("docx", "pdf", "xlsx"):
            month_end = period_range("month", 0, year, month)[1]
            fiscal_year = fiscal_year_of(month_end)
            start, end = period_range(args.period, fiscal_year, year, month)
            from bot.chat.evidence import EvidenceService
            from bot.store.file_store import build_file_store

            doc = build_document(
                store,
                EvidenceService(
                    store.evidence,
                    config.data_dir,
                    clock=lambda: now,
                    files=build_file_store(config),
                ),
                args.org,
                args.period,
                start,
                end,
                fiscal_year,
                thai_digits=args.thai_digits,
                now=now,
            )
            data = render(doc, args.format)
        else:
            try:
                summary = summary_for(store, store.snapshots, args.org, year, month, now)
            except ValueError as exc:
                raise CliError(str(exc), code=2) from exc
            if args.format == "json":
                data = json.dumps(summary, ensure_ascii=False, indent=1).encode()
            elif args.format == "png":
                data = render_chart(summary, by=args.by)
            else:
                data = summary_text(summary).encode()
    if args.out:
        Path(args.out).write_bytes(data)
        print(t("cli.written", path=args.out, size=len(data)))
    elif args.format in ("text", "json"):
        print(data.decode())
    else:
        raise CliError(t("cli.needs_out", format=args.format), code=2)
    return 0


def cmd_chat(args: argparse.Namespace, config: Config) -> int:
    """Chat with the bot in the terminal as one person of an organisation."""
    from bot.platforms.simulator.terminal import run_terminal_chat

    with open_runtime(config) as runtime:
        if runtime.store.get_org(args.org) is None:
            raise CliError(t("cli.unknown_org", org=args.org))
        return run_terminal_chat(runtime, args.org, args.as_person)


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    """Run the web app (and, by default, the clock) in this process."""
    from bot.app.serve import serve

    return serve(config, port=args.port)
