from datetime import UTC, datetime

import pytest
import redis

from bot.store.audit import entries, record

pytestmark = pytest.mark.store


def test_audit_entries_newest_first_with_before_after(redis_client: redis.Redis) -> None:
    at = datetime(2026, 11, 21, 3, tzinfo=UTC)
    record(
        redis_client,
        "demo",
        "p_secretary",
        "edit",
        "measure 12",
        {"end": "2027-03-31"},
        {"end": "2027-04-30"},
        at=at,
    )
    with redis_client.pipeline() as pipe:
        record(pipe, "demo", "cli", "invite", "กองคลัง", None, {"role": "staff"}, at=at)
        pipe.execute()
    got = entries(redis_client, "demo")
    assert [e.action for e in got] == ["invite", "edit"]
    assert got[1].before == {"end": "2027-03-31"} and got[1].after == {"end": "2027-04-30"}
    assert got[1].at == at and entries(redis_client, "other") == []
