"""JSON codec of model objects: values that are falsy but meaningful survive a round trip."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.model import Measure, Report, Role, Status
from bot.store.codec import (
    dump_measure,
    dump_person,
    dump_report,
    load_measure,
    load_person,
    load_report,
)


def test_zero_percent_is_kept() -> None:
    report = Report(
        id="r1",
        measure_id="m1",
        status=Status.IN_PROGRESS,
        at=datetime(2026, 11, 21, 3, 0, tzinfo=UTC),
        person_id="p1",
        channel="line",
        percent=0,
    )
    assert load_report(dump_report(report)).percent == 0
    assert load_report(dump_report(report)) == report


def test_zero_and_false_fields_of_a_measure_are_kept() -> None:
    measure = Measure(id="m1", number=0, title="ทดสอบ", indicator=0, timeframe_defaulted=False)
    raw = dump_measure(measure)
    assert '"indicator":0' in raw and '"number":0' in raw
    assert load_measure(raw) == measure


def test_empty_values_are_still_left_out() -> None:
    raw = dump_measure(Measure(id="m1", number=3, title="ทดสอบ"))
    assert '"method"' not in raw and '"divisions"' not in raw and '"item"' not in raw


# A person as the code before the adapters' registry stored it (bot/store/codec.py's
# dump_person then): one field per platform, Telegram's id a number, Thai left out.
LEGACY_PERSON = (
    '{"id":"p_staff1","org_id":"demo","name":"นางสาวสมใจ ใจดี","roles":["staff"],'
    '"division":"กองคลัง","line_user_id":"U0123456789abcdef0123456789abcdef",'
    '"telegram_user_id":777001,"simulator_id":"p_staff1"}'
)


def test_a_person_stored_with_a_field_per_platform_loads_as_a_mapping() -> None:
    person = load_person(LEGACY_PERSON)
    assert person.chat_ids == {
        "line": "U0123456789abcdef0123456789abcdef",
        "telegram": "777001",
        "simulator": "p_staff1",
    }
    assert person.identities() == list(person.chat_ids.items())
    assert (person.name, person.roles, person.language) == ("นางสาวสมใจ ใจดี", [Role.STAFF], "th")
    again = dump_person(person)
    assert '"chats":{"line":"U0123456789abcdef0123456789abcdef"' in again
    assert "line_user_id" not in again and "telegram_user_id" not in again
    assert load_person(again) == person


def test_a_legacy_person_without_chats_has_no_identity() -> None:
    raw = '{"id":"p1","org_id":"demo","name":"ก","line_user_id":"","telegram_user_id":null}'
    assert load_person(raw).chat_ids == {} and load_person(raw).identities() == []
    assert '"chats"' not in dump_person(load_person(raw))
