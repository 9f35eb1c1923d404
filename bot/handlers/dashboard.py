""" "เว็บ": a one-time link that signs the person in to the web dashboard."""

from __future__ import annotations

from bot.chat.context import Context
from bot.chat.router import Router
from bot.web.signin import SIGNIN_TTL, create_signin_link

router = Router()  # this module's table, merged by bot.handlers.build_router


def is_group_chat(ctx: Context) -> bool:
    """Whether the message came from a group or room rather than a private chat."""
    chat = ctx.incoming.chat_id
    return bool(chat) and chat != ctx.incoming.identity.user_id


@router.command("เว็บ", "แดชบอร์ด", "/web", "dashboard", "/dashboard", viewers=True)
def web_link(ctx: Context, rest: str) -> None:
    """Reply with a sign-in link for the dashboard (10 minutes, one use), in private only."""
    if is_group_chat(ctx):  # everyone in the group would see, and could use, the link
        ctx.say(ctx.t("dashboard.chat.private_only"))
        return
    link = create_signin_link(ctx.store, ctx.config, ctx.person, pipeline=ctx.pipe)
    minutes = int(SIGNIN_TTL.total_seconds() // 60)
    ctx.say(ctx.t("dashboard.chat.link", link=link, minutes=minutes))
