"""Peak memory of importing hostile plan files: ZIP bombs (DOCX, XLSX) and a PDF stream bomb.

Run: .venv/bin/python bench/plan_bombs.py  (tests/test_plan_limits.py runs it too)."""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.domain.divisions import default_divisions  # noqa: E402
from bot.domain.model import Organisation  # noqa: E402
from bot.plan.rows import PlanImportError  # noqa: E402
from bot.plan.service import read_plan_file  # noqa: E402

_CHUNK = b"<w:p><w:r><w:t>" + b"A" * (1 << 20) + b"</w:t></w:r></w:p>"


def docx_bomb(path: Path, expanded: int = 1 << 30) -> Path:
    """Write a DOCX whose document.xml expands to about `expanded` bytes (streamed, low memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                b'wordprocessingml/2006/main"><w:body>'
            )
            for _ in range(expanded // len(_CHUNK)):
                part.write(_CHUNK)
            part.write(b"</w:body></w:document>")
    return path


def xlsx_big_cell(path: Path, cell_bytes: int = 512 << 20) -> Path:
    """Write an XLSX whose one shared string is `cell_bytes` long."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
            )
            block = b"B" * (1 << 20)
            for _ in range(cell_bytes // len(block)):
                part.write(block)
            part.write(b"</t></si></sst>")
    return path


def measure(kind: str) -> dict[str, object]:
    """Import one hostile file in this process; return the refusal, its time and peak memory."""
    with tempfile.TemporaryDirectory() as folder:
        names = {"docx": "bomb.docx", "xlsx": "cell.xlsx", "pdf": "bomb.pdf"}
        path = Path(folder) / names[kind]
        {"docx": docx_bomb, "xlsx": xlsx_big_cell, "pdf": pdf_bomb}[kind](path)
        size = path.stat().st_size
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        org = Organisation(id="o", name="o", divisions=default_divisions())
        tracemalloc.start()
        started = time.perf_counter()
        try:
            read_plan_file(path, org, name=path.name)
            code = "accepted"
        except PlanImportError as exc:
            code = exc.code
        seconds = time.perf_counter() - started
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "kind": kind,
        "file_kb": size // 1024,
        "refusal": code,
        "seconds": round(seconds, 3),
        "peak_python_alloc_kb": traced_peak // 1024,
        "peak_rss_mb": round(peak / 1024, 1),
        "rss_before_mb": round(before / 1024, 1),
    }


def pdf_bomb(path: Path, expanded: int = 1 << 30) -> Path:
    """Write a one-page PDF whose content stream inflates to about `expanded` bytes."""
    packer = zlib.compressobj(9)
    block = b"q Q " * (1 << 18)  # 1 MiB of harmless operators
    body = b"".join(packer.compress(block) for _ in range(expanded // len(block))) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


if __name__ == "__main__":
    kinds = sys.argv[1:] or ["docx", "xlsx", "pdf"]
    for kind in kinds:
        print(json.dumps(measure(kind)))
