"""Someone not yet known: a typed invite code, even a mistyped one, is answered as a code.

``join.handle_stranger`` redeems codes in the exact invite shape; here a code after a word
("รหัส ELETE25X") is unwrapped for it, and a code-like word that cannot be an invite
("ABCD1234": 1 is not in the alphabet) is told "ไม่พบรหัสเชิญ" instead of the greeting.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.chat.context import Context
from bot.handlers.join import handle_stranger
from bot.invites import looks_like_code, normalise_code
from bot.texts import t

_LEAD = re.compile(r"^(?:รหัสเชิญ|รหัส|โค้ด|code|invite(?: code)?)\s*[:：]?\s*", re.IGNORECASE)
_CODE_LIKE = re.compile(r"[A-Za-z0-9]{6,10}")


def code_attempt(text: str) -> str | None:
    """Return the code a stranger seems to have typed (upper case, no dashes), or None."""
    bare = _LEAD.sub("", text.strip())
    token = re.sub(r"[\s\-]", "", bare) if len(bare.split()) <= 2 else ""
    if not _CODE_LIKE.fullmatch(token):
        return None
    # A plain word is not a code: codes are upper case or carry digits.
    if not (any(ch.isdigit() for ch in token) or token.isupper()):
        return None
    return token.upper()


def answer_stranger(ctx: Context) -> None:
    """Redeem an invite code, explain a wrong one, or tell the stranger how to join."""
    text = ctx.incoming.text
    if text and not text.strip().lower().startswith("/start"):
        code = code_attempt(text)
        if code is not None and not looks_like_code(code):
            ctx.say(t("join.unknown", code=normalise_code(code)))
            return
        if code is not None:
            ctx.incoming = replace(ctx.incoming, text=code)
    handle_stranger(ctx)
