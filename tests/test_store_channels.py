"""ChannelRecord records: sealed secrets, one-GET look-ups with a cache that changes invalidate."""

from __future__ import annotations

import pytest
import redis

from bot.chat.messages import Platform
from bot.store import keys as k
from bot.store.channel_record import (
    ChannelRecord,
    new_channel,
)
from bot.store.channels import ChannelConflictError, ChannelStore
from bot.store.sealed import SealError, SecretBox

pytestmark = pytest.mark.store

SECRET = "0123456789abcdef0123456789abcdef"
TOKEN = "line-access-token-" + "x" * 150 + "WXYZ"
TG_TOKEN = "7000000123:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"


@pytest.fixture()
def channels(redis_client: redis.Redis) -> ChannelStore:
    return ChannelStore(redis_client, SecretBox("test-secret-key"))


def line_channel(org: str = "a", bot: str = "U" + "1" * 32) -> ChannelRecord:
    return new_channel(org, Platform.LINE, SECRET, TOKEN, bot_id=bot, basic_id="@123abcde")


def test_secrets_are_sealed_at_rest_and_left_out_of_repr(
    channels: ChannelStore, redis_client: redis.Redis
) -> None:
    stored = channels.add(line_channel())
    raw = redis_client.get(k.CHANNEL.format(channel=stored.id))
    assert raw is not None and SECRET.encode() not in raw and TOKEN[-40:].encode() not in raw
    assert SECRET not in repr(stored) and TOKEN not in repr(stored)
    assert channels.get(stored.id) == stored
    other_key = ChannelStore(redis_client, SecretBox("another-key"))
    with pytest.raises(SealError):
        other_key.get(stored.id)


def test_lookup_is_one_get_and_a_change_or_removal_is_seen_at_once(
    channels: ChannelStore, redis_client: redis.Redis
) -> None:
    stored = channels.add(line_channel())
    first = channels.get(stored.id)
    assert channels.get(stored.id) is first  # cached: no second decryption
    # another process saves a new token: this one sees it on the next look-up
    elsewhere = ChannelStore(redis_client, SecretBox("test-secret-key"))
    elsewhere.add(new_channel("a", Platform.LINE, SECRET, "new-token", bot_id=stored.bot_id))
    changed = channels.get(stored.id)
    assert changed is not None and changed.token == "new-token" and changed.revision == 2
    elsewhere.remove(changed)
    assert channels.get(stored.id) is None
    assert channels.get("not a channel id") is None
    again = channels.add(line_channel())
    assert channels.get(again.id, Platform.TELEGRAM) is None  # a LINE id on Telegram's path
    assert channels.get(again.id, Platform.LINE) == again

    calls: list[tuple[object, ...]] = []
    original = redis_client.execute_command

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return original(*args, **kwargs)

    channels.get(again.id)
    redis_client.execute_command = counted  # type: ignore[method-assign]
    try:
        channels.get(again.id)
    finally:
        redis_client.execute_command = original  # type: ignore[method-assign]
    assert [c[0] for c in calls] == ["GET"]


def test_one_channel_per_platform_and_one_organisation_per_bot(channels: ChannelStore) -> None:
    first = channels.add(line_channel("a"))
    with pytest.raises(ChannelConflictError) as other_oa:
        channels.add(line_channel("a", bot="U" + "2" * 32))
    assert other_oa.value.existing.id == first.id
    with pytest.raises(ChannelConflictError) as taken:
        channels.add(line_channel("b"))  # the same OA for another organisation
    assert taken.value.existing.org_id == "a"
    telegram = channels.add(
        new_channel("a", Platform.TELEGRAM, "hook-secret", TG_TOKEN, bot_id="7000000123")
    )
    assert [c.platform for c in channels.for_org("a")] == [Platform.LINE, Platform.TELEGRAM]
    assert channels.for_bot(Platform.TELEGRAM, "7000000123") == telegram
    assert channels.for_org("b") == []


def test_remove_drops_the_record_and_its_indexes(
    channels: ChannelStore, redis_client: redis.Redis
) -> None:
    stored = channels.add(line_channel())
    channels.remove(stored)
    assert channels.for_org("a") == [] and channels.for_bot(Platform.LINE, stored.bot_id) is None
    assert list(redis_client.scan_iter("ita:*channel*")) == []
    assert channels.add(line_channel("b")).org_id == "b"  # the OA is free again
