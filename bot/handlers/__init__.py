"""Conversation handlers; importing this package registers them on the router."""

from bot.handlers import (  # noqa: F401
    absence,
    chase,
    dashboard,
    draft,
    help,
    join,
    memo,
    memo_steps,
    mywork,
    plan_archive,
    plan_file,
    province,
    quick,
    report,
    report_evidence,
    review,
    secretary,
    settings,
    setup,
    summary,
)
