"""Button payloads too long for a platform, kept in Redis behind a short key.

LINE postback data holds 300 characters and Telegram callback_data 64 bytes; the core's
payloads may be longer. ``shrink`` sends short data as is and parks long data under a
random key (``"~" + key``); ``expand`` brings it back when the button is tapped. A parked
list of further LINE quick replies (``"^" + key``) works the same way. Data the core
itself starts with "~" or "^" is always parked, so every payload round-trips unchanged.
"""

from __future__ import annotations

import json
import secrets

from bot.chat.messages import Option
from bot.platforms.limits import Measure, utf8_len
from bot.store.payloads import PayloadRecords

TTL_SECONDS = 30 * 24 * 3600
LONG = "~"
MORE = "^"
EXPIRED = ""  # Incoming.data of a CHOICE whose parked payload is gone: the core says so


class PayloadStore:
    """Short keys for long button payloads, on Redis with a 30-day TTL."""

    def __init__(
        self, records: PayloadRecords, ttl_seconds: int = TTL_SECONDS, channel: str = ""
    ) -> None:
        self.records = records
        self.ttl_seconds = ttl_seconds
        # Parked under the channel's name too: a key shown on one channel means nothing on
        # another (the default channel keeps the bare keys it always had).
        self.scope = f"{channel}/" if channel else ""

    def _park(self, prefix: str, value: dict[str, object]) -> str:
        key = secrets.token_urlsafe(8)  # 11 characters, 64 random bits
        encoded = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        self.records.park(self.scope + key, encoded, self.ttl_seconds)
        return prefix + key

    def _load(self, data: str) -> dict[str, object] | None:
        raw = self.records.load(self.scope + data[1:])
        if raw is None:
            return None
        value = json.loads(raw)
        return value if isinstance(value, dict) else None

    def shrink(self, data: str, max_bytes: int, measure: Measure = utf8_len) -> str:
        """Return data itself if it fits in max_bytes (by measure), else a short key to it."""
        if data and measure(data) <= max_bytes and not data.startswith((LONG, MORE)):
            return data
        return self._park(LONG, {"data": data})

    def expand(self, data: str) -> str | None:
        """Return the payload behind data (data itself if it was short), None if expired."""
        if not data.startswith(LONG):
            return data
        value = self._load(data)
        payload = value.get("data") if value else None
        return payload if isinstance(payload, str) else None

    def park_options(self, text: str, options: list[Option]) -> str:
        """Park further choices (the next page of quick replies) and return their key."""
        return self._park(MORE, {"text": text, "options": [[o.label, o.data] for o in options]})

    def is_parked_options(self, data: str) -> bool:
        """Tell whether data is the key of parked choices."""
        return data.startswith(MORE)

    def parked_options(self, data: str) -> tuple[str, list[Option]] | None:
        """Return the text and choices parked under data, None if expired."""
        value = self._load(data)
        raw = value.get("options") if value else None
        if value is None or not isinstance(raw, list):
            return None
        options = [Option(str(label), str(payload)) for label, payload in raw]
        return str(value.get("text", "")), options
