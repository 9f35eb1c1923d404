"""Joining an organisation with an invite code, and linking a second chat account."""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.province import province_of
from bot.domain.thai import to_arabic_digits
from bot.handlers.help import show_help
from bot.store.channels import channel_store
from bot.store.invites import (
    InviteError,
    create_invite,
    join,
    looks_invite_like,
    looks_like_code,
    normalise_code,
    take_invite,
)
from bot.texts import t

router = Router()  # this module's table, merged by bot.handlers.build_router

# Words people put before a code: "รหัส ABCD2345", "รหัสเชิญ: ...", "code ...", Telegram's /start.
_PREFIX = re.compile(r"^(?:/start|รหัสเชิญ|รหัส|โค้ด|invite code|code)\s*[:：]?\s*", re.I)


# After a word that says "code", any short token is a typed code, right or wrong.
_TYPED_CODE = re.compile(r"[A-Za-z0-9-]{4,12}")


def _code_in(text: str) -> str | None:
    clean = to_arabic_digits(text).strip()
    words = clean.split()
    if len(words) == 2 and words[0].lower() == "/start":
        return words[1]
    rest = _PREFIX.sub("", clean, count=1)
    if looks_like_code(rest) or looks_invite_like(rest):
        return rest
    if rest != clean and _TYPED_CODE.fullmatch(rest.replace(" ", "")):
        return rest.replace(" ", "")
    return None


def _channel_org(ctx: Context) -> str:
    """Return the organisation whose own channel the message came through ("" for ours)."""
    channel = ctx.incoming.identity.channel
    if not channel:
        return ""
    record = channel_store(ctx.config, ctx.store).get(channel)
    return record.org_id if record is not None else ""


def handle_stranger(ctx: Context) -> None:
    """Let someone not yet known join with a code; tell anyone else how to join."""
    code = _code_in(ctx.incoming.text) if ctx.incoming.text else None
    if code is None:
        ctx.say(t("join.how"))
        return
    invite = take_invite(ctx.store, code, now=ctx.now, channel_org=_channel_org(ctx))
    if isinstance(invite, InviteError):
        ctx.say(t(f"join.{invite.value}", code=normalise_code(code)))
        return
    identity = ctx.incoming.identity
    person = join(ctx.store, invite, identity.address, identity.user_id, ctx.incoming.display_name)
    ctx.turn.person = person
    if ctx.person_changed is not None:
        changed = ctx.person_changed

        def give_menus() -> None:  # after the commit: the platforms see a saved person
            changed(person)

        ctx.after_commit.append(give_menus)
    role = t(f"role.{person.roles[0].value}") if person.roles else ""
    province = province_of(person)
    if province is not None:
        ctx.say(t("join.welcome_province", name=person.name, province=province))
    else:
        org = ctx.store.require_org(person.org_id)
        where = f" {person.division}" if person.division else ""
        ctx.say(t("join.welcome", name=person.name, org=org.name, role=role, division=where))
    show_help(ctx, "")


@router.command("เชื่อมบัญชี", "/link", "link account", viewers=True)
def link_code(ctx: Context, rest: str) -> None:
    """Give a one-use code that links another chat platform to this person."""
    invite = create_invite(
        ctx.store, ctx.person.org_id, None, days=1, person_id=ctx.person.id, now=ctx.now
    )
    ctx.say(ctx.t("join.link_code", code=invite.code))
