"""Give a person their role's menus when they join or their role changes, on every platform."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot.domain.model import Person
from bot.platforms.base import Adapter

log = logging.getLogger(__name__)


class PersonMenus:
    """Applies a person's role menu on each platform they use (rich menu, commands, ...)."""

    def __init__(self, adapters: Mapping[str, Adapter]) -> None:
        self.adapters = adapters

    def sync(self, person: Person) -> None:
        """Apply the person's menus on every platform they use; a failure is logged, not raised."""
        for name, adapter in self.adapters.items():
            if not person.chat_id(name):
                continue
            try:
                adapter.sync_menus(person)
            except Exception as exc:  # noqa: BLE001 - a menu must never fail a conversation
                log.warning("%s menus failed for %s: %s", name, person.id, exc)
