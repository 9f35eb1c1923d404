"""The local chat simulator: personas talk to the same core; pushes arrive live."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from bot.app.config import Config
from bot.chat.messages import DOWNLOAD_LIMIT, Attachment, Card, File, Image, Reply, Text, TooLarge
from bot.domain.model import Person, chat_address, split_address
from bot.platforms.base import Event, InviteWay, Refused
from bot.platforms.card_html import card_html
from bot.store.redis_store import RedisStore
from bot.store.simulator import SimulatorOutbox

PLATFORM = "simulator"  # its name in the registry, in identities and in Person.chat_ids


def persona_of(person: Person) -> tuple[str, str] | None:
    """Return the persona id and the channel id ("" = the default) a person chats on here."""
    for address, user in person.identities():
        platform, channel = split_address(address)
        if platform == PLATFORM:
            return user, channel
    return None


def reply_json(reply: Reply) -> dict[str, Any]:
    """Turn a reply into JSON for the simulator page (a card as its HTML view)."""
    if isinstance(reply, Card):
        options = [asdict(o) for o in reply.options]
        return {"type": "card", "alt_text": reply.alt_text, "html": card_html(reply),
                "options": options}  # fmt: skip
    kind = {Text: "text", Image: "image", File: "file"}[type(reply)]
    return {"type": kind, **asdict(reply)}


class SimulatorPlatform:
    """Delivers pushed messages to simulator personas through Redis (any worker can serve).

    Its "webhook" is the simulator page (``bot.web.simulator_page``), which hands messages
    to the core itself; it is reached last, after every real chat a person has.
    """

    name = PLATFORM
    has_webhook = False
    is_metered = False
    is_simulated = True

    def __init__(self, config: Config, store: RedisStore, channel: str = "") -> None:
        self.channel = channel
        self.address = chat_address(PLATFORM, channel)
        self.outbox: SimulatorOutbox = store.simulator
        self.uploads = config.data_dir / "uploads"

    def is_configured(self) -> bool:
        """Always: the simulator needs no credentials."""
        return True

    def read_webhook(self, headers: Mapping[str, str], body: bytes) -> list[Event]:
        """The simulator has no webhook: its page talks to the core."""
        raise Refused(404, "no webhook")

    def begin(self, event: Event, is_slow: bool) -> None:
        """Nothing to acknowledge: the page waits for the answer."""

    def answer(self, event: Event, replies: Sequence[Reply]) -> None:
        """Nothing to do: the page takes the replies from its own request."""

    def push_replies(self, user_id: str, replies: Sequence[Reply], retry_key: str) -> bool:
        """Queue replies for a persona's pages."""
        self.push(user_id, list(replies))
        return True

    def quota(self) -> tuple[int | None, int]:
        """No quota: (unlimited, none used)."""
        return None, 0

    def sync_menus(self, person: Person) -> None:
        """Nothing to do: the page shows every choice as a button."""

    @staticmethod
    def channel_config(config: Config, secret: str, token: str) -> Config:
        """The simulator has no credentials: the config as it is."""
        return config

    @staticmethod
    def invite_way(
        config: Config, code: str, lang: str = "th", account: str = ""
    ) -> InviteWay | None:
        """None: a persona joins by typing the code."""
        return None

    def push(self, user_id: str, replies: list[Reply]) -> None:
        """Queue replies for a persona and wake its open pages.

        Each reply names the channel it came out on ("" = the default): a demo
        organisation's pushes come from its own simulated OA.
        """
        shown = [{**reply_json(r), "channel": self.channel} for r in replies]
        payload = json.dumps(shown, ensure_ascii=False)
        self.outbox.push(user_id, payload)

    def pushed_since(self, user_id: str, index: int) -> tuple[list[Any], int]:
        """Return the pushes after the first ``index`` ever sent, and the new count."""
        total, items = self.outbox.pushed(user_id)
        first = total - len(items)  # the outbox keeps only the last OUTBOX_KEEP pushes
        fresh = items[max(index - first, 0) :]
        return [json.loads(i) for i in fresh], total

    def unseen_from(self, user_id: str) -> int:
        """Return where a newly opened page starts: after the pushes a page has shown."""
        return self.outbox.seen(user_id)

    def mark_seen(self, user_id: str, index: int) -> None:
        """Remember that a page has shown the pushes up to index."""
        self.outbox.mark_seen(user_id, index)

    def save_upload(self, name: str, data: bytes, mime: str) -> Attachment:
        """Keep an uploaded file until the evidence fetcher takes it."""
        upload_id = secrets.token_hex(8)
        self.uploads.mkdir(parents=True, exist_ok=True)
        (self.uploads / upload_id).write_bytes(data)
        return Attachment(platform_ref=upload_id, file_name=name, mime_type=mime, size=len(data))

    def fetch(self, attachment: Attachment, max_bytes: int = DOWNLOAD_LIMIT) -> bytes:
        """Return an uploaded file's bytes (the simulator's "platform download")."""
        ref = attachment.platform_ref
        if not ref.isalnum():
            raise FileNotFoundError(ref)
        path = self.uploads / ref
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLarge(size, max_bytes)
        return path.read_bytes()
