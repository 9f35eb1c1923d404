"""What was pushed to simulator personas: a short outbox each, a count, a "seen" mark, and
a pub/sub channel that wakes the open pages."""

from __future__ import annotations

import redis

from bot.store import keys as k
from bot.store.server import follow_up

OUTBOX_KEEP = 200


class SimulatorOutbox:
    """Pushes to simulator personas, readable by any worker."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def push(self, user_id: str, payload: str) -> None:
        """Queue a push (JSON) for a persona and wake its open pages, in one transaction."""
        with self.r.pipeline() as pipe:
            pipe.rpush(k.SIM_OUTBOX.format(user=user_id), payload)
            pipe.ltrim(k.SIM_OUTBOX.format(user=user_id), -OUTBOX_KEEP, -1)
            pipe.incr(k.SIM_PUSHED.format(user=user_id))
            # A wake-up, not data: after the commit (cluster MULTIs refuse keyless commands).
            channel = k.SIM_CHANNEL.format(user=user_id)
            follow_up(pipe, lambda client: client.publish(channel, "1"))
            pipe.execute()

    def pushed(self, user_id: str) -> tuple[int, list[bytes]]:
        """Return how many pushes the persona ever had, and the last ones kept."""
        with self.r.pipeline() as pipe:
            pipe.get(k.SIM_PUSHED.format(user=user_id))
            pipe.lrange(k.SIM_OUTBOX.format(user=user_id), 0, -1)
            total_raw, items = pipe.execute()
        return int(total_raw or 0), items

    def seen(self, user_id: str) -> int:
        """Return how many pushes a page has shown the persona."""
        return int(self.r.get(k.SIM_SEEN.format(user=user_id)) or 0)

    def mark_seen(self, user_id: str, index: int) -> None:
        """Remember that a page has shown the pushes up to index."""
        self.r.set(k.SIM_SEEN.format(user=user_id), index)

    def wakeups(self, user_id: str) -> Wakeups:
        """Subscribe to the persona's pushes (close the result when done)."""
        return Wakeups(self.r, user_id)


class Wakeups:
    """A subscription that says when a push arrived for one persona."""

    def __init__(self, client: redis.Redis, user_id: str) -> None:
        self.pubsub = client.pubsub(ignore_subscribe_messages=True)
        self.pubsub.subscribe(k.SIM_CHANNEL.format(user=user_id))

    def wait(self, timeout: float) -> bool:
        """Wait up to timeout seconds; whether a push arrived."""
        return self.pubsub.get_message(timeout=timeout) is not None

    def close(self) -> None:
        """End the subscription."""
        self.pubsub.close()
