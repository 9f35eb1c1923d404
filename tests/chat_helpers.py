"""A tiny driver for talking to the chat core as a person would."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.chat.core import ChatCore
from bot.chat.messages import Attachment, Identity, Incoming, Kind, Option, Reply, Text


@dataclass
class Talker:
    """One person's chat with the core, remembering the last choices offered."""

    core: ChatCore
    user_id: str
    platform: str = "simulator"
    last: list[Reply] = field(default_factory=list)

    @property
    def identity(self) -> Identity:
        return Identity(self.platform, self.user_id)

    def send(self, text: str) -> str:
        return self._do(Incoming(self.identity, Kind.TEXT, text=text, display_name="ทดสอบ"))

    def tap(self, label_or_data: str) -> str:
        options = self.options()
        match = [o for o in options if label_or_data in (o.label, o.data)]
        data = match[0].data if match else label_or_data
        return self._do(Incoming(self.identity, Kind.CHOICE, data=data))

    def attach(self, ref: str, name: str = "", kind: Kind = Kind.FILE, size: int = 100) -> str:
        att = Attachment(platform_ref=ref, file_name=name, size=size)
        return self._do(Incoming(self.identity, kind, attachment=att))

    def options(self) -> list[Option]:
        return [o for r in self.last if isinstance(r, Text) for o in r.options]

    def _do(self, incoming: Incoming) -> str:
        self.last = self.core.handle(incoming)
        return "\n".join(r.text for r in self.last if isinstance(r, Text))
