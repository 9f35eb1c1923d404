""" "เว็บ": a one-time link that signs the person in to the web dashboard."""

from __future__ import annotations

from bot.chat.context import Context
from bot.chat.router import router
from bot.web.signin import SIGNIN_TTL, create_signin_link


@router.command("เว็บ", "แดชบอร์ด", "/web", "dashboard", "/dashboard")
def web_link(ctx: Context, rest: str) -> None:
    """Reply with a sign-in link for the dashboard (10 minutes, one use)."""
    link = create_signin_link(ctx.store, ctx.config, ctx.person, pipeline=ctx.pipe)
    minutes = int(SIGNIN_TTL.total_seconds() // 60)
    ctx.say(ctx.t("dashboard.chat.link", link=link, minutes=minutes))
