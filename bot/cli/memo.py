"""`python -m bot memo`: a period's memo as JSON, DOCX, PDF or the publication pack (ZIP)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bot.app.config import Config
from bot.cli.base import CliError, open_store
from bot.domain.clock import utc_now
from bot.texts import t


def add_memo_parser(sub: Any) -> None:
    """Add the memo command to the CLI's subcommands."""
    p = sub.add_parser("memo", help="the signed memo (บันทึกข้อความ) of a period")
    p.add_argument("--org", required=True)
    p.add_argument("--period", required=True, choices=["month", "six_month", "year_end"])
    p.add_argument("--fiscal-year", type=int, help="B.E. fiscal year (this one when omitted)")
    p.add_argument("--month", help="the month of a monthly memo: 2570-03, 2027-03 or มี.ค. 70")
    p.add_argument("--format", required=True, choices=["json", "docx", "pdf", "zip"])
    p.add_argument("--arabic-digits", action="store_true", help="0-9 instead of Thai digits")
    p.add_argument("--out", help="file to write (required for docx, pdf, zip)")
    p.set_defaults(func=cmd_memo)


def memo_json(
    memo: Any, names: dict[str, str], prefix: str, totals: dict[str, Any]
) -> dict[str, Any]:
    """Return the memo as the CLI prints it (the keys documented in the README)."""
    answers = {a.step: a for a in memo.acks}
    chain = []
    for i, step in enumerate(memo.chain):
        ack = answers.get(i)
        chain.append(
            {
                "role": step.role,
                "person": names.get(step.person, step.person),
                "comment": ack.comment if ack else None,
                "acknowledged_at": ack.at if ack and ack.action == "ack" else None,
            }
        )
    return {
        "org": memo.org,
        "period": memo.period,
        "fiscal_year": memo.fiscal_year,
        "number": f"{prefix}{memo.number}" if memo.number is not None else None,
        "status": memo.status,
        "chain": chain,
        "summary": totals,
    }


def cmd_memo(args: argparse.Namespace, config: Config) -> int:
    """Print or write a period's memo."""
    from bot.chat.evidence import EvidenceService
    from bot.memo.chain import resolve_chain
    from bot.memo.model import MemoError
    from bot.memo.service import bundle, memo_key, memo_summary, render_bundle
    from bot.store.file_store import build_file_store

    if args.period == "month" and not args.month:
        raise CliError(t("memo.bad_month", text=""), code=2)
    now = utc_now()  # the command line reads the clock once, here
    with open_store(config) as store:
        if store.get_org(args.org) is None:
            raise CliError(t("cli.unknown_org", org=args.org))
        memos = store.memos
        try:
            draft = memo_key(args.period, args.fiscal_year, args.month, now.date())
            draft.org = args.org
            memo = memos.get(args.org, draft.id)
            if memo is None:  # not stored yet: shown as a draft on the chain as set now
                memo = draft
                memo.chain = resolve_chain(memos.chain(args.org), store.people(args.org))
        except MemoError as error:
            raise CliError(t(error.key, **error.values), code=2) from error
        if args.format == "json":
            names = {p.id: p.name for p in store.people(args.org)}
            totals = memo_summary(store, memo, now)["totals"]
            data = json.dumps(
                memo_json(memo, names, memos.settings(args.org).prefix, totals),
                ensure_ascii=False,
                indent=1,
            ).encode()
        else:
            evidence = EvidenceService(
                store.evidence, config.data_dir, files=build_file_store(config)
            )
            if args.format == "zip":
                from bot.memo.pack import build_pack

                data = build_pack(store, evidence, memo, now, not args.arabic_digits)
            else:
                data = render_bundle(
                    bundle(store, evidence, memo, now, not args.arabic_digits), args.format
                )
    if args.out:
        Path(args.out).write_bytes(data)
        print(t("cli.written", path=args.out, size=len(data)))
    elif args.format == "json":
        print(data.decode())
    else:
        raise CliError(t("cli.needs_out", format=args.format), code=2)
    return 0
