"""The chat core: one incoming message in, plain replies out, on any platform."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import replace

import redis

from bot.app.config import Config
from bot.chat.context import Context
from bot.chat.evidence import EvidenceService, Fetcher
from bot.chat.messages import Incoming, Kind, Reply, Text
from bot.chat.router import Fallbacks, Router, may_run
from bot.chat.slow import is_slow
from bot.chat.state import Busy, Conversations, label_key
from bot.domain.clock import Now, utc_now
from bot.domain.model import Person
from bot.store.file_store import build_file_store
from bot.store.redis_store import RedisStore
from bot.store.steps import StepCommit, recorded, recorder
from bot.texts import t

log = logging.getLogger(__name__)

MAX_TEXT = 2000  # longer messages are refused whole: nobody types a report that long


class ChatCore:
    """Routes each message to its handler under the person's conversation lock."""

    def __init__(
        self,
        store: RedisStore,
        config: Config,
        router: Router,
        clock: Now = utc_now,
        *,
        notify: Callable[[Person, list[Reply]], object] | None = None,
        person_changed: Callable[[Person], object] | None = None,
        fetchers: Mapping[str, Fetcher] | None = None,
        find_fetcher: Callable[[str], Fetcher | None] | None = None,
    ) -> None:
        if router.fallbacks is None:
            raise ValueError("the router has no fallbacks: build it with its fallbacks")
        self.store = store
        self.config = config
        self.router = router
        self.fallbacks: Fallbacks = router.fallbacks
        self.conversations = Conversations(store.conversations)
        self.clock = clock
        self.evidence = EvidenceService(
            store.evidence,
            config.data_dir,
            clock=clock,
            files=build_file_store(config),
            fetchers=fetchers,
            find_fetcher=find_fetcher,
        )
        self.notify = notify  # a push to a person (costs quota)
        self.person_changed = person_changed  # gives a person their role's menus

    def is_slow(self, incoming: Incoming) -> bool:
        """Whether this message's answer will likely take over a second (see bot.chat.slow)."""
        return is_slow(self.router, incoming)

    def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer one message; state and writes are committed together, or not at all.

        A store failure (``redis.RedisError``) is raised, not answered: the webhook must
        then fail so that the platform delivers the event again.
        """
        if not incoming.identity.user_id:
            # No individual behind it (a LINE group without userId, an anonymous Telegram
            # admin, a bot): nobody to bind an identity or a report to. Change nothing.
            self._mark_handled(incoming)
            return [Text(t("chat.private_only"))]
        if len(incoming.text) > MAX_TEXT:
            self._mark_handled(incoming)
            return [Text(t("chat.too_long", "th", limit=f"{MAX_TEXT:,}"))]
        try:
            turn = self.conversations.begin(incoming.identity, incoming.event_id)
        except Busy:
            if incoming.event_id:
                raise  # a platform's event: it is delivered again once the step ends
            return [Text(t("chat.busy"))]
        if turn.committed_before:
            # A redelivery of an event whose whole step was committed (the "done" mark was
            # lost with the process that wrote it): it was answered then; change nothing.
            self.conversations.release(turn)
            self._mark_handled(incoming)
            return []
        pipe = recorder()  # the handlers' writes, committed per slot by StepCommit
        ctx = Context(
            incoming,
            turn,
            self.store,
            self.config,
            pipe,
            self.clock(),
            evidence=self.evidence,
            router=self.router,
            notify=self.notify,
            person_changed=self.person_changed,
        )
        try:
            self._route(ctx)
            turn.state.offered = {
                label_key(option.label): option.data
                for reply in ctx.replies
                for option in getattr(reply, "options", ())
            }
            self._commit(ctx)
        except redis.RedisError:
            pipe.reset()
            with contextlib.suppress(redis.RedisError):  # else the lock expires by itself
                self.conversations.release(turn)
            raise
        except Exception:
            log.exception("handler failed for %s", incoming.identity.platform)
            pipe.reset()
            self.conversations.release(turn)
            return [Text(t("error.generic", ctx.lang))]
        for callback in ctx.after_commit:
            callback()
        if turn.missed:
            # Reminders LINE could not push (quota) ride on this free reply.
            return [Text("\n\n".join(turn.missed)), *ctx.replies]
        return ctx.replies

    def _commit(self, ctx: Context) -> None:
        """Commit the step: the organisation's half, then the user's (bot.store.steps)."""
        turn, incoming = ctx.turn, ctx.incoming
        state = recorder()
        self.conversations.save(turn, state)
        person = turn.person
        commit = StepCommit(
            org_id=person.org_id if person is not None else None,
            platform=incoming.identity.address,
            user=incoming.identity.user_id,
            event_id=incoming.event_id,
            writes=recorded(ctx.pipe),
            state=recorded(state),
        )
        self.store.commit_step(commit, self.conversations.release_command(turn))
        if commit.replayed:
            log.warning("event %s: its step was committed before a crash", incoming.event_id)
        # The webhook's short claim on this event becomes "done" once the step is committed.
        self._mark_handled(incoming)

    def _mark_handled(self, incoming: Incoming) -> None:
        """Mark an event answered without a step (refused, too long) as done."""
        self.store.events.mark_done(incoming.identity.platform, incoming.event_id)

    def _route(self, ctx: Context) -> None:
        incoming = ctx.incoming
        fallbacks = self.fallbacks
        if ctx.turn.person is None:
            fallbacks.stranger(ctx)
            return
        if incoming.kind is Kind.FOLLOW:
            fallbacks.follow(ctx)
            return
        if incoming.kind is Kind.TEXT and (tapped := ctx.state.offered_choice(incoming.text)):
            # A button's label, typed, works as the tap.
            ctx.incoming = replace(incoming, kind=Kind.CHOICE, data=tapped)
            self._route_choice(ctx)
            return
        is_command = incoming.kind is Kind.TEXT and self.router.match_command(incoming.text)
        if ctx.turn.timed_out:
            # A report draft left idle is offered back (a command asks about it first);
            # any other step that timed out ends, as it always did.
            if fallbacks.resume(ctx, not is_command):
                return
            if not is_command:
                fallbacks.timed_out(ctx)
                return
        if incoming.kind is Kind.CHOICE:
            self._route_choice(ctx)
            return
        if incoming.kind is Kind.TEXT:
            found = self.router.match_command(incoming.text)
            if found:
                command, rest = found
                if may_run(ctx, command.roles, command.viewers):
                    command.handler(ctx, rest)
                return
        if any(claim(ctx) for claim in fallbacks.claims):  # e.g. a plan file sent outside a step
            return
        handler = self.router.states.get(ctx.state.name)
        if handler is not None:
            handler(ctx)
            return
        fallbacks.not_understood(ctx)

    def _route_choice(self, ctx: Context) -> None:
        found = self.router.match_choice(ctx.incoming.data)
        if found is None:
            ctx.say(ctx.t("chat.stale_choice"))
            return
        handler, roles, argument = found
        prefix = ctx.incoming.data.partition(":")[0]
        if may_run(ctx, roles, prefix in self.router.viewer_choices):
            handler(ctx, argument)
