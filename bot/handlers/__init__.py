"""Conversation handlers; importing this package registers them on the router."""

from bot.handlers import absence, help, join, mywork, report, settings, summary  # noqa: F401
