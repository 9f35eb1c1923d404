"""Conversation handlers; importing this package registers them on the router."""

from bot.handlers import (  # noqa: F401
    absence,
    dashboard,
    draft,
    help,
    join,
    mywork,
    quick,
    report,
    report_evidence,
    review,
    secretary,
    settings,
    setup,
    summary,
)
