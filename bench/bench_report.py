"""Time the official report renderers on a 51-measure plan (run by hand).

    .venv/bin/python bench/bench_report.py [--repeat 3]

Target: DOCX + PDF of a 51-measure six-month report in at most 5 s on the project's
2-core machine. A 1-measure document, timed in the same run, is the baseline (fixed costs:
imports warmed up, fonts loaded, templates parsed).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.domain.model import Assessment, Measure, Organisation, Report, Status  # noqa: E402
from bot.domain.thai import BANGKOK  # noqa: E402
from bot.report.document import ReportDocument, ReportRow  # noqa: E402
from bot.report.docx_render import render_docx  # noqa: E402
from bot.report.pdf_render import render_pdf  # noqa: E402
from bot.report.xlsx_render import render_xlsx  # noqa: E402

TARGET_SECONDS = 5.0
MEASURES = 51
DIVISIONS = ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม", "กองสวัสดิการสังคม"]
TITLE = (
    "ผู้บังคับบัญชานำผลการประเมินในด้านการมอบหมายงาน การประเมินผลการปฏิบัติงาน "
    "และการคัดเลือกเพื่อการพัฒนาทรัพยากรบุคคล มากำหนดนโยบายหรือแผนการบริหารทรัพยากรบุคคล"
)
METHOD = (
    "{n}) นำผลการประเมินการปฏิบัติงาน และการคัดเลือกเพื่อการพัฒนาทรัพยากรบุคคลมากำหนดนโยบาย"
    "หรือแผนการบริหารทรัพยากรบุคคลในปีถัดไป ดำเนินการตามนโยบายหรือแผนที่กำหนดไว้อย่างชัดเจน\n"
    "{m}) เผยแพร่ช่องทางการร้องเรียนในกรณีที่ผู้บังคับบัญชาสั่งให้กระทำในสิ่งที่ไม่ถูกต้อง"
    "หรือกระทำการทุจริตให้บุคลากรภายในได้รับทราบอย่างทั่วถึง"
)
RESULT = (
    "จัดประชุมชี้แจงรายละเอียดหลักเกณฑ์แนวทางการปฏิบัติในการบริหารทรัพยากรบุคคล "
    "ให้พนักงานรับทราบในการประชุมประจำเดือน เมื่อวันที่ {day} ธันวาคม 2565\n"
    "ประชาสัมพันธ์การเปิดเผยข้อมูลมาตรการจัดการความเสี่ยงดังกล่าว ผ่านทางเว็บไซต์ www.huanong.go.th"
)
SUGGESTION = (
    "หากมีบุคลากรบรรจุ/โอน/ย้ายเข้ามาในหน่วยงาน ควรมอบหมายเจ้าหน้าที่สำนักปลัดแจ้งให้ทราบ"
    "ถึงมาตรการต่าง ๆ ดังกล่าวของหน่วยงาน"
)


def build(count: int, thai_digits: bool = True) -> ReportDocument:
    """Return a six-month report with count measures spread over IIT, EIT, OIT and others."""
    org = Organisation(id="huanong", name="องค์การบริหารส่วนตำบลหัวหนอง อำเภอบ้านไผ่ จังหวัดขอนแก่น")
    kinds = [Assessment.IIT] * 10 + [Assessment.EIT] * 6 + [Assessment.OIT] * 33 + [None] * 2
    rows = []
    for i in range(count):
        assessment = kinds[i % len(kinds)]
        measure = Measure(
            id=f"m{i}",
            number=i + 1,
            title=f"{i + 1}. {TITLE[: 60 + (i * 37) % 120]}",
            method=METHOD.format(n=i % 5 + 1, m=i % 5 + 2),
            divisions=DIVISIONS[: 1 + i % 3],
            assessment=assessment,
            item=f"O{i % 43 + 1}" if assessment is Assessment.OIT else None,
            start=date(2022, 10, 1) if i % 7 else None,
            end=date(2023, 9, 30) if i % 7 else None,
            timeframe_text="ต.ค. 65 - ก.ย. 66" if i % 7 else "",
        )
        status = (Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED, None)[i % 4]
        latest = None
        if status is not None:
            latest = Report(
                id=f"r{i}",
                measure_id=measure.id,
                status=status,
                at=datetime(2023, 3, 1, 9, tzinfo=BANGKOK) + timedelta(days=i % 28),
                person_id="p1",
                channel="line",
                percent=(100, 50, 0)[i % 4] if status else None,
                text=RESULT.format(day=i % 28 + 1),
            )
        evidence = [f"ภาพกิจกรรม-{i}-{k}.jpg" for k in range(i % 3)] if latest else []
        rows.append(ReportRow(measure, latest, evidence, SUGGESTION if i % 2 else ""))
    start, end = date(2022, 10, 1), date(2023, 3, 31)
    return ReportDocument(
        org, 2566, start, end, "six_month", rows, thai_digits=thai_digits,
        generated_at=datetime(2023, 4, 1, 10, 30, tzinfo=BANGKOK),
    )  # fmt: skip


def pdf_pages(data: bytes) -> str:
    """Return the page count pdfinfo reads (poppler-utils), or "?" without it."""
    if not shutil.which("pdfinfo"):
        return "?"
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout
    match = re.search(rb"^Pages:\s+(\d+)", info, re.M)
    return match[1].decode() if match else "?"


def best_of(repeat: int, render: Callable[[ReportDocument], bytes], doc: ReportDocument) -> float:
    """Return the fastest of repeat runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        render(doc)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    """Print render times for the baseline and the 51-measure document next to the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    renderers = {"docx": render_docx, "pdf": render_pdf, "xlsx": render_xlsx}
    small, large = build(1), build(MEASURES)
    for render in renderers.values():  # warm up: imports, font loading, caches
        render(small)
    print(f"best of {args.repeat} runs, seconds")
    print(f"{'format':<8}{'1 measure':>12}{f'{MEASURES} measures':>14}{'output':>22}")
    totals = {}
    for name, render in renderers.items():
        base = best_of(args.repeat, render, small)
        totals[name] = best_of(args.repeat, render, large)
        data = render(large)
        pages = f"{pdf_pages(data)} pages, " if name == "pdf" else ""
        print(f"{name:<8}{base:>12.3f}{totals[name]:>14.3f}{f'{pages}{len(data) // 1024} KiB':>22}")
    both = totals["docx"] + totals["pdf"]
    verdict = "OK" if both <= TARGET_SECONDS else "OVER TARGET"
    target = f"target <= {TARGET_SECONDS:.0f} s"
    print(f"DOCX + PDF, {MEASURES} measures: {both:.2f} s ({target}) {verdict}")


if __name__ == "__main__":
    main()
