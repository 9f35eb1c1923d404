"""The memo's text, compiled from the memo, the period's summary and the settings. Pure.

Renderers (DOCX, PDF) only lay out a `MemoView`; wording, digits and dates are decided here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.domain.model import Organisation
from bot.domain.thai import BANGKOK, MONTHS_TH, format_date_th, to_thai_digits
from bot.memo.model import Memo, MemoSettings

HEAD = "บันทึกข้อความ"
CLOSING = "จึงเรียนมาเพื่อโปรดทราบและพิจารณาสั่งการต่อไป"
BLANK = "." * 70  # the dotted lines a step without a comment yet writes on
RESOLUTION = "มติคณะรัฐมนตรีในการประชุมเมื่อวันที่ 23 มกราคม 2561"
LAW = (
    f"ตาม{RESOLUTION} ให้หน่วยงานภาครัฐทุกหน่วยงานเข้ารับการประเมินคุณธรรมและความโปร่งใส"
    "ในการดำเนินงานของหน่วยงานภาครัฐ และแนวทางการประเมินที่สำนักงาน ป.ป.ช. กำหนด"
)


_KEEP = re.compile(r"[A-Za-z@]")  # URLs, e-mail and O-codes keep their Arabic digits


def _digits(thai: bool) -> Callable[[str], str]:
    """Return a converter to Thai digits (words with Latin letters keep theirs), or identity."""

    def convert(text: str) -> str:
        if not thai:
            return text
        return re.sub(r"\S+", lambda m: m[0] if _KEEP.search(m[0]) else to_thai_digits(m[0]), text)

    return convert


@dataclass(frozen=True)
class Block:
    """One step's block: "ความเห็นของ…", the comment, the signature, name, position, date."""

    heading: str
    comment: tuple[str, ...]
    name: str
    position: str
    date: str
    signature: bytes | None = None
    returned: bool = False


@dataclass(frozen=True)
class MemoView:
    """The whole memo as the renderers show it."""

    head: str
    division_line: str
    number_line: str
    date_line: str
    subject: str
    to: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    closing: str
    writer_signature: bytes | None
    writer_name: str
    writer_position: str
    blocks: tuple[Block, ...]
    version_note: str
    thai_digits: bool


def period_phrase(memo: Memo) -> str:
    """Return what the memo covers: "รอบ 6 เดือน (1 ตุลาคม 2569 - 31 มีนาคม 2570)" etc."""
    fy = memo.fiscal_year
    if memo.period == "six_month":
        return f"รอบ 6 เดือน (1 ตุลาคม {fy - 1} ถึง 31 มีนาคม {fy})"
    if memo.period == "year_end":
        return f"รอบ 12 เดือน (1 ตุลาคม {fy - 1} ถึง 30 กันยายน {fy})"
    year, month = (int(p) for p in memo.month.split("-"))
    return f"ประจำเดือน{MONTHS_TH[month - 1]} {year + 543}"


def document_number(memo: Memo, settings: MemoSettings) -> str:
    """Return "ขก 88801.002/12", or the prefix with a dotted gap before the memo is sent."""
    return f"{settings.prefix}{memo.number if memo.number is not None else '.....'}"


def _day(value: str | date, thai: bool) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value).astimezone(BANGKOK).date()
    return format_date_th(value, "long", thai)


def _facts(summary: dict[str, Any], org: Organisation, fy: int) -> tuple[str, ...]:
    totals = summary["totals"]
    as_of = format_date_th(date.fromisoformat(summary["as_of"]), "long")
    percent = totals.get("percent_done")
    share = f" (ร้อยละ {percent:g})" if percent is not None else ""
    lines = [
        f"{org.name} ได้กำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {fy} "
        "และติดตามผลการดำเนินการของแต่ละส่วนราชการ",
        f"ผลการดำเนินการ ณ วันที่ {as_of} มาตรการทั้งหมด {totals['measures']} มาตรการ "
        f"ดำเนินการแล้ว {totals['done']} มาตรการ{share} "
        f"อยู่ระหว่างดำเนินการ {totals['in_progress']} มาตรการ "
        f"ยังไม่ได้ดำเนินการ {totals['not_started']} มาตรการ "
        f"ยังไม่รายงานผล {totals['no_report']} มาตรการ "
        f"และเกินกำหนดเวลา {totals['overdue']} มาตรการ",
    ]
    for row in summary.get("by_division", []):
        if row["measures"]:
            lines.append(
                f"- {row['division']} ดำเนินการแล้ว {row['done']} จาก {row['measures']} มาตรการ"
                + (f" เกินกำหนด {row['overdue']} มาตรการ" if row["overdue"] else "")
            )
    return tuple(lines)


def compile_memo(
    memo: Memo,
    summary: dict[str, Any],
    org: Organisation,
    settings: MemoSettings,
    names: dict[str, str],
    issued: date,
    thai_digits: bool = True,
    signatures: dict[str, bytes] | None = None,
) -> MemoView:
    """Return the memo's text: header, the four parts, the writer, one block per chain step."""
    num = _digits(thai_digits)
    signatures = signatures or {}
    fy = memo.fiscal_year
    subject = (
        f"รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใสของ{org.name} "
        f"ประจำปีงบประมาณ พ.ศ. {fy} {period_phrase(memo)}"
    )
    division = f"{settings.division}{org.name}"
    where = f" จังหวัด{settings.province}" if settings.province else ""
    phone = f" โทร {settings.phone}" if settings.phone else ""
    sections = (
        (
            "1. เรื่องเดิม",
            (
                "ด้วยสำนักงาน ป.ป.ช. ได้ดำเนินโครงการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
                "ของหน่วยงานภาครัฐ (ITA) ผ่านระบบเทคโนโลยีสารสนเทศ (ITAS) "
                f"ตาม{RESOLUTION} และ{org.name} ได้กำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
                f" ประจำปีงบประมาณ พ.ศ. {fy} ให้ผู้บังคับบัญชารับทราบแล้ว นั้น",
            ),
        ),
        ("2. ข้อเท็จจริง", _facts(summary, org, fy)),
        ("3. กฎหมาย/ระเบียบที่เกี่ยวข้อง", (LAW,)),
        (
            "4. ข้อเสนอแนะ",
            (
                "เพื่อให้การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสของ"
                f"{org.name} เป็นไปด้วยความเรียบร้อย บรรลุวัตถุประสงค์ จึงขอรายงานผลการดำเนินการ"
                f" {period_phrase(memo)} รายละเอียดปรากฏตามเอกสารที่แนบมาพร้อมนี้",
            ),
        ),
    )
    answers = {a.step: a for a in memo.acks}
    blocks = []
    for i, step in enumerate(memo.chain):
        ack = answers.get(i)
        comment = (
            (f"ส่งคืน: {ack.comment}",) if ack and ack.action == "return"
            else (ack.comment,) if ack else (BLANK, BLANK)
        )  # fmt: skip
        blocks.append(
            Block(
                heading=f"ความเห็นของ{step.role}",
                comment=tuple(num(c) for c in comment),
                name=f"({ack.name if ack else names.get(step.person, '')})",
                position=step.position,
                date=num(f"วันที่ {_day(ack.at, False)}") if ack else f"วันที่ {BLANK[:30]}",
                signature=signatures.get(step.person) if ack and ack.action == "ack" else None,
                returned=bool(ack and ack.action == "return"),
            )
        )
    writer_name = names.get(memo.writer, "") or BLANK[:40]
    note = f"(ฉบับแก้ไขครั้งที่ {memo.version - 1})" if memo.version > 1 else ""
    return MemoView(
        head=HEAD,
        division_line=num(f"ส่วนราชการ {division}{where}{phone}"),
        number_line=num(f"ที่ {document_number(memo, settings)}"),
        date_line=num(f"วันที่ {_day(issued, False)}"),
        subject=num(subject),
        to=settings.addressee or f"นายก{org.name}",
        sections=tuple((num(h), tuple(num(p) for p in ps)) for h, ps in sections),
        closing=CLOSING,
        writer_signature=signatures.get(memo.writer) if memo.status != "draft" else None,
        writer_name=f"({writer_name})",
        writer_position=settings.writer_position
        or "เลขานุการคณะทำงานติดตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
        blocks=tuple(blocks),
        version_note=num(note),
        thai_digits=thai_digits,
    )
