""" "บันทึก" and "สายบันทึก": the memo goes up the chain, each step comments and acknowledges."""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.messages import File, Kind, Reply, Text
from bot.chat.router import router
from bot.files import file_url
from bot.memo.card import chain_lines, number_label, period_label, status_text, step_card
from bot.memo.chain import (
    STANDARD_COMMENTS,
    acknowledge,
    check_turn,
    default_position,
    may_send,
    resolve_chain,
    send,
    send_back,
)
from bot.memo.model import (
    MAX_COMMENT,
    MAX_STEPS,
    ROLE_PREFIX,
    ChainStep,
    Memo,
    MemoError,
    Period,
    clean_comment,
)
from bot.memo.service import memo_summary, open_memo
from bot.memo.store import MemoStore
from bot.model import Person, Role
from bot.texts import t

SECRETARIES = {Role.SECRETARY, Role.ADMIN}
_SIX = re.compile(r"^(?:รอบ\s*)?(?:6\s*เดือน|หกเดือน|ครึ่งปี|six[_ ]?months?)\s*(\d{4})?$", re.I)
_YEAR = re.compile(
    r"^(?:รอบ\s*)?(?:12\s*เดือน|สิบสองเดือน|ปลายปี|สิ้นปี|ประจำปี|year[_ ]?end)\s*(\d{4})?$", re.I
)
_ROLE_WORDS = {"ผู้บริหาร": "chief", "chief": "chief", "เลขานุการ": "secretary",
               "secretary": "secretary"}  # fmt: skip


def _memos(ctx: Context) -> MemoStore:
    return MemoStore(ctx.store.r)


def _names(ctx: Context) -> dict[str, str]:
    return {p.id: p.name for p in ctx.store.people(ctx.person.org_id)}


def _refuse(ctx: Context, error: MemoError) -> None:
    ctx.say(ctx.t(error.key, **error.values))


def _pdf(ctx: Context, memo: Memo, lang: str) -> File:
    url = file_url(ctx.config, kind="memo", org=memo.org, memo=memo.id, format="pdf")
    return File(url, t("memo.file_name", lang, period=period_label(memo, lang)))


def _push(ctx: Context, person_id: str, replies_for: list[Reply] | None = None) -> None:
    """Push replies to a person after the step commits (a push costs LINE quota)."""
    person = ctx.store.get_person(ctx.person.org_id, person_id)
    notify = ctx.notify
    if person is None or notify is None or not replies_for:
        return
    replies = list(replies_for)

    def push() -> None:
        notify(person, replies)

    ctx.after_commit.append(push)


def card_replies(ctx: Context, memo: Memo, person: Person) -> list[Reply]:
    """Return the card and the PDF a pending step gets, in that person's language."""
    summary = memo_summary(ctx.store, memo, ctx.now)
    settings = _memos(ctx).settings(memo.org)
    card = step_card(memo, summary, settings, ctx.org.name, person.language)
    return [_pdf(ctx, memo, person.language), card]  # LINE shows buttons on the last message


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
        _waiting_for_me(ctx)
        return
    if not rest:
        _list(ctx)
        return
    period, fiscal_year, month = _parse_period(rest)
    try:
        memo = open_memo(_memos(ctx), ctx.person.org_id, period, fiscal_year, month, ctx.now)
    except MemoError as error:
        _refuse(ctx, error)
        return
    _detail(ctx, memo)


def _list(ctx: Context) -> None:
    memos = _memos(ctx)
    settings, names = memos.settings(ctx.person.org_id), _names(ctx)
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
    names = _names(ctx)
    memos = _memos(ctx)
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
    ctx.replies.append(_pdf(ctx, memo, ctx.lang))


def _waiting_for_me(ctx: Context) -> None:
    mine = [
        m for m in _memos(ctx).recent(ctx.person.org_id, 20)
        if (step := m.pending_step()) is not None and m.chain[step].person == ctx.person.id
    ]  # fmt: skip
    if not mine:
        ctx.say(ctx.t("memo.nothing_for_you"))
        return
    ctx.say(ctx.t("memo.pending_for_you"))
    for memo in mine[:2]:  # LINE takes 5 messages per reply: two cards with their files
        ctx.replies.extend(card_replies(ctx, memo, ctx.person))


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
    memo = _memos(ctx).get(ctx.person.org_id, memo_id)
    if memo is None:
        ctx.say(ctx.t("memo.unknown"))
        return
    if memo.status == "returned":
        ctx.state.name, ctx.state.data = "memo_note", {"memo": memo_id}
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


@router.state("memo_note")
def revision_note(ctx: Context) -> None:
    """The secretary's note on what was revised, then the memo goes out again."""
    if ctx.incoming.kind is not Kind.TEXT or not ctx.incoming.text.strip():
        ctx.say(ctx.t("memo.comment_not_text"))
        return
    try:
        note = clean_comment(ctx.incoming.text)
    except MemoError as error:
        _refuse(ctx, error)
        return
    memo_id = str(ctx.state.data.get("memo", ""))
    ctx.state.clear()
    _send(ctx, memo_id, note)


def _send(ctx: Context, memo_id: str, note: str) -> None:
    org = ctx.person.org_id
    memos = _memos(ctx)
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
        _refuse(ctx, error)
        return
    first = memo.chain[0]
    person = ctx.store.get_person(org, first.person)
    if person is not None:
        _push(ctx, person.id, card_replies(ctx, memo, person))
    ctx.say(ctx.t("memo.sent", period=period_label(memo, ctx.lang), role=first.role,
                  name=person.name if person else first.person))  # fmt: skip


def _turn(argument: str) -> tuple[str, int, int, str]:
    memo_id, version, step, choice = argument.rsplit(":", 3)
    return memo_id, int(version), int(step), choice


@router.choice("memoack")
def ack_standard(ctx: Context, argument: str) -> None:
    """Acknowledge with one of the three standard comments."""
    try:
        memo_id, version, step, choice = _turn(argument)
        comment = STANDARD_COMMENTS[int(choice) - 1]
    except (ValueError, IndexError):
        ctx.say(ctx.t("chat.stale_choice"))
        return
    answer(ctx, memo_id, version, step, comment, "ack")


@router.choice("memotype")
def ask_comment(ctx: Context, argument: str) -> None:
    """Ask the pending step to type a comment."""
    _ask(ctx, argument, "ack")


@router.choice("memoback")
def ask_return(ctx: Context, argument: str) -> None:
    """Ask the pending step what should be changed before sending the memo back."""
    _ask(ctx, argument, "return")


def _ask(ctx: Context, argument: str, action: str) -> None:
    try:
        memo_id, version, step = argument.rsplit(":", 2)
        memo = _memos(ctx).get(ctx.person.org_id, memo_id)
        if memo is None:
            raise MemoError("memo.unknown")
        check_turn(memo, int(step), int(version), ctx.person)
    except ValueError as error:
        _refuse(ctx, error) if isinstance(error, MemoError) else ctx.say(ctx.t("chat.stale_choice"))
        return
    ctx.state.name = "memo_comment"
    ctx.state.data = {"memo": memo_id, "version": int(version), "step": int(step), "action": action}
    key = "memo.comment_prompt" if action == "ack" else "memo.back_prompt"
    ctx.say(ctx.t(key, role=memo.chain[int(step)].role, limit=MAX_COMMENT))


@router.state("memo_comment")
def typed_comment(ctx: Context) -> None:
    """The typed comment: acknowledge with it, or send the memo back with it."""
    if ctx.incoming.kind is not Kind.TEXT or not ctx.incoming.text.strip():
        ctx.say(ctx.t("memo.comment_not_text"))
        return
    data = ctx.state.data
    try:
        clean_comment(ctx.incoming.text)
    except MemoError as error:
        _refuse(ctx, error)  # the step stays open: they can type a shorter one
        return
    ctx.state.clear()
    answer(ctx, str(data["memo"]), int(data["version"]), int(data["step"]), ctx.incoming.text,
           str(data["action"]))  # fmt: skip


def answer(ctx: Context, memo_id: str, version: int, step: int, comment: str, action: str) -> None:
    """Record the step's answer once (atomically, audited), then pass the memo on."""
    org = ctx.person.org_id
    channel = ctx.incoming.identity.platform.value
    decide = acknowledge if action == "ack" else send_back
    try:
        memo, ack = _memos(ctx).change(
            org, memo_id,
            lambda m: vars(decide(m, step, version, ctx.person, comment, channel, ctx.now)),
            ctx.person.id, f"memo_{action}", ctx.now,
        )  # fmt: skip
    except MemoError as error:
        _refuse(ctx, error)
        return
    period = period_label(memo, ctx.lang)
    if memo.status == "returned":
        ctx.say(ctx.t("memo.returned"))
        writer = ctx.store.get_person(org, memo.writer)
        if writer is not None:
            text = ctx.t("memo.to_secretary_returned", period=period, name=ctx.person.name,
                         comment=ack["comment"])  # fmt: skip
            _push(ctx, writer.id, [Text(text)])
        return
    ctx.say(ctx.t("memo.acked", comment=ack["comment"]))
    if memo.status == "complete":
        ctx.say(ctx.t("memo.acked_last"))
        writer = ctx.store.get_person(org, memo.writer)
        if writer is not None:
            text = ctx.t("memo.to_secretary_complete", period=period)
            _push(ctx, writer.id, [Text(text), _pdf(ctx, memo, writer.language)])
        return
    following = memo.chain[memo.pending_step() or 0]
    person = ctx.store.get_person(org, following.person)
    if person is not None:
        _push(ctx, person.id, card_replies(ctx, memo, person))
        ctx.say(ctx.t("memo.acked_next", role=following.role, name=person.name))


@router.choice("memofile")
def memo_file(ctx: Context, memo_id: str) -> None:
    """Send the memo's PDF to the secretary or a person of its chain."""
    memo = _memos(ctx).get(ctx.person.org_id, memo_id)
    if memo is None or not (
        may_send(ctx.person) or any(s.person == ctx.person.id for s in memo.chain)
    ):
        ctx.say(ctx.t("memo.unknown"))
        return
    ctx.replies.append(_pdf(ctx, memo, ctx.lang))


@router.command("สายบันทึก", "/chain", "chain", roles=SECRETARIES)
def chain_command(ctx: Context, rest: str) -> None:
    """Show the chain, or set it: "สายบันทึก หัวหน้าสำนักปลัด=ชื่อ; ปลัด=ผู้บริหาร; นายก=ชื่อ"."""
    memos = _memos(ctx)
    org = ctx.person.org_id
    if rest:
        try:
            steps = parse_chain(rest, ctx.store.people(org), ctx.org.name)
        except MemoError as error:
            _refuse(ctx, error)
            return
        memos.set_chain(org, steps, ctx.person.id, ctx.now)
        ctx.say(ctx.t("memo.chain_saved", count=len(steps)))
    steps = memos.chain(org)
    names = _names(ctx)
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


def parse_chain(text: str, people: list[Person], org_name: str) -> list[ChainStep]:
    """Read "title=who; title=who" (who: a name, part of one, ผู้บริหาร or เลขานุการ)."""
    parts = [p.strip() for p in re.split(r"[;\n>→]+", text) if p.strip()]
    if len(parts) > MAX_STEPS:
        raise MemoError("memo.chain_too_long", limit=MAX_STEPS)
    steps = []
    for part in parts:
        title, sep, who = (s.strip() for s in part.partition("="))
        if not sep or not title or not who or len(title) > 80:
            raise MemoError("memo.chain_bad", text=part[:40])
        steps.append(ChainStep(title, _who(who, people), default_position(title, org_name)))
    if not steps:
        raise MemoError("memo.chain_bad", text=text[:40])
    return steps


def _who(name: str, people: list[Person]) -> str:
    if name.lower() in _ROLE_WORDS:
        return ROLE_PREFIX + _ROLE_WORDS[name.lower()]
    exact = [p for p in people if p.name == name or p.id == name]
    partial = [p for p in people if name in p.name]
    found = exact or partial
    if len(found) != 1:
        names = ", ".join(p.name for p in people if p.roles != [Role.STAFF])[:300]
        raise MemoError("memo.chain_who", name=name[:40], names=names)
    return found[0].id
