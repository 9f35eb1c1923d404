"""The demo organisation that `make run` loads into an empty store."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bot.demo.channels import ensure_demo_channels
from bot.domain.clock import Now, today_in_bangkok, utc_now
from bot.domain.divisions import default_divisions
from bot.domain.model import Measure, Organisation, Person, Report, Role, Status
from bot.domain.thai import BANGKOK, fiscal_year_of
from bot.memo.chain import default_position
from bot.memo.model import ChainStep, MemoSettings
from bot.plan.service import import_plan_file
from bot.store.channels import ChannelStore
from bot.store.redis_store import RedisStore, new_id

DEMO_ORG = "demo"
PLAN = Path(__file__).with_name("plan.csv")


DEMO_PROVINCE = "ขอนแก่น"  # the memo header's province too (MemoSettings below)


def demo_plan_text(today: date, plan: Path = PLAN) -> str:
    """Return a demo plan CSV with its timeframes placed in today's fiscal year."""
    fy = fiscal_year_of(today)
    return plan.read_text(encoding="utf-8").format(fy=fy, y0=(fy - 1) % 100, y1=fy % 100)


MEMO_CHAIN = (
    ("p_head", "นายหัวหน้า สำนักงานดี", "หัวหน้าสำนักปลัด"),
    ("p_deputy", "นางรองปลัด ช่วยงาน", "รองปลัด"),
    ("role:chief", "", "ปลัด"),
    ("p_mayor", "นายนายก บ้านตัวอย่าง", "นายก"),
)
"""The demo chain: หัวหน้าสำนักปลัด → รองปลัด → ปลัด (the chief) → นายก."""


def demo_chain(org_name: str) -> list[ChainStep]:
    """Return the demo organisation's memo chain."""
    return [ChainStep(role, pid, default_position(role, org_name)) for pid, _, role in MEMO_CHAIN]


def demo_people(org_id: str) -> list[Person]:
    """Return the demo personas: a secretary, a chief, the memo chain, staff per division."""
    people = [
        Person("p_secretary", org_id, "นางสาวเลขา ติดตามงาน", [Role.SECRETARY]),
        Person("p_chief", org_id, "นายปลัด ใจดี", [Role.CHIEF]),
    ]
    # The memo's chain (bot/memo): they only comment on and acknowledge memos, so they hold
    # no role that would add them to reminders, summaries or the dashboard.
    people += [Person(pid, org_id, name, []) for pid, name, _ in MEMO_CHAIN if name]
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


def ensure_demo(
    store: RedisStore,
    today: date | None = None,
    now: Now = utc_now,
    province: bool = False,
    channels: ChannelStore | None = None,
) -> str | None:
    """Load the demo organisation when the store has none; return its id if loaded.

    Everything is placed relative to ``today`` (else the clock's Bangkok date): the plan's
    fiscal year and the sample reports of the three days before, never the real time.
    With ``province``, a second organisation of the province and its viewer come too.
    With ``channels``, each demo organisation chats through its own simulated OA
    (``bot/demo/channels.py``), also in a store loaded before there were any.
    """
    if not store.list_orgs():
        return load_demo(store, today, now=now, province=province, channels=channels)
    if province and store.get_org(DEMO_ORG) is not None:  # a store from before the province
        from bot.demo.province import load_province_demo

        load_province_demo(store, today or today_in_bangkok(now))
    if channels is not None:
        ensure_demo_channels(store, channels)
    return None


def load_demo(
    store: RedisStore,
    today: date | None = None,
    reset: bool = False,
    now: Now = utc_now,
    province: bool = False,
    channels: ChannelStore | None = None,
) -> str | None:
    """Load the demo organisation (after removing it, with reset); None if it was there.

    With ``province``, also the province's second organisation and the provincial viewer
    (bot/demo/province.py), each loaded when missing. With ``channels``, each demo
    organisation gets its own simulated OA (kept across resets) and its personas use it.
    """
    today = today or today_in_bangkok(now)
    if province:
        from bot.demo.province import load_province_demo

        load_province_demo(store, today, reset=reset)
    if reset:
        store.delete_org(DEMO_ORG)
    elif store.get_org(DEMO_ORG) is not None:
        if channels is not None:
            ensure_demo_channels(store, channels)
        return None
    _load_org(store, today)
    if channels is not None:
        ensure_demo_channels(store, channels)
    return DEMO_ORG


def _load_org(store: RedisStore, today: date) -> None:
    """Create the demo organisation with its plan, personas, memo chain and a few reports."""
    org = Organisation(
        id=DEMO_ORG,
        name="องค์การบริหารส่วนตำบลบ้านตัวอย่าง",
        divisions=default_divisions(),
        province=DEMO_PROVINCE,
        district="บ้านฝาง",
    )
    store.create_org(org)
    measures = import_demo_plan(store, org.id, demo_plan_text(today))
    for person in demo_people(org.id):
        person.chat_ids["simulator"] = person.id
        store.save_person(person)
    # Seeded, not through the audited setters: loading the demo is not a change.
    store.memos.seed(
        org.id,
        demo_chain(org.name),
        MemoSettings(province=DEMO_PROVINCE, phone="043-000000", prefix="ขก 88801.002/"),
    )
    morning = datetime.combine(today, time(10, 0), tzinfo=BANGKOK)
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
                    morning - timedelta(days=3 - index % 3),
                    "p_staff1",
                    "simulator",
                    percent=percent,
                    text=text,
                ),
            )


def import_demo_plan(store: RedisStore, org_id: str, text: str) -> list[Measure]:
    """Import a demo plan's CSV text into an organisation; return its measures."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo-plan.csv"
        path.write_text(text, encoding="utf-8")
        outcome = import_plan_file(store, org_id, path)
    assert outcome.saved is not None
    return outcome.saved.measures
