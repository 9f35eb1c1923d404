"""The publication pack: the memo PDF, the report PDF and DOCX, the evidence and its index."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.chat.evidence import EvidenceService
from bot.demo import ensure_demo
from bot.domain.model import Report, Status
from bot.memo.pack import INDEX_COLUMNS, build_pack, pack_name
from bot.memo.service import open_memo
from bot.store import keys as k
from bot.store.memos import MemoStore
from bot.store.redis_store import RedisStore, new_id

pytestmark = pytest.mark.store
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_pack_holds_documents_evidence_and_index(store: RedisStore, tmp_path: Path) -> None:
    ensure_demo(store, today=date(2026, 11, 21))
    evidence = EvidenceService(store.evidence, tmp_path)
    measure = store.measures("demo")[3]
    photo = new_id("ev")
    key = k.org_key(k.EVIDENCE, "demo", evidence=photo)
    store.r.hset(key, mapping={"kind": "file", "state": "pending", "name": "ภาพประชุม.png"})
    evidence.store_bytes("demo", photo, PNG)
    pipe = store.r.pipeline()
    link = evidence.add_link(pipe, "demo", "https://www.example.go.th/ita/o43")
    pipe.execute()
    at = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    store.add_report("demo", Report(new_id("r"), measure.id, Status.DONE, at, "p_staff1",
                                    "line", 100, "ประชุมแล้ว", [photo, link]))  # fmt: skip
    memo = open_memo(MemoStore(store.r), "demo", "six_month", None, None, NOW)
    assert pack_name(memo) == "ITA-O43-2570-six_month-demo.zip"
    archive = zipfile.ZipFile(io.BytesIO(build_pack(store, evidence, memo, NOW)))
    names = archive.namelist()
    assert "ita-o43-memo-2570-six_month-demo.pdf" in names
    assert {"O43-report-2570-six_month-demo.pdf", "O43-report-2570-six_month-demo.docx"} <= set(
        names
    )
    inside = next(n for n in names if n.startswith("evidence/"))
    assert archive.read(inside) == PNG and inside.endswith("ภาพประชุม.png")
    index = archive.read("O43-evidence-index.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(index)))
    assert tuple(rows[0]) == INDEX_COLUMNS
    title = f"{measure.number}. {measure.title}"
    assert [title, "ภาพประชุม.png", "25 พ.ย. 2569", inside] in rows
    assert [title, "https://www.example.go.th/ita/o43", "25 พ.ย. 2569",
            "https://www.example.go.th/ita/o43"] in rows  # fmt: skip
    assert archive.read("O43-report-2570-six_month-demo.pdf").startswith(b"%PDF")
