"""What a handler sees: the message, the person, their state, and ways to answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import redis

from bot.app.config import Config
from bot.chat.evidence import EvidenceService
from bot.chat.messages import Incoming, Option, Reply, Text
from bot.chat.router import Router
from bot.chat.state import State, Turn
from bot.domain.model import Organisation, Person
from bot.domain.thai import BANGKOK
from bot.store.redis_store import RedisStore
from bot.texts import t


@dataclass
class Context:
    """One step of a conversation."""

    incoming: Incoming
    turn: Turn
    store: RedisStore
    config: Config
    pipe: redis.client.Pipeline  # writes committed atomically with the new state
    now: datetime
    replies: list[Reply] = field(default_factory=list)
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    evidence: EvidenceService | None = None
    router: Router = field(default_factory=Router)  # the whole table (menus run its commands)
    notify: Callable[[Person, list[Reply]], object] | None = None  # a push (costs quota)
    # Gives a person their role's menus (LINE rich menu, Telegram commands); after commit.
    person_changed: Callable[[Person], object] | None = None
    _org: Organisation | None = None

    @property
    def person(self) -> Person:
        """The person talking (handlers for strangers never reach this)."""
        assert self.turn.person is not None
        return self.turn.person

    @property
    def state(self) -> State:
        """The person's conversation state, saved after the step."""
        return self.turn.state

    @property
    def lang(self) -> str:
        """The person's language."""
        return self.turn.person.language if self.turn.person else "th"

    @property
    def today(self) -> date:
        """Today in Bangkok."""
        return self.now.astimezone(BANGKOK).date()

    @property
    def org(self) -> Organisation:
        """The person's organisation (read once per step)."""
        if self._org is None:
            self._org = self.store.require_org(self.person.org_id)
        return self._org

    def t(self, key: str, **values: object) -> str:
        """Return a text in the person's language."""
        return t(key, self.lang, **values)

    def say(self, text: str, options: list[Option] | tuple[Option, ...] = ()) -> None:
        """Queue a text reply, with choices."""
        self.replies.append(Text(text, tuple(options)))

    def option(self, key: str, data: str, **values: object) -> Option:
        """Return a choice whose label is a text in the person's language."""
        return Option(self.t(key, **values), data)
