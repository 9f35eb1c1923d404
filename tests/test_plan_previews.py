"""Previews in Redis: any host reads them, a save happens once even when two run at once."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.demo import ensure_demo
from bot.plan.previews import (
    PreviewGone,
    cancel_preview,
    get_preview,
    preview_file,
    save_preview,
    stored_numbers,
)
from bot.store.audit import entries
from bot.store.redis_store import PlanSave, RedisStore

pytestmark = pytest.mark.store
AT = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
CSV = (
    "มาตรการ/แนวทาง,ผู้รับผิดชอบ,ระยะเวลาดำเนินการ\n"
    "มาตรการสร้างการรับรู้การใช้จ่ายงบประมาณประจำปีให้บุคลากร,กองคลัง,ต.ค. 69 - ธ.ค. 69\n"
    "มาตรการใหม่,กองช่าง,ต.ค. 69 - มี.ค. 70\n"
)


@pytest.fixture()
def plan_path(store: RedisStore, tmp_path: Path) -> Path:
    ensure_demo(store, today=date(2026, 11, 21))
    path = tmp_path / "plan.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_a_preview_round_trips_through_redis(store: RedisStore, plan_path: Path) -> None:
    person = store.get_person("demo", "p_secretary")
    assert person is not None
    preview = preview_file(store, person, plan_path, "แผน.csv")
    again = get_preview(store, "demo", preview.token)
    assert again == preview
    assert get_preview(store, "other", preview.token) is None  # another organisation's key
    assert get_preview(store, "demo", "../x") is None
    assert stored_numbers(store, "demo", preview) == [None, None]  # no assessment: new keys
    assert cancel_preview(store, "demo", preview.token)
    assert not cancel_preview(store, "demo", preview.token)
    assert get_preview(store, "demo", preview.token) is None


def test_two_simultaneous_saves_of_one_preview_save_once(
    store: RedisStore, plan_path: Path
) -> None:
    person = store.get_person("demo", "p_secretary")
    assert person is not None
    preview = preview_file(store, person, plan_path, "แผน.csv")
    count = len(store.measures("demo"))
    start = threading.Barrier(2)
    saved: list[PlanSave] = []
    refused: list[Exception] = []

    def save() -> None:
        copy = get_preview(store, "demo", preview.token)
        assert copy is not None
        start.wait()
        try:
            saved.append(save_preview(store, copy, person.id, AT))
        except PreviewGone as exc:
            refused.append(exc)

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(saved) == 1 and len(refused) == 1
    assert len(store.measures("demo")) == count + 2
    assert [e.action for e in entries(store.r, "demo")].count("import") == 1
    assert len(store.plan_versions("demo")) == 2  # the demo's import and this one
    with pytest.raises(PreviewGone):
        save_preview(store, preview, person.id, AT)
