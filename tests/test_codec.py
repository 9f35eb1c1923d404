"""JSON codec of model objects: values that are falsy but meaningful survive a round trip."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.model import Channel, Measure, Report, Status
from bot.store.codec import dump_measure, dump_report, load_measure, load_report


def test_zero_percent_is_kept() -> None:
    report = Report(
        id="r1",
        measure_id="m1",
        status=Status.IN_PROGRESS,
        at=datetime(2026, 11, 21, 3, 0, tzinfo=UTC),
        person_id="p1",
        channel=Channel.LINE,
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
