""" "สรุปจังหวัด" for provincial viewers: the province's organisations ranked by progress."""

from __future__ import annotations

from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.model import Role
from bot.domain.province import province_of
from bot.province.card import province_card
from bot.province.read import live_figures

router = Router()  # this module's table, merged by bot.handlers.build_router


@router.command("สรุปจังหวัด", "/province", "province summary", roles={Role.PROVINCE}, slow=True)
def province_summary(ctx: Context, rest: str) -> None:
    """This month so far for every organisation of the viewer's province, best first."""
    province = province_of(ctx.person)
    if province is None:  # a province role given inside an organisation: nothing to follow
        ctx.say(ctx.t("province.read_only"))
        return
    rows = live_figures(ctx.store, province, ctx.now)
    ctx.replies.append(province_card(province, rows, ctx.today, ctx.lang))
