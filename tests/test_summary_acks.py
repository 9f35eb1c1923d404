"""Acknowledging a monthly summary: once per person, however often the button is tapped."""

from __future__ import annotations

from datetime import datetime

import pytest
import redis

from bot.domain.thai import BANGKOK
from bot.store.acks import acks, record_ack

pytestmark = pytest.mark.store


def test_ack_is_recorded_once(redis_client: redis.Redis) -> None:
    first = datetime(2023, 4, 3, 9, 15, tzinfo=BANGKOK)
    later = datetime(2023, 4, 3, 9, 16, tzinfo=BANGKOK)
    assert record_ack(redis_client, "huanong", "2023-03", "chief", first) is True
    assert record_ack(redis_client, "huanong", "2023-03", "chief", later) is False
    assert record_ack(redis_client, "huanong", "2023-03", "mayor", later) is True
    assert acks(redis_client, "huanong", "2023-03") == {"chief": first, "mayor": later}
    assert acks(redis_client, "huanong", "2023-02") == {}
    assert acks(redis_client, "other", "2023-03") == {}


def test_ack_needs_an_aware_time_and_a_month(redis_client: redis.Redis) -> None:
    with pytest.raises(ValueError):
        record_ack(redis_client, "huanong", "2023-03", "chief", datetime(2023, 4, 3, 9))
    with pytest.raises(ValueError):
        record_ack(redis_client, "huanong", "March", "chief", datetime.now(BANGKOK))
