"""The demo organisations' own (simulated) Official Accounts: one channel record each.

Issue 11 gives every organisation its own LINE OA; the demo shows it without LINE. Each
demo organisation gets a channel record on the simulator platform, sealed like any other
(its secret and token are random and unused), with the OA's name and basic id, and its
personas chat through that channel: their identity carries it, and the organisation's
pushes go out on it. The provincial viewer is no organisation's: they keep the
deployment's default channel.
"""

from __future__ import annotations

import secrets

from bot.chat.messages import Platform
from bot.domain.model import chat_address
from bot.store.channel_record import ChannelRecord, new_channel
from bot.store.channels import ChannelStore
from bot.store.redis_store import RedisStore

DEMO_ACCOUNTS = {
    "demo": ("@ita-bantuayang", "อบต.บ้านตัวอย่าง ติดตาม ITA"),
    "demo-tambon": ("@ita-thaphra", "เทศบาลตำบลท่าพระ ติดตาม ITA"),
}
"""Each demo organisation's simulated OA: its basic id and display name."""


def persona_address(channel: ChannelRecord) -> str:
    """Return the key of Person.chat_ids for a persona chatting through channel."""
    return chat_address(channel.platform.value, channel.id)


def ensure_demo_channels(store: RedisStore, channels: ChannelStore) -> dict[str, ChannelRecord]:
    """Give each loaded demo organisation its simulated OA and move its personas onto it.

    Idempotent: a stored channel is kept (the bot id makes a second ``add``, even from
    another process at the same time, land on the same record), and personas already on
    it are left alone. Returns the channels by organisation id.
    """
    found: dict[str, ChannelRecord] = {}
    for org_id, (basic_id, name) in DEMO_ACCOUNTS.items():
        if store.get_org(org_id) is None:
            continue
        channel = _simulated(channels, org_id) or channels.add(
            new_channel(
                org_id,
                Platform.SIMULATOR,
                secrets.token_urlsafe(24),  # sealed like a real one, never used
                secrets.token_urlsafe(24),
                bot_id=f"demo-{org_id}",
                basic_id=basic_id,
                name=name,
            )
        )
        found[org_id] = channel
        _move_personas(store, org_id, persona_address(channel))
    return found


def _simulated(channels: ChannelStore, org_id: str) -> ChannelRecord | None:
    return next((c for c in channels.for_org(org_id) if c.platform is Platform.SIMULATOR), None)


def _move_personas(store: RedisStore, org_id: str, address: str) -> None:
    """Put the organisation's simulator personas on the channel's address (once)."""
    default = Platform.SIMULATOR.value
    for person in store.people(org_id):
        persona = person.chat_ids.get(default)
        if not persona or person.chat_ids.get(address) == persona:
            continue
        store.unlink(person)  # the default simulator's identity stops pointing at them
        person.chat_ids.pop(default)
        person.chat_ids[address] = persona
        store.save_person(person)
