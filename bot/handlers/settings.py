"""Per-person settings: the language of the bot's messages."""

from __future__ import annotations

from bot.chat.context import Context
from bot.chat.router import Router

router = Router()  # this module's table, merged by bot.handlers.build_router


@router.command("english", "/english", "/lang en", "ภาษาอังกฤษ", viewers=True)
def english(ctx: Context, rest: str) -> None:
    """Switch this person's messages to English."""
    ctx.person.language = "en"
    ctx.store.save_person(ctx.person, pipeline=ctx.pipe)
    ctx.say(ctx.t("settings.language_set"))


@router.command("ภาษาไทย", "/thai", "/lang th", "thai", viewers=True)
def thai(ctx: Context, rest: str) -> None:
    """Switch this person's messages to Thai."""
    ctx.person.language = "th"
    ctx.store.save_person(ctx.person, pipeline=ctx.pipe)
    ctx.say(ctx.t("settings.language_set"))
