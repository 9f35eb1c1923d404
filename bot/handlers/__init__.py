"""Conversation handlers; importing this package registers them on the router."""

from bot.handlers import (  # noqa: F401
    absence,
    dashboard,
    help,
    join,
    memo,
    memo_steps,
    mywork,
    plan_archive,
    plan_file,
    quick,
    report,
    secretary,
    settings,
    setup,
    summary,
)
