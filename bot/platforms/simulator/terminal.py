"""`python -m bot chat`: the simulator in a terminal."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from bot.chat.messages import Identity, Incoming, Kind, Option, Reply, Text
from bot.domain.model import Person
from bot.platforms.simulator.platform import PLATFORM, persona_of
from bot.texts import t

if TYPE_CHECKING:  # handed in by the CLI
    from bot.app.runtime import Runtime


def _show(replies: list[Reply]) -> list[Option]:
    options: list[Option] = []
    for reply in replies:
        text = reply.text if isinstance(reply, Text) else getattr(reply, "alt_text", "")
        print(f"\n🤖 {text or getattr(reply, 'url', '')}")
        for option in getattr(reply, "options", ()):
            options.append(option)
            print(f"   [{len(options)}] {option.label}")
    return options


def _persona(person: Person) -> str:
    found = persona_of(person)
    return found[0] if found else ""


def run_terminal_chat(runtime: Runtime, org_id: str, who: str) -> int:
    """Read lines from stdin as one person and print the bot's answers."""
    store, core = runtime.store, runtime.core
    people = store.people(org_id)
    person = next((p for p in people if who in (p.id, p.name, _persona(p))), None)
    if person is None:
        names = ", ".join(f"{p.id} ({p.name})" for p in people)
        print(t("cli.no_person", person=who, names=names), file=sys.stderr)
        return 1
    # A demo persona chats through their organisation's simulated OA; others the default.
    user, channel = persona_of(person) or (person.id, "")
    if channel == "" and not person.chat_id(PLATFORM):
        person.chat_ids[PLATFORM] = user
        store.save_person(person)
    identity = Identity(PLATFORM, user, channel=channel)
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
