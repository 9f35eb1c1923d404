"""The routing table: commands, tapped choices, conversation states and the fallbacks.

Each handler module records its own commands and choices with decorators on a ``Router`` of
its own and declares its conversation's states in one table (``Router.conversation``, as
python-telegram-bot's ``ConversationHandler(states={...})``, but platform-free); the
composition root merges them with ``include`` and sets the fallbacks. The chat core reads
the merged table and knows no handler by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.domain.model import Role
from bot.domain.province import province_of
from bot.domain.thai import to_arabic_digits

if TYPE_CHECKING:
    from bot.chat.context import Context

CommandHandler = Callable[["Context", str], None]
ChoiceHandler = Callable[["Context", str], None]
StateHandler = Callable[["Context"], None]
ClaimHandler = Callable[["Context"], bool]  # answers a message if it is its kind; True if so
ResumeHandler = Callable[["Context", bool], bool]  # (ctx, asking) -> True if it answered


@dataclass(frozen=True)
class Fallbacks:
    """What answers a message that no command, choice or conversation state claims."""

    stranger: StateHandler  # from someone who is not (yet) a member: an invite code, or help
    follow: StateHandler  # a member (re)follows the bot
    resume: ResumeHandler  # a step left idle: offers it back (asking unless a command came)
    timed_out: StateHandler  # a step left idle that was not offered back
    claims: tuple[ClaimHandler, ...]  # tried in order before the state's handler; each decides
    not_understood: StateHandler


@dataclass(frozen=True)
class Command:
    """Words that start a command, the roles allowed to use it, and its handler."""

    words: tuple[str, ...]
    handler: CommandHandler
    roles: frozenset[Role] | None
    slow: bool = False  # its answer takes over a second (a chart): LINE shows a waiting sign
    viewers: bool = False  # a provincial viewer may use it too: it needs no organisation


@dataclass
class Router:
    """Which handler answers which command word, tapped choice or conversation state."""

    commands: list[Command] = field(default_factory=list)
    choices: dict[str, tuple[ChoiceHandler, frozenset[Role] | None]] = field(default_factory=dict)
    states: dict[str, StateHandler] = field(default_factory=dict)
    fallbacks: Fallbacks | None = None
    viewer_choices: set[str] = field(default_factory=set)  # prefixes a provincial viewer may tap

    def command(
        self,
        *words: str,
        roles: set[Role] | None = None,
        slow: bool = False,
        viewers: bool = False,
    ) -> Callable[[CommandHandler], CommandHandler]:
        """Register a handler for text starting with one of words (case and spaces ignored)."""

        def add(handler: CommandHandler) -> CommandHandler:
            allowed = frozenset(roles) if roles else None
            words_ = tuple(w.lower() for w in words)
            self.commands.append(Command(words_, handler, allowed, slow, viewers))
            return handler

        return add

    def choice(
        self, prefix: str, roles: set[Role] | None = None, viewers: bool = False
    ) -> Callable[[ChoiceHandler], ChoiceHandler]:
        """Register a handler for tapped choices whose payload is ``prefix:argument``."""

        def add(handler: ChoiceHandler) -> ChoiceHandler:
            self.choices[prefix] = (handler, frozenset(roles) if roles else None)
            if viewers:
                self.viewer_choices.add(prefix)
            return handler

        return add

    def conversation(self, states: Mapping[str, StateHandler]) -> None:
        """Declare a conversation's table: which handler takes a message in each state."""
        for name, handler in states.items():
            if name in self.states:
                raise ValueError(f"state {name!r} is declared twice")
            self.states[name] = handler

    def include(self, other: Router) -> None:
        """Add another table's commands, choices and states (a clash is a bug: refused)."""
        for prefix, choice in other.choices.items():
            if prefix in self.choices:
                raise ValueError(f"choice prefix {prefix!r} is registered twice")
            self.choices[prefix] = choice
        self.viewer_choices |= other.viewer_choices
        self.commands.extend(other.commands)
        self.conversation(other.states)

    def command_of(self, handler: CommandHandler) -> Command | None:
        """Return the command that runs handler, if any (a menu button runs one too)."""
        return next((c for c in self.commands if c.handler is handler), None)

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


def may_run(ctx: Context, roles: frozenset[Role] | None, viewers: bool) -> bool:
    """Whether the person may run a command or choice; a refusal is said to them.

    A provincial viewer reads and changes nothing of an organisation in chat: only what
    is marked for viewers, or needs their role, is theirs.
    """
    if province_of(ctx.person) is not None:
        if viewers or (roles is not None and Role.PROVINCE in roles):
            return True
        ctx.say(ctx.t("province.read_only"))
        return False
    if roles and not ctx.person.has_role(*roles):
        ctx.say(ctx.t("chat.not_allowed"))
        return False
    return True
