"""Command line: ``python -m bot --help``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import Config, ConfigError, load_config
from bot.divisions import DivisionMatcher, default_divisions
from bot.model import Division, Organisation, Role
from bot.plan import service
from bot.plan.rows import PlanImportError, to_cli_json
from bot.plan.tabular import write_template
from bot.store.redis_store import OrgExistsError, RedisStore, UnknownOrgError
from bot.store.server import connect
from bot.texts import t
from bot.thai import BANGKOK, format_date_th
from bot.timeframe import TimeframeError, parse_timeframe

if TYPE_CHECKING:
    from bot.runtime import Runtime

Command = Callable[[argparse.Namespace, Config], int]


class CliError(Exception):
    """A problem to show the user with a non-zero exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@contextmanager
def open_store(config: Config) -> Iterator[RedisStore]:
    """Connect to the configured or embedded server for one command."""
    conn = connect(config.redis_url, config.data_dir)
    try:
        yield RedisStore(conn.client)
    finally:
        conn.close()


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1))


def cmd_org_create(args: argparse.Namespace, config: Config) -> int:
    """Create an organisation."""
    if args.division:
        divisions = [Division(name.strip()) for name in args.division if name.strip()]
    else:
        divisions = default_divisions()
    org = Organisation(id=args.org_id, name=args.name, divisions=divisions)
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
        _print_json(
            [{"id": o.id, "name": o.name, "divisions": [d.name for d in o.divisions]} for o in orgs]
        )
        return 0
    if not orgs:
        print(t("cli.no_orgs"))
    for o in orgs:
        print(f"{o.id}\t{o.name}\t({len(o.divisions)} {t('cli.divisions_word')})")
    return 0


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
                _print_json(to_cli_json(exc.plan))
            raise CliError(exc.message) from exc
    if args.json:
        _print_json(to_cli_json(outcome.plan))
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
        _print_json({"measures": rows})
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


def cmd_invite(args: argparse.Namespace, config: Config) -> int:
    """Make an invite code for a role (and division) of an organisation."""
    from bot.invites import create_invite, telegram_link

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
    link = telegram_link(config, invite.code)
    if args.json:
        _print_json(
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


def cmd_chat(args: argparse.Namespace, config: Config) -> int:
    """Chat with the bot in the terminal as one person of an organisation."""
    from bot.terminal_chat import run_terminal_chat

    with open_store(config) as store:
        if store.get_org(args.org) is None:
            raise CliError(t("cli.unknown_org", org=args.org))
        return run_terminal_chat(store, config, args.org, args.as_person)


def _runtime_for(config: Config, store: RedisStore) -> Runtime:
    from bot.runtime import build_runtime

    return build_runtime(config, store)


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
        _print_json(rows)
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
    with open_store(config) as store:
        runtime = _runtime_for(config, store)
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
    from bot.reminders.policy import PolicyError, PolicyStore

    with open_store(config) as store:
        if store.get_org(args.org) is None:
            raise CliError(t("cli.unknown_org", org=args.org))
        policies = PolicyStore(store.r)
        try:
            policy = policies.update(args.org, args.set) if args.set else policies.get(args.org)
        except PolicyError as exc:
            raise CliError(str(exc), code=2) from exc
    _print_json(policy.to_json())
    return 0


def cmd_reminders_status(args: argparse.Namespace, config: Config) -> int:
    """Show the LINE quota and how many messages are planned."""
    from bot.quota import check_quota, saved_quota
    from bot.store import keys as k

    with open_store(config) as store:
        runtime = _runtime_for(config, store)
        quota = saved_quota(store.r)
        if runtime.deliverer.line is not None:
            try:
                quota = check_quota(store, runtime.line, runtime.deliverer)  # type: ignore[arg-type]
            except Exception as exc:  # the quota is informative; the status still prints
                print(f"LINE: {type(exc).__name__}", file=sys.stderr)
        planned = store.r.zcard(k.PLANNED)
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
    from bot.platforms.telegram import TelegramSetupError, set_webhook_command

    try:
        print(set_webhook_command(config, args.url))
    except TelegramSetupError as exc:
        raise CliError(str(exc)) from exc
    return 0


def cmd_summary(args: argparse.Namespace, config: Config) -> int:
    """Print or write an organisation's monthly summary or official report."""
    from bot.official import build_document, period_range
    from bot.report import render
    from bot.summary.chart import render_chart
    from bot.summary.render import summary_text
    from bot.summary.snapshots import SnapshotStore, summary_for
    from bot.thai import fiscal_year_of, parse_month_year

    try:
        year, month = parse_month_year(args.month)
    except ValueError as exc:
        raise CliError(str(exc), code=2) from exc
    now = datetime.now(BANGKOK)
    with open_store(config) as store:
        if store.get_org(args.org) is None:
            raise CliError(t("cli.unknown_org", org=args.org))
        if args.format in ("docx", "pdf", "xlsx"):
            month_end = period_range("month", 0, year, month)[1]
            fiscal_year = fiscal_year_of(month_end)
            start, end = period_range(args.period, fiscal_year, year, month)
            from bot.evidence import EvidenceService

            doc = build_document(store, EvidenceService(store.r, config.data_dir), args.org,
                                 args.period, start, end, fiscal_year,
                                 thai_digits=args.thai_digits)
            data = render(doc, args.format)
        else:
            try:
                summary = summary_for(store, SnapshotStore(store.r), args.org, year, month, now)
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


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    """Run the web app (and, by default, the clock) in this process."""
    from bot.serve import serve

    return serve(config, port=args.port)


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
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
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
    p.add_argument("--format", default="text",
                   choices=["text", "json", "docx", "pdf", "xlsx", "png"])
    p.add_argument("--period", default="month", choices=["month", "six_month", "year_end"],
                   help="report period (docx/pdf/xlsx): month, six_month (รอบ 6 เดือน), year_end")
    p.add_argument("--by", default="division", choices=["division", "indicator"],
                   help="chart bars (png)")
    p.add_argument("--thai-digits", action="store_true", help="Thai digits in the document")
    p.add_argument("--out", help="file to write (required for docx, pdf, xlsx, png)")
    p.set_defaults(func=cmd_summary)

    tg = sub.add_parser("telegram", help="Telegram set-up").add_subparsers(
        dest="sub", required=True
    )
    p = tg.add_parser("set-webhook", help="register the webhook (PUBLIC_URL when no URL)")
    p.add_argument("url", nargs="?")
    p.set_defaults(func=cmd_telegram_set_webhook)

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
