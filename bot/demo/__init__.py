"""The demo organisation that `make run` loads into an empty store."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.divisions import default_divisions
from bot.model import Channel, Organisation, Person, Report, Role, Status
from bot.plan.service import import_plan_file
from bot.store.redis_store import RedisStore, new_id
from bot.thai import fiscal_year_of

DEMO_ORG = "demo"
PLAN = Path(__file__).with_name("plan.csv")


def demo_plan_text(today: date) -> str:
    """Return the demo plan CSV with its timeframes placed in today's fiscal year."""
    fy = fiscal_year_of(today)
    return PLAN.read_text(encoding="utf-8").format(fy=fy, y0=(fy - 1) % 100, y1=fy % 100)


def demo_people(org_id: str) -> list[Person]:
    """Return the demo personas: one staff member per division, a secretary, a chief."""
    people = [
        Person("p_secretary", org_id, "นางสาวเลขา ติดตามงาน", [Role.SECRETARY]),
        Person("p_chief", org_id, "นายปลัด ใจดี", [Role.CHIEF]),
    ]
    for i, division in enumerate(default_divisions(), start=1):
        people.append(
            Person(
                f"p_staff{i}",
                org_id,
                f"เจ้าหน้าที่{division.name}",
                [Role.STAFF],
                division=division.name,
            )
        )
    return people


def ensure_demo(store: RedisStore, today: date | None = None) -> str | None:
    """Load the demo organisation when the store has none; return its id if loaded."""
    if store.list_orgs():
        return None
    return load_demo(store, today)


def load_demo(store: RedisStore, today: date | None = None, reset: bool = False) -> str | None:
    """Load the demo organisation (after removing it, with reset); None if it was there."""
    if reset:
        store.delete_org(DEMO_ORG)
    elif store.get_org(DEMO_ORG) is not None:
        return None
    today = today or datetime.now(UTC).date()
    org = Organisation(
        id=DEMO_ORG, name="องค์การบริหารส่วนตำบลบ้านตัวอย่าง", divisions=default_divisions()
    )
    store.create_org(org)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo-plan.csv"
        path.write_text(demo_plan_text(today), encoding="utf-8")
        outcome = import_plan_file(store, org.id, path)
    for person in demo_people(org.id):
        person.simulator_id = person.id
        store.save_person(person)
    assert outcome.saved is not None
    measures = outcome.saved.measures
    now = datetime.now(UTC)
    # A little history so statuses and summaries have something to show.
    samples = [
        (0, Status.IN_PROGRESS, 40, "จัดทำผังขั้นตอนแล้ว อยู่ระหว่างปฐมนิเทศ"),
        (8, Status.DONE, 100, "เผยแพร่แผนผังโครงสร้างบนเว็บไซต์แล้ว"),
        (1, Status.IN_PROGRESS, 60, "เผยแพร่แผนการใช้จ่ายบนเว็บไซต์แล้ว"),
    ]
    for index, status, percent, text in samples:
        if index < len(measures):
            store.add_report(
                org.id,
                Report(
                    new_id("r"),
                    measures[index].id,
                    status,
                    now - timedelta(days=3 - index % 3),
                    "p_staff1",
                    Channel.SIMULATOR,
                    percent=percent,
                    text=text,
                ),
            )
    return org.id
