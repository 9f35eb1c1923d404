"""Give a person their role's menus when they join or their role changes, on every platform."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from bot.domain.model import Person
from bot.platforms.base import Adapter

log = logging.getLogger(__name__)


class PersonMenus:
    """Applies a person's role menu on each channel they use (rich menu, commands, ...)."""

    def __init__(
        self,
        adapters: Mapping[str, Adapter],
        by_address: Callable[[str], Adapter | None] | None = None,
    ) -> None:
        self.adapters = adapters
        # An organisation's own channels, found by chat address ("line@ch_x").
        self.by_address = by_address or adapters.get

    def sync(self, person: Person) -> None:
        """Apply the person's menus on every channel they use; a failure is logged, not raised."""
        for address, _user in person.identities():
            try:
                adapter = self.by_address(address)
                if adapter is not None:
                    adapter.sync_menus(person)
            except Exception as exc:  # noqa: BLE001 - a menu must never fail a conversation
                log.warning("%s menus failed for %s: %s", address, person.id, exc)
