"""Give a person their role's menus when they join or their role changes: LINE and Telegram."""

from __future__ import annotations

import logging

from bot.chat.menus import role_of, telegram_commands
from bot.domain.model import Person
from bot.platforms.line.richmenus import RichMenus
from bot.platforms.telegram.platform import TelegramPlatform
from bot.texts import t

log = logging.getLogger(__name__)


class PersonMenus:
    """Links the role's LINE rich menu and sets the role's Telegram commands for a person."""

    def __init__(self, rich_menus: RichMenus | None, telegram: TelegramPlatform | None) -> None:
        self.rich_menus = rich_menus
        self.telegram = telegram

    def sync(self, person: Person) -> None:
        """Apply the person's menus on every platform they use; a failure is logged, not raised."""
        if self.rich_menus is not None and person.line_user_id:
            try:
                self.rich_menus.link(person)
            except Exception as exc:  # noqa: BLE001 - a menu must never fail a conversation
                log.warning("LINE rich menu link failed for %s: %s", person.id, exc)
        if self.telegram is not None and person.telegram_user_id:
            role = role_of(person)
            if role:
                commands = telegram_commands(role, person.language)
            else:  # access removed: only help remains
                commands = [("help", t("richmenu.help.hint", person.language))]
            try:
                self.telegram.set_commands(commands, chat_id=person.telegram_user_id)
            except Exception as exc:  # noqa: BLE001
                log.warning("Telegram commands failed for %s: %s", person.id, exc)
