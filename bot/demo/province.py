"""The demo's province: a second organisation (a เทศบาลตำบล) and a provincial viewer.

Both demo organisations are in ขอนแก่น, so the viewer's `สรุปจังหวัด` and the province
page show them side by side. The second one has its own plan variant (fewer measures,
a public health division the อบต. does not have) and its own personas.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from bot.demo import DEMO_PROVINCE, demo_plan_text, import_demo_plan
from bot.domain.divisions import default_divisions
from bot.domain.model import Division, Organisation, Person, Report, Role, Status
from bot.domain.province import province_scope
from bot.domain.thai import BANGKOK
from bot.store.redis_store import RedisStore, new_id

TAMBON_ORG = "demo-tambon"
TAMBON_PLAN = Path(__file__).with_name("plan_tambon.csv")
VIEWER_ID = "p_province"


def tambon_org() -> Organisation:
    """Return the second demo organisation: a เทศบาลตำบล of the same province."""
    return Organisation(
        id=TAMBON_ORG,
        name="เทศบาลตำบลท่าพระ",
        divisions=[*default_divisions(), Division("กองสาธารณสุขและสิ่งแวดล้อม")],
        province=DEMO_PROVINCE,
        district="เมืองขอนแก่น",
    )


def tambon_people(org_id: str) -> list[Person]:
    """Return the second organisation's personas (their own simulator ids)."""
    return [
        Person("t_secretary", org_id, "นางสาวเลขา เทศบาลท่าพระ", [Role.SECRETARY]),
        Person("t_chief", org_id, "นายปลัด เทศบาลท่าพระ", [Role.CHIEF]),
        Person("t_staff1", org_id, "เจ้าหน้าที่สำนักปลัดเทศบาล", [Role.STAFF], "สำนักปลัด"),
        Person("t_staff2", org_id, "เจ้าหน้าที่กองคลังเทศบาล", [Role.STAFF], "กองคลัง"),
        Person(
            "t_staff3",
            org_id,
            "เจ้าหน้าที่กองสาธารณสุขฯ",
            [Role.STAFF],
            "กองสาธารณสุขและสิ่งแวดล้อม",
        ),
    ]


def province_viewer() -> Person:
    """Return the demo's provincial viewer, who follows every organisation of ขอนแก่น."""
    return Person(VIEWER_ID, province_scope(DEMO_PROVINCE), "นายติดตาม ระดับจังหวัด", [Role.PROVINCE])


def load_province_demo(store: RedisStore, today: date, reset: bool = False) -> str | None:
    """Load the second organisation when missing (again with reset) and the viewer.

    Returns the second organisation's id when it was loaded now.
    """
    viewer = province_viewer()
    viewer.chat_ids["simulator"] = viewer.id
    store.save_person(viewer)  # the same record each time: loading twice changes nothing
    if reset:
        store.delete_org(TAMBON_ORG)
    elif store.get_org(TAMBON_ORG) is not None:
        return None
    org = tambon_org()
    store.create_org(org)
    measures = import_demo_plan(store, org.id, demo_plan_text(today, TAMBON_PLAN))
    for person in tambon_people(org.id):
        person.chat_ids["simulator"] = person.id
        store.save_person(person)
    morning = datetime.combine(today, time(9, 30), tzinfo=BANGKOK)
    samples = [
        (0, Status.DONE, 100, "จัดทำผังขั้นตอนการให้บริการแล้ว"),
        (1, Status.DONE, 100, "เผยแพร่แผนการใช้จ่ายงบประมาณแล้ว"),
        (6, Status.IN_PROGRESS, 50, "อยู่ระหว่างปรับปรุงโครงสร้างบนเว็บไซต์"),
    ]
    for index, status, percent, text in samples:
        if index < len(measures):
            report = Report(
                new_id("r"), measures[index].id, status, morning - timedelta(days=2),
                "t_staff1", "simulator", percent=percent, text=text,
            )  # fmt: skip
            store.add_report(org.id, report)
    return org.id
