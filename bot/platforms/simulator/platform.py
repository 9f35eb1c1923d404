"""The local chat simulator: personas talk to the same core; pushes arrive live."""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict
from pathlib import Path
from typing import Any

import redis

from bot.chat.messages import DOWNLOAD_LIMIT, Attachment, Card, File, Image, Reply, Text, TooLarge
from bot.platforms.card_html import card_html
from bot.store import keys as k

OUTBOX_KEEP = 200


def reply_json(reply: Reply) -> dict[str, Any]:
    """Turn a reply into JSON for the simulator page (a card as its HTML view)."""
    if isinstance(reply, Card):
        options = [asdict(o) for o in reply.options]
        return {"type": "card", "alt_text": reply.alt_text, "html": card_html(reply),
                "options": options}  # fmt: skip
    kind = {Text: "text", Image: "image", File: "file"}[type(reply)]
    return {"type": kind, **asdict(reply)}


class SimulatorPlatform:
    """Delivers pushed messages to simulator personas through Redis (any worker can serve)."""

    def __init__(self, client: redis.Redis, data_dir: Path) -> None:
        self.r = client
        self.uploads = data_dir / "uploads"

    def push(self, user_id: str, replies: list[Reply]) -> None:
        """Queue replies for a persona and wake its open pages."""
        payload = json.dumps([reply_json(r) for r in replies], ensure_ascii=False)
        with self.r.pipeline() as pipe:
            pipe.rpush(k.SIM_OUTBOX.format(user=user_id), payload)
            pipe.ltrim(k.SIM_OUTBOX.format(user=user_id), -OUTBOX_KEEP, -1)
            pipe.incr(k.SIM_PUSHED.format(user=user_id))
            pipe.publish(k.SIM_CHANNEL.format(user=user_id), "1")
            pipe.execute()

    def pushed_since(self, user_id: str, index: int) -> tuple[list[Any], int]:
        """Return the pushes after the first ``index`` ever sent, and the new count."""
        key = k.SIM_OUTBOX.format(user=user_id)
        with self.r.pipeline() as pipe:
            pipe.get(k.SIM_PUSHED.format(user=user_id))
            pipe.lrange(key, 0, -1)
            total_raw, items = pipe.execute()
        total = int(total_raw or 0)
        first = total - len(items)  # the outbox keeps only the last OUTBOX_KEEP pushes
        fresh = items[max(index - first, 0) :]
        return [json.loads(i) for i in fresh], total

    def unseen_from(self, user_id: str) -> int:
        """Return where a newly opened page starts: after the pushes a page has shown."""
        return int(self.r.get(k.SIM_SEEN.format(user=user_id)) or 0)

    def mark_seen(self, user_id: str, index: int) -> None:
        """Remember that a page has shown the pushes up to index."""
        self.r.set(k.SIM_SEEN.format(user=user_id), index)

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
