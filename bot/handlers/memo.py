""" "บันทึก" and "สายบันทึก": the secretary opens, sends and follows memos; sets the chain."""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.messages import Kind
from bot.chat.router import Router
from bot.domain.model import Role
from bot.handlers.memo_steps import (
    card_replies,
    memos_of,
    names_of,
    pdf_of,
    push_later,
    refuse,
    waiting_for_me,
)
from bot.memo.card import chain_lines, number_label, period_label, status_text
from bot.memo.chain import may_send, parse_chain, resolve_chain, send
from bot.memo.model import MAX_COMMENT, Memo, MemoError, Period, clean_comment
from bot.memo.service import open_memo

router = Router()  # this module's table, merged by bot.handlers.build_router
NOTE = "memo_note"  # the secretary types what was revised before sending again

SECRETARIES = {Role.SECRETARY, Role.ADMIN}
_SIX = re.compile(r"^(?:รอบ\s*)?(?:6\s*เดือน|หกเดือน|ครึ่งปี|six[_ ]?months?)\s*(\d{4})?$", re.I)
_YEAR = re.compile(
    r"^(?:รอบ\s*)?(?:12\s*เดือน|สิบสองเดือน|ปลายปี|สิ้นปี|ประจำปี|year[_ ]?end)\s*(\d{4})?$", re.I
)


def _parse_period(rest: str) -> tuple[Period, int | None, str | None]:
    text = rest.strip()
    if found := _SIX.match(text):
        return "six_month", int(found[1]) if found[1] else None, None
    if found := _YEAR.match(text):
        return "year_end", int(found[1]) if found[1] else None, None
    return "month", None, text


@router.command("บันทึก", "/memo", "memo")
def memo_command(ctx: Context, rest: str) -> None:
    """Secretary: the memos and where each is; anyone else: the memos waiting for them."""
    if not may_send(ctx.person):
        waiting_for_me(ctx)
        return
    if not rest:
        _list(ctx)
        return
    period, fiscal_year, month = _parse_period(rest)
    try:
        memo = open_memo(memos_of(ctx), ctx.person.org_id, period, fiscal_year, month, ctx.now)
    except MemoError as error:
        refuse(ctx, error)
        return
    _detail(ctx, memo)


def _list(ctx: Context) -> None:
    memos = memos_of(ctx)
    settings, names = memos.settings(ctx.person.org_id), names_of(ctx)
    found = memos.recent(ctx.person.org_id)
    lines = [ctx.t("memo.list_head") if found else ctx.t("memo.list_empty")]
    options = []
    for memo in found:
        lines.append(ctx.t("memo.line", period=period_label(memo, ctx.lang),
                           number=number_label(memo, settings), version=memo.version,
                           status=status_text(memo, names, ctx.lang)))  # fmt: skip
        if memo.status == "returned":
            options.append(ctx.option("memo.resend", f"memosend:{memo.id}"))
    options += [
        ctx.option("memo.make_six", "memoopen:six_month"),
        ctx.option("memo.make_year", "memoopen:year_end"),
    ]
    ctx.say("\n".join(lines), options[:13])


def _detail(ctx: Context, memo: Memo) -> None:
    names = names_of(ctx)
    memos = memos_of(ctx)
    settings = memos.settings(memo.org)
    if memo.status == "draft":  # show the chain it will travel, as set now
        try:
            memo.chain = resolve_chain(memos.chain(memo.org), ctx.store.people(memo.org))
        except MemoError:
            memo.chain = memos.chain(memo.org)
    lines = [
        ctx.t("memo.detail_head", period=period_label(memo, ctx.lang)),
        ctx.t("memo.line", period=period_label(memo, ctx.lang), number=number_label(memo, settings),
              version=memo.version, status=status_text(memo, names, ctx.lang)),
        *chain_lines(memo, names, ctx.lang),
    ]  # fmt: skip
    options = []
    if memo.status in ("draft", "returned"):
        key = "memo.send" if memo.status == "draft" else "memo.resend"
        options.append(ctx.option(key, f"memosend:{memo.id}"))
    ctx.say("\n".join(lines), options)
    ctx.replies.append(pdf_of(ctx, memo, ctx.lang))


@router.choice("memoopen", roles=SECRETARIES)
def open_period(ctx: Context, period: str) -> None:
    """Open (or create) this fiscal year's six-month or year-end memo."""
    if period not in ("six_month", "year_end"):
        ctx.say(ctx.t("chat.stale_choice"))
        return
    memo_command(ctx, "6 เดือน" if period == "six_month" else "12 เดือน")


@router.choice("memosend", roles=SECRETARIES)
def send_memo(ctx: Context, memo_id: str) -> None:
    """Send a draft; a returned memo first asks what was revised."""
    memo = memos_of(ctx).get(ctx.person.org_id, memo_id)
    if memo is None:
        ctx.say(ctx.t("memo.unknown"))
        return
    if memo.status == "returned":
        ctx.state.name, ctx.state.data = NOTE, {"memo": memo_id}
        ctx.say(
            ctx.t("memo.note_prompt", comment=memo.acks[-1].comment, limit=MAX_COMMENT),
            [ctx.option("memo.send_now", f"memosendnow:{memo_id}")],
        )
        return
    _send(ctx, memo_id, "")


@router.choice("memosendnow", roles=SECRETARIES)
def send_now(ctx: Context, memo_id: str) -> None:
    """Resend a returned memo without a note."""
    ctx.state.clear()
    _send(ctx, memo_id, "")


def revision_note(ctx: Context) -> None:
    """The secretary's note on what was revised, then the memo goes out again."""
    if ctx.incoming.kind is not Kind.TEXT or not ctx.incoming.text.strip():
        ctx.say(ctx.t("memo.comment_not_text"))
        return
    try:
        note = clean_comment(ctx.incoming.text)
    except MemoError as error:
        refuse(ctx, error)
        return
    memo_id = str(ctx.state.data.get("memo", ""))
    ctx.state.clear()
    _send(ctx, memo_id, note)


def _send(ctx: Context, memo_id: str, note: str) -> None:
    org = ctx.person.org_id
    memos = memos_of(ctx)
    try:
        chain = resolve_chain(memos.chain(org), ctx.store.people(org))
        memo = memos.get(org, memo_id)
        if memo is None:
            raise MemoError("memo.unknown")
        memo, _ = memos.change(
            org, memo_id, lambda m: send(m, chain, ctx.person.id, ctx.now, note) and None,
            ctx.person.id, "memo_send", ctx.now, number_for=memo.fiscal_year,
        )  # fmt: skip
    except MemoError as error:
        refuse(ctx, error)
        return
    first = memo.chain[0]
    person = ctx.store.get_person(org, first.person)
    if person is not None:
        push_later(ctx, person.id, card_replies(ctx, memo, person))
    ctx.say(ctx.t("memo.sent", period=period_label(memo, ctx.lang), role=first.role,
                  name=person.name if person else first.person))  # fmt: skip


@router.command("สายบันทึก", "/chain", "chain", roles=SECRETARIES)
def chain_command(ctx: Context, rest: str) -> None:
    """Show the chain, or set it: "สายบันทึก หัวหน้าสำนักปลัด=ชื่อ; ปลัด=ผู้บริหาร; นายก=ชื่อ"."""
    memos = memos_of(ctx)
    org = ctx.person.org_id
    if rest:
        try:
            steps = parse_chain(rest, ctx.store.people(org), ctx.org.name)
        except MemoError as error:
            refuse(ctx, error)
            return
        memos.set_chain(org, steps, ctx.person.id, ctx.now)
        ctx.say(ctx.t("memo.chain_saved", count=len(steps)))
    steps = memos.chain(org)
    names = names_of(ctx)
    if not steps:
        ctx.say(ctx.t("memo.chain_empty") + "\n" + ctx.t("memo.chain_help"))
        return
    lines = [ctx.t("memo.chain_head")]
    for n, step in enumerate(steps, 1):
        lines.append(ctx.t("memo.chain_line", n=n, role=step.role, position=step.position,
                           name=names.get(step.person, step.person)))  # fmt: skip
    if not rest:
        lines.append(ctx.t("memo.chain_help"))
    ctx.say("\n".join(lines))


router.conversation({NOTE: revision_note})
