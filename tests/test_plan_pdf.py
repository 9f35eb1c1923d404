"""Plans exported to PDF import like their Word files; PDF text artefacts are repaired."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdfium2
import pytest

from bot.domain.divisions import default_divisions
from bot.domain.model import Organisation
from bot.plan.pdf_text import repair_thai
from bot.plan.rows import PlanImportError, to_cli_json
from bot.plan.service import import_plan_file, read_plan_file
from bot.store.redis_store import RedisStore
from tests.conftest import SHARED, redis_snapshot

SAMPLES = SHARED / "samples"
PDFS = sorted(SAMPLES.glob("*.pdf"))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(not PDFS, reason="sample plans not available")
@pytest.mark.parametrize("sample", PDFS, ids=lambda p: p.stem)
def test_sample_pdf_imports_like_its_word_file(sample: Path) -> None:
    expected = json.loads((SAMPLES / "expected" / f"{sample.stem}.json").read_text("utf-8"))
    org = Organisation(id="o", name="o", divisions=default_divisions())
    from_pdf = to_cli_json(read_plan_file(sample, org))["measures"]
    from_docx = to_cli_json(read_plan_file(sample.with_suffix(".docx"), org))["measures"]
    assert len(from_pdf) == len(expected["measures"])
    for number, (got, want) in enumerate(zip(from_pdf, expected["measures"], strict=True), 1):
        where = f"measure {number}: {got['title'][:40]!r}"
        assert got["title"].startswith(want["title_prefix"]), where
        for key in ("divisions", "start", "end", "assessment", "indicator", "item", "status"):
            if key in want:
                assert got[key] == want[key], f"{where} {key}"
    for got, docx in zip(from_pdf, from_docx, strict=True):
        for key in ("divisions", "start", "end", "status", "assessment", "indicator", "item"):
            assert got[key] == docx[key]
        # Where a Word paragraph wrapped is not in the PDF; every letter is.
        assert _squeeze(got["title"]) == _squeeze(docx["title"])
        assert _squeeze(got["method"]) == _squeeze(docx["method"])


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("ดำาเนินการ", "ดำเนินการ"),
        ("ดําเนินการ", "ดำเนินการ"),
        ("ตำ่าสุด", "ต่ำสุด"),
        ("ความร้่", "ความรู้"),
        ("ผ้่รับผิดชอบ", "ผู้รับผิดชอบ"),
        ("อย่่ในระดับ", "อยู่ในระดับ"),
        ("วันท่ี", "วันที่"),
        ("ประเด็นที1", "ประเด็นที่"),
        ("ท้องถิ ่น", "ท้องถิ่น"),
        ("\uf70f\uf70a", "ญ่"),
        ("ประเด็นที่ 1.2 แม่", "ประเด็นที่ 1.2 แม่"),
    ],
)
def test_thai_pdf_artefacts_are_repaired(broken: str, fixed: str) -> None:
    assert repair_thai(broken) == fixed


def test_sara_uu_mapped_to_mai_ek_is_read_from_the_glyph_outline() -> None:
    org = Organisation(id="o", name="o", divisions=default_divisions())
    plan = read_plan_file(SAMPLES / "004_fde45979d28568a4.pdf", org)
    text = " ".join(m.title + m.method for m in plan.measures)
    assert "ข้อมูล" in text and "ข้อม่ล" not in text


def _blank_pdf(path: Path) -> Path:
    pdf = pypdfium2.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.save(str(path))
    return path


@pytest.mark.store
def test_scanned_corrupt_and_encrypted_pdfs_are_refused_and_nothing_is_stored(
    store: RedisStore, org: Organisation, tmp_path: Path
) -> None:
    before = redis_snapshot(store.r)
    scanned = _blank_pdf(tmp_path / "a.pdf")
    with pytest.raises(PlanImportError) as err:
        import_plan_file(store, org.id, scanned, name="แผนสแกน.pdf")
    assert err.value.code == "pdf_no_text" and "แผนสแกน.pdf" in err.value.message
    assert "สแกน" in err.value.message
    cut = tmp_path / "b.pdf"
    cut.write_bytes((SAMPLES / "000_ab745d36da9381e7.pdf").read_bytes()[:3000])
    with pytest.raises(PlanImportError) as err:
        import_plan_file(store, org.id, cut, name="แผน.pdf")
    assert err.value.code in ("unreadable_pdf", "pdf_no_text")
    locked = tmp_path / "c.pdf"
    locked.write_bytes(_encrypted_pdf())
    with pytest.raises(PlanImportError) as err:
        import_plan_file(store, org.id, locked, name="แผนล็อก.pdf")
    assert err.value.code == "encrypted_pdf" and "รหัสผ่าน" in err.value.message
    assert redis_snapshot(store.r) == before


def _encrypted_pdf() -> bytes:
    """A one-page PDF whose standard security handler needs a password we do not have."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + b"41" * 32
        + b"> /U <"
        + b"42" * 32
        + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<01><01>] >>\n" % (
        len(objects) + 1
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
