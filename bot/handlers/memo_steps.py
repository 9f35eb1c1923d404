"""A step of the memo's chain: the card, standard or typed comment, acknowledge, send back."""

from __future__ import annotations

from bot.chat.context import Context
from bot.chat.messages import File, Kind, Reply, Text
from bot.chat.router import Router
from bot.domain.file_links import file_url
from bot.domain.model import Person
from bot.memo.card import period_label, step_card
from bot.memo.chain import STANDARD_COMMENTS, acknowledge, check_turn, may_send, send_back
from bot.memo.model import MAX_COMMENT, Memo, MemoError, clean_comment
from bot.memo.service import memo_summary
from bot.store.memos import MemoStore
from bot.texts import t

router = Router()  # this module's table, merged by bot.handlers.build_router
COMMENT = "memo_comment"  # a step of the chain types its comment


def memos_of(ctx: Context) -> MemoStore:
    """Return the memo store of this step."""
    return ctx.store.memos


def names_of(ctx: Context) -> dict[str, str]:
    """Return the names of the person's organisation by person id."""
    return {p.id: p.name for p in ctx.store.people(ctx.person.org_id)}


def refuse(ctx: Context, error: MemoError) -> None:
    """Answer a refused change with its text."""
    ctx.say(ctx.t(error.key, **error.values))


def pdf_of(ctx: Context, memo: Memo, lang: str) -> File:
    """Return the memo's PDF as a file link."""
    url = file_url(ctx.config, kind="memo", org=memo.org, memo=memo.id, format="pdf")
    return File(url, t("memo.file_name", lang, period=period_label(memo, lang)))


def push_later(ctx: Context, person_id: str, replies_for: list[Reply] | None = None) -> None:
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
    settings = memos_of(ctx).settings(memo.org)
    card = step_card(memo, summary, settings, ctx.org.name, person.language)
    return [pdf_of(ctx, memo, person.language), card]  # LINE shows buttons on the last message


def waiting_for_me(ctx: Context) -> None:
    """Send the cards of the memos waiting for this person."""
    mine = [
        m for m in memos_of(ctx).recent(ctx.person.org_id, 20)
        if (step := m.pending_step()) is not None and m.chain[step].person == ctx.person.id
    ]  # fmt: skip
    if not mine:
        ctx.say(ctx.t("memo.nothing_for_you"))
        return
    ctx.say(ctx.t("memo.pending_for_you"))
    for memo in mine[:2]:  # LINE takes 5 messages per reply: two cards with their files
        ctx.replies.extend(card_replies(ctx, memo, ctx.person))


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
        memo = memos_of(ctx).get(ctx.person.org_id, memo_id)
        if memo is None:
            raise MemoError("memo.unknown")
        check_turn(memo, int(step), int(version), ctx.person)
    except ValueError as error:
        refuse(ctx, error) if isinstance(error, MemoError) else ctx.say(ctx.t("chat.stale_choice"))
        return
    ctx.state.name = COMMENT
    ctx.state.data = {"memo": memo_id, "version": int(version), "step": int(step), "action": action}
    key = "memo.comment_prompt" if action == "ack" else "memo.back_prompt"
    ctx.say(ctx.t(key, role=memo.chain[int(step)].role, limit=MAX_COMMENT))


def typed_comment(ctx: Context) -> None:
    """The typed comment: acknowledge with it, or send the memo back with it."""
    if ctx.incoming.kind is not Kind.TEXT or not ctx.incoming.text.strip():
        ctx.say(ctx.t("memo.comment_not_text"))
        return
    data = ctx.state.data
    try:
        clean_comment(ctx.incoming.text)
    except MemoError as error:
        refuse(ctx, error)  # the step stays open: they can type a shorter one
        return
    ctx.state.clear()
    answer(ctx, str(data["memo"]), int(data["version"]), int(data["step"]), ctx.incoming.text,
           str(data["action"]))  # fmt: skip


def answer(ctx: Context, memo_id: str, version: int, step: int, comment: str, action: str) -> None:
    """Record the step's answer once (atomically, audited), then pass the memo on."""
    org = ctx.person.org_id
    channel = ctx.incoming.identity.platform
    decide = acknowledge if action == "ack" else send_back
    try:
        memo, ack = memos_of(ctx).change(
            org, memo_id,
            lambda m: vars(decide(m, step, version, ctx.person, comment, channel, ctx.now)),
            ctx.person.id, f"memo_{action}", ctx.now,
        )  # fmt: skip
    except MemoError as error:
        refuse(ctx, error)
        return
    period = period_label(memo, ctx.lang)
    if memo.status == "returned":
        ctx.say(ctx.t("memo.returned"))
        writer = ctx.store.get_person(org, memo.writer)
        if writer is not None:
            text = ctx.t("memo.to_secretary_returned", period=period, name=ctx.person.name,
                         comment=ack["comment"])  # fmt: skip
            push_later(ctx, writer.id, [Text(text)])
        return
    ctx.say(ctx.t("memo.acked", comment=ack["comment"]))
    if memo.status == "complete":
        ctx.say(ctx.t("memo.acked_last"))
        writer = ctx.store.get_person(org, memo.writer)
        if writer is not None:
            text = ctx.t("memo.to_secretary_complete", period=period)
            push_later(ctx, writer.id, [Text(text), pdf_of(ctx, memo, writer.language)])
        return
    following = memo.chain[memo.pending_step() or 0]
    person = ctx.store.get_person(org, following.person)
    if person is not None:
        push_later(ctx, person.id, card_replies(ctx, memo, person))
        ctx.say(ctx.t("memo.acked_next", role=following.role, name=person.name))


@router.choice("memofile")
def memo_file(ctx: Context, memo_id: str) -> None:
    """Send the memo's PDF to the secretary or a person of its chain."""
    memo = memos_of(ctx).get(ctx.person.org_id, memo_id)
    if memo is None or not (
        may_send(ctx.person) or any(s.person == ctx.person.id for s in memo.chain)
    ):
        ctx.say(ctx.t("memo.unknown"))
        return
    ctx.replies.append(pdf_of(ctx, memo, ctx.lang))


router.conversation({COMMENT: typed_comment})
