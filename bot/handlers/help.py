"""Help, greeting, and the answer to what the bot did not understand."""

from __future__ import annotations

from bot.chat.context import Context
from bot.chat.messages import Option
from bot.chat.router import Router, may_run
from bot.domain.model import Role
from bot.domain.province import province_of
from bot.handlers import dashboard, mywork, province, quick, report, summary

router = Router()  # this module's table, merged by bot.handlers.build_router


def menu(ctx: Context) -> list[Option]:
    """Return the main choices for this person's roles."""
    options = []
    if province_of(ctx.person) is not None:
        return [
            ctx.option("menu.province", "menu:province"),
            ctx.option("menu.web", "menu:web"),
            ctx.option("menu.help", "menu:help"),
        ]
    if ctx.person.has_role(Role.STAFF, Role.SECRETARY, Role.ADMIN):
        options += [
            ctx.option("menu.my_measures", "menu:my"),
            ctx.option("menu.report", "menu:report"),
            ctx.option("menu.amend", "menu:amend"),
        ]
    if ctx.person.has_role(Role.CHIEF, Role.SECRETARY, Role.ADMIN):
        options.append(ctx.option("menu.summary", "menu:summary"))
    options.append(ctx.option("menu.help", "menu:help"))
    return options


def help_text(ctx: Context) -> str:
    """Return what this person may do, by role."""
    province = province_of(ctx.person)
    if province is not None:
        head = ctx.t("help.head_province", name=ctx.person.name, province=province)
        return "\n\n".join([head, ctx.t("help.province")])
    parts = [ctx.t("help.head", name=ctx.person.name, org=ctx.org.name)]
    if ctx.person.has_role(Role.STAFF, Role.SECRETARY, Role.ADMIN):
        parts.append(ctx.t("help.staff"))
    if ctx.person.has_role(Role.SECRETARY, Role.ADMIN):
        parts.append(ctx.t("help.secretary"))
    if ctx.person.has_role(Role.CHIEF):
        parts.append(ctx.t("help.chief"))
    parts.append(ctx.t("help.common"))
    return "\n\n".join(parts)


@router.command("ช่วยเหลือ", "/help", "help", "เมนู", "menu", "วิธีใช้", viewers=True)
def show_help(ctx: Context, rest: str) -> None:
    """List what this person may do."""
    ctx.say(help_text(ctx), menu(ctx))


@router.choice("menu", viewers=True)
def menu_choice(ctx: Context, argument: str) -> None:
    """Open a menu entry."""
    actions = {
        "my": mywork.my_measures,
        "report": report.start_report,
        "amend": quick.amend,
        "help": show_help,
        "cancel": cancel,
        "summary": summary.show_summary,
        "province": province.province_summary,
        "web": dashboard.web_link,
    }
    action = actions.get(argument)
    if action is None:
        ctx.say(ctx.t("chat.stale_choice"))
        return
    # A menu button runs a command: the command's roles apply to it too.
    command = ctx.router.command_of(action)
    if command is not None and not may_run(ctx, command.roles, command.viewers):
        return
    action(ctx, "")


@router.command("ยกเลิก", "/cancel", "cancel", viewers=True)
def cancel(ctx: Context, rest: str) -> None:
    """Leave whatever step the person is in."""
    had = bool(ctx.state.name)
    ctx.state.clear()
    ctx.say(ctx.t("chat.cancelled" if had else "chat.nothing_to_cancel"), menu(ctx))


def greet(ctx: Context) -> None:
    """Welcome a known person who (re)follows the bot."""
    ctx.say(ctx.t("help.welcome_back", name=ctx.person.name), menu(ctx))


def timed_out(ctx: Context) -> None:
    """Say that the step left idle for 30 minutes has ended and nothing unconfirmed was kept."""
    ctx.say(ctx.t("chat.timed_out"), menu(ctx))


def not_understood(ctx: Context) -> None:
    """Answer a message no handler took."""
    if ctx.incoming.attachment is not None:
        ctx.say(ctx.t("chat.attachment_outside_report"), menu(ctx))
    else:
        ctx.say(ctx.t("chat.not_understood"), menu(ctx))
