"""Previewing an organisation's reminders from the store, and the push counts."""

from __future__ import annotations

from datetime import date

import pytest

from bot.demo import ensure_demo
from bot.domain.thai import fiscal_year_range
from bot.reminders.preview import (
    naive_push_count,
    plan_org,
    preview_command,
    pushes_per_month,
    pushes_per_person_month,
)
from bot.store.policies import PolicyStore
from bot.store.redis_store import RedisStore

pytestmark = pytest.mark.store


@pytest.fixture()
def demo(store: RedisStore) -> str:
    org_id = ensure_demo(store, date(2022, 10, 1))
    assert org_id
    return org_id


def test_preview_command_reads_thai_dates(store: RedisStore, demo: str) -> None:
    rows = preview_command(store, demo, "1 มี.ค. 2566", "2023-03-31")
    assert rows
    first = rows[0]
    assert set(first) >= {"at", "person", "platform", "kinds", "measures"}
    assert all(
        row["at"].endswith("+07:00") and "08:30" <= row["at"][11:16] < "09:30" for row in rows
    )
    assert all(row["at"][:7] == "2023-03" for row in rows)
    assert {row["platform"] for row in rows} == {"simulator"}
    with pytest.raises(ValueError, match="ช่วงวันที่ไม่ถูกต้อง"):
        preview_command(store, demo, "31 มี.ค. 66", "1 มี.ค. 66")


def test_preview_prefers_line_then_telegram(store: RedisStore, demo: str) -> None:
    secretary = store.get_person(demo, "p_secretary")
    chief = store.get_person(demo, "p_chief")
    assert secretary and chief
    secretary.chat_ids["telegram"], chief.chat_ids["telegram"] = "42", "43"
    chief.chat_ids["line"] = "U" + "0" * 32
    store.save_person(secretary)
    store.save_person(chief)
    rows = preview_command(store, demo, "2023-01-01", "2023-06-30")
    platforms = {row["person"]: row["platform"] for row in rows}
    assert platforms["p_secretary"] == "telegram"
    assert platforms["p_chief"] == "line"
    assert platforms["p_staff1"] == "simulator"


def test_absence_and_holidays_from_the_policy_store(store: RedisStore, demo: str) -> None:
    policies = PolicyStore(store.r)
    policies.set_absence(demo, "p_staff1", date(2023, 3, 31))
    policies.add_holiday(demo, date(2023, 3, 24), "งานประจำปี")
    rows = preview_command(store, demo, "2023-03-01", "2023-04-30")
    assert not [r for r in rows if r["person"] == "p_staff1" and r["at"] < "2023-04-01"]
    assert not [r for r in rows if r["at"].startswith("2023-03-24")]


def test_demo_fiscal_year_stays_far_below_the_line_quota(store: RedisStore, demo: str) -> None:
    messages = plan_org(store, demo, *fiscal_year_range(2566), PolicyStore(store.r))
    per_person = pushes_per_person_month(messages)
    assert max(per_person.values()) <= 30  # LINE's free plan: 300 pushes a month
    assert max(pushes_per_month(messages).values()) < 300
    assert naive_push_count(messages) > 2 * len(messages)
    done_numbers = {9}  # the demo reports measure 9 done
    assert not done_numbers & {i.number for m in messages for i in m.items}
