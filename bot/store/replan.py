"""Marking an organisation's reminders for planning again, with the write that shapes them.

The clock plans only the organisations marked here (and every one once a day), so a tick
costs what changed, not the number of organisations the deployment serves.
"""

from __future__ import annotations

import redis

from bot.store import keys as k
from bot.store.server import follow_up


def mark_replan(pipe: redis.client.Pipeline | redis.Redis, org_id: str) -> None:
    """Queue the organisation for planning at the next tick (with the caller's pipeline).

    The mark is a shared set (``ita:{reminders}:replan``): on a cluster it follows the
    organisation's transaction instead of joining it; a crash between the two delays the
    planning to the daily pass, which plans every organisation.
    """
    follow_up(pipe, lambda client: client.sadd(k.REPLAN, org_id))
