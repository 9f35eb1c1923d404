"""Conversation handlers; importing this package registers them on the router."""

from bot.handlers import (  # noqa: F401
    absence,
    chase,
    dashboard,
    help,
    join,
    mywork,
    quick,
    report,
    secretary,
    settings,
    setup,
    summary,
)
