"""Evidence files (issue 9 defects 4 and 5): size caps before and while downloading, ZIP
bombs, and files refused after download told to the person and counted nowhere."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.chat.core import ChatCore
from bot.chat.evidence import MAX_EXPANDED, container_problem
from bot.chat.messages import DOWNLOAD_LIMIT, Attachment, Identity, Incoming, Kind
from bot.demo import ensure_demo
from bot.domain.model import Role
from bot.handlers import build_router
from bot.platforms.line.platform import LinePlatform
from bot.store import keys as k
from bot.store.invites import create_invite
from bot.store.redis_store import RedisStore
from bot.summary.snapshots import SnapshotStore, summary_for
from tests.chat_helpers import Talker
from tests.fakes import FakeLineServer
from tests.platform_helpers import platform_config

pytestmark = pytest.mark.store
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok
LATER = datetime(2026, 11, 21, 4, 0, tzinfo=UTC)
PDF = b"%PDF-1.4 evidence"
EXE = b"MZ\x90\x00" + b"\0" * 64


def docx_bomb(expanded: int) -> bytes:
    """A DOCX-shaped ZIP whose document.xml inflates to expanded bytes (about 1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(expanded // len(block)):
                member.write(block)
    return out.getvalue()


@pytest.fixture()
def core(store: RedisStore, tmp_path: Path) -> ChatCore:
    ensure_demo(store, today=date(2026, 11, 21))
    return ChatCore(store, Config(data_dir=tmp_path), build_router(), clock=lambda: NOW)


def staff(core: ChatCore, user: str = "U1") -> Talker:
    invite = create_invite(core.store, "demo", Role.STAFF, division="กองคลัง", now=NOW)
    talker = Talker(core, user)
    assert "ยินดีต้อนรับ" in talker.send(invite.code)
    return talker


def test_a_renamed_program_is_refused_told_and_not_counted(core: ChatCore) -> None:
    files = {"good": PDF, "exe": EXE}
    core.evidence.fetchers["simulator"] = lambda att: files[att.platform_ref]
    talker = staff(core)
    measure = core.store.measures_of_division("demo", "กองคลัง")[0]
    talker.send(f"รายงาน {measure.number} เสร็จ เผยแพร่แล้ว")
    talker.attach("good", "คำสั่ง.pdf")
    talker.attach("exe", "report.pdf")
    answer = talker.tap("re:done")
    assert "report.pdf" in answer and "ใช้ไม่ได้" in answer
    assert "หลักฐาน 1 รายการ" not in answer  # not yet at the confirmation
    answer = talker.tap("re:done")
    assert "หลักฐาน 1 รายการ: คำสั่ง.pdf" in answer and "report.pdf" not in answer
    assert "บันทึกรายงานแล้ว" in talker.tap("rc:yes")
    report = core.store.latest_report("demo", measure.id)
    assert report is not None and len(report.evidence) == 1
    summary = summary_for(core.store, SnapshotStore(core.store.r), "demo", 2026, 11, LATER)
    assert summary["evidence_count"] == 1


def test_a_file_bigger_than_it_said_is_cut_at_the_limit(core: ChatCore) -> None:
    def stream(att: Attachment) -> bytes:  # a platform sending more than it declared
        from bot.chat.messages import read_capped

        return read_capped((b"\0" * 1024 * 1024 for _ in range(200)), DOWNLOAD_LIMIT)

    core.evidence.fetchers["simulator"] = stream
    talker = staff(core)
    measure = core.store.measures_of_division("demo", "กองคลัง")[0]
    talker.send(f"รายงาน {measure.number} เสร็จ ประชุมแล้ว")
    talker.attach("big", "scan.pdf", size=100)
    answer = talker.tap("re:done")
    assert "scan.pdf" in answer and "10 MB" in answer


def test_a_zip_bomb_docx_is_not_kept_as_evidence(core: ChatCore) -> None:
    bomb = docx_bomb(MAX_EXPANDED + 20 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024  # small on the wire
    assert container_problem(bomb) == "evidence.expands_too_far"
    core.evidence.fetchers["simulator"] = lambda att: bomb
    talker = staff(core)
    measure = core.store.measures_of_division("demo", "กองคลัง")[0]
    talker.send(f"รายงาน {measure.number} เสร็จ เผยแพร่แล้ว")
    talker.attach("bomb", "แผน.docx")
    answer = talker.tap("re:done")
    assert "แผน.docx" in answer and "100 MB" in answer
    stored = core.config.data_dir / "evidence"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))


def test_a_file_refused_after_the_report_is_explained_with_the_next_reply(
    core: ChatCore,
) -> None:
    talker = staff(core)
    measure = core.store.measures_of_division("demo", "กองคลัง")[0]
    core.evidence.fetchers["simulator"] = lambda att: PDF
    talker.send(f"รายงาน {measure.number} เสร็จ เผยแพร่แล้ว")
    talker.attach("later", "ภาพ.jpg", kind=Kind.IMAGE)
    talker.tap("re:done")
    assert "บันทึกรายงานแล้ว" in talker.tap("rc:yes")
    report = core.store.latest_report("demo", measure.id)
    assert report is not None
    # The platform's file turned out bad only on a later retry of its download.
    core.evidence.reject("demo", report.evidence[0], "evidence.bad_type")
    assert core.store.r.sismember(k.org_key(k.EVIDENCE_REJECTED, "demo"), report.evidence[0])
    assert "ภาพ.jpg" in talker.send("ช่วยเหลือ")  # rides on the free reply
    summary = summary_for(core.store, SnapshotStore(core.store.r), "demo", 2026, 11, LATER)
    assert summary["evidence_count"] == 0


def test_line_download_of_an_image_with_no_size_stops_at_the_limit(
    store: RedisStore, fake_line: FakeLineServer
) -> None:
    line = LinePlatform(platform_config(line=fake_line), store)
    huge = b"\xff\xd8\xff" + b"\0" * (50 * 1024 * 1024)
    fake_line.set_content("img-1", huge)
    tracemalloc.start()
    with pytest.raises(Exception) as caught:
        line.fetch(Attachment("img-1", "img-1.jpg", "image/jpeg"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert type(caught.value).__name__ == "TooLarge"
    assert peak < 2 * DOWNLOAD_LIMIT  # never the whole 50 MB
    small = b"\xff\xd8\xff" + b"\0" * 1000
    fake_line.set_content("img-2", small)
    assert line.fetch(Attachment("img-2", "img-2.jpg", "image/jpeg")) == small


def test_line_file_declared_too_big_is_not_downloaded(
    store: RedisStore, fake_line: FakeLineServer
) -> None:
    line = LinePlatform(platform_config(line=fake_line), store)
    before = len(fake_line.calls)
    with pytest.raises(Exception) as caught:
        line.fetch(Attachment("f-1", "big.pdf", "application/pdf", size=200 * 1024 * 1024))
    assert type(caught.value).__name__ == "TooLarge" and len(fake_line.calls) == before


def test_simulator_attachments_are_checked_like_the_others(core: ChatCore) -> None:
    incoming = Incoming(Identity("simulator", "p_staff2"), Kind.TEXT, text="ช่วยเหลือ")
    assert core.handle(incoming)
