"""Marking an organisation's reminders for planning again, with the write that shapes them.

The clock plans only the organisations marked here (and every one once a day), so a tick
costs what changed, not the number of organisations the deployment serves.
"""

from __future__ import annotations

import redis

from bot.store import keys as k


def mark_replan(pipe: redis.client.Pipeline | redis.Redis, org_id: str) -> None:
    """Queue the organisation for planning at the next tick (in the caller's pipeline)."""
    pipe.sadd(k.REPLAN, org_id)
