"""The routing table: decorators record handlers for commands, choices and states."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.domain.model import Role
from bot.domain.thai import to_arabic_digits

if TYPE_CHECKING:
    from bot.chat.context import Context

CommandHandler = Callable[["Context", str], None]
ChoiceHandler = Callable[["Context", str], None]
StateHandler = Callable[["Context"], None]


@dataclass(frozen=True)
class Command:
    """Words that start a command, the roles allowed to use it, and its handler."""

    words: tuple[str, ...]
    handler: CommandHandler
    roles: frozenset[Role] | None


@dataclass
class Router:
    """Which handler answers which command word, tapped choice or conversation state."""

    commands: list[Command] = field(default_factory=list)
    choices: dict[str, tuple[ChoiceHandler, frozenset[Role] | None]] = field(default_factory=dict)
    states: dict[str, StateHandler] = field(default_factory=dict)

    def command(
        self, *words: str, roles: set[Role] | None = None
    ) -> Callable[[CommandHandler], CommandHandler]:
        """Register a handler for text starting with one of words (case and spaces ignored)."""

        def add(handler: CommandHandler) -> CommandHandler:
            allowed = frozenset(roles) if roles else None
            self.commands.append(Command(tuple(w.lower() for w in words), handler, allowed))
            return handler

        return add

    def choice(
        self, prefix: str, roles: set[Role] | None = None
    ) -> Callable[[ChoiceHandler], ChoiceHandler]:
        """Register a handler for tapped choices whose payload is ``prefix:argument``."""

        def add(handler: ChoiceHandler) -> ChoiceHandler:
            self.choices[prefix] = (handler, frozenset(roles) if roles else None)
            return handler

        return add

    def state(self, name: str) -> Callable[[StateHandler], StateHandler]:
        """Register the handler for messages that arrive while a conversation is in state."""

        def add(handler: StateHandler) -> StateHandler:
            self.states[name] = handler
            return handler

        return add

    def match_command(self, text: str) -> tuple[Command, str] | None:
        """Return the command text starts with, and the rest of the text, if any."""
        clean = re.sub(r"\s+", " ", to_arabic_digits(text).strip())
        lowered = clean.lower()
        best: tuple[Command, str] | None = None
        best_len = 0
        for command in self.commands:
            for word in command.words:
                if (lowered == word or lowered.startswith(word + " ")) and len(word) > best_len:
                    best, best_len = (command, clean[len(word) :].strip()), len(word)
        return best

    def match_choice(self, data: str) -> tuple[ChoiceHandler, frozenset[Role] | None, str] | None:
        """Return the handler for a choice payload and its argument, if any."""
        prefix, _, argument = data.partition(":")
        found = self.choices.get(prefix)
        return (found[0], found[1], argument) if found else None


router = Router()
