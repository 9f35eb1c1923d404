"""The dashboard's reminders page says what was sent as sent (issue 13 defect 7)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from bot.domain.thai import BANGKOK, today_bangkok
from bot.reminders.preview import plan_org
from bot.store.ledger import ledger_entry
from bot.store.policies import PolicyStore
from bot.store.redis_store import RedisStore
from tests.dashboard_helpers import make_world, sign_in

pytestmark = pytest.mark.store


def test_a_sent_reminder_shows_as_sent(store: RedisStore, tmp_path: Path) -> None:
    world = make_world(store, tmp_path)
    client: FlaskClient = world.app.test_client()
    sign_in(client, world, "secretary")
    today = today_bangkok()
    planned = plan_org(store, "demo", today, today + timedelta(days=30), PolicyStore(store.r))
    assert planned
    first = planned[0]
    day = first.at.astimezone(BANGKOK).date().isoformat()
    before = client.get("/dash/reminders").text
    assert "ส่งแล้ว" not in before
    store.ledger.add(ledger_entry("demo", first.person_id, day, "-", "message"), "sent")
    after = client.get("/dash/reminders").text
    assert after.count("ส่งแล้ว") == 1 and "reminder-sent" in after
    assert isinstance(first.at, datetime)
