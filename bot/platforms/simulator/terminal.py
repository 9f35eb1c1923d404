"""`python -m bot chat`: the simulator in a terminal."""

from __future__ import annotations

import sys

from bot.app.config import Config
from bot.chat.core import ChatCore
from bot.chat.messages import Identity, Incoming, Kind, Option, Reply, Text
from bot.platforms.simulator.platform import PLATFORM
from bot.store.redis_store import RedisStore
from bot.texts import t


def _show(replies: list[Reply]) -> list[Option]:
    options: list[Option] = []
    for reply in replies:
        text = reply.text if isinstance(reply, Text) else getattr(reply, "alt_text", "")
        print(f"\n🤖 {text or getattr(reply, 'url', '')}")
        for option in getattr(reply, "options", ()):
            options.append(option)
            print(f"   [{len(options)}] {option.label}")
    return options


def run_terminal_chat(store: RedisStore, config: Config, org_id: str, who: str) -> int:
    """Read lines from stdin as one person and print the bot's answers."""
    people = store.people(org_id)
    person = next((p for p in people if who in (p.id, p.name, p.chat_id(PLATFORM))), None)
    if person is None:
        names = ", ".join(f"{p.id} ({p.name})" for p in people)
        print(t("cli.no_person", person=who, names=names), file=sys.stderr)
        return 1
    user = person.chat_id(PLATFORM)
    if not user:
        user = person.chat_ids[PLATFORM] = person.id
        store.save_person(person)
    core = ChatCore(store, config)
    identity = Identity(PLATFORM, user)
    print(t("cli.chat_intro", person.language, name=person.name))
    options = _show(core.handle(Incoming(identity, Kind.TEXT, text="ช่วยเหลือ")))
    for line in sys.stdin:
        text = line.strip()
        if text in {"/quit", "/exit"}:
            break
        if text.isdigit() and 1 <= int(text) <= len(options):
            incoming = Incoming(identity, Kind.CHOICE, data=options[int(text) - 1].data)
        else:
            incoming = Incoming(identity, Kind.TEXT, text=text)
        options = _show(core.handle(incoming))
    return 0
