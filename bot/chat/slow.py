"""Which steps take over a second (a chart, a PDF, reading a file): platforms may show
a waiting sign before handing them to the core (LINE's loading animation)."""

from __future__ import annotations

from bot.chat.messages import Incoming, Kind
from bot.chat.router import Router

SLOW_CHOICES = frozenset({"sumfile", "plan"})  # the summary's PDF; saving an imported plan
SLOW_MENU_ENTRIES = frozenset({"summary", "province"})  # a province: every organisation


def is_slow(router: Router, incoming: Incoming) -> bool:
    """Whether answering this message will likely take more than a second."""
    if incoming.kind in (Kind.IMAGE, Kind.FILE):
        return True  # a plan file is read, evidence is checked
    if incoming.kind is Kind.CHOICE:
        prefix, _, argument = incoming.data.partition(":")
        return prefix in SLOW_CHOICES or (prefix == "menu" and argument in SLOW_MENU_ENTRIES)
    if incoming.kind is Kind.TEXT:
        found = router.match_command(incoming.text)
        return found is not None and found[0].slow
    return False
