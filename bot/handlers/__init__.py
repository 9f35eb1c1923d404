"""Conversation handlers: each module keeps its own table; ``build_router`` merges them."""

from __future__ import annotations

from bot.chat.router import Fallbacks, Router
from bot.handlers import (
    absence,
    chase,
    dashboard,
    draft,
    help,
    join,
    memo,
    memo_steps,
    mywork,
    plan_archive,
    plan_file,
    province,
    report,
    secretary,
    settings,
    setup,
    summary,
)

TABLES = (
    absence.router,
    chase.router,
    dashboard.router,
    help.router,
    join.router,
    memo.router,
    memo_steps.router,
    mywork.router,
    plan_archive.router,
    plan_file.router,
    province.router,
    report.router,  # the report conversation, with its shortcuts and draft question
    secretary.router,
    settings.router,
    setup.router,
    summary.router,
)


def build_router() -> Router:
    """Return the whole routing table: every module's table, and the fallbacks."""
    router = Router(
        fallbacks=Fallbacks(
            stranger=join.handle_stranger,
            follow=help.greet,
            resume=draft.offer_timed_out_draft,
            timed_out=help.timed_out,
            claims=(plan_file.take_plan_file,),
            not_understood=help.not_understood,
        )
    )
    for table in TABLES:
        router.include(table)
    return router
