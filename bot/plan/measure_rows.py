"""Turn one data row of a measure table into an ImportedMeasure (or more text for the last one)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.divisions import DivisionMatcher
from bot.domain.model import Assessment, Status
from bot.domain.statuses import parse_status
from bot.domain.thai import MONTHS_TH_ABBR, fiscal_year_range
from bot.domain.timeframe import TimeframeError, parse_timeframe
from bot.plan import cells
from bot.plan.columns import ColumnRole, Columns
from bot.plan.docx_body import Cell, distinct
from bot.plan.rows import ImportedMeasure, PlanImport
from bot.texts import t

_STATUS_COLUMNS = {ColumnRole.DONE: Status.DONE, ColumnRole.IN_PROGRESS: Status.IN_PROGRESS}
_TITLE_PREFERENCE = ("มาตรการ", "ประเด็น", "โครงการ", "กิจกรรม", "หัวข้อ", "ตัวชี้วัด")


@dataclass
class RowContext:
    """What the headings above a row say: the instrument and the indicator."""

    assessment: Assessment | None = None
    indicator: int | None = None


class RowReader:
    """Read the data rows of measure tables into a PlanImport."""

    def __init__(self, plan: PlanImport, matcher: DivisionMatcher) -> None:
        self.plan = plan
        self.matcher = matcher
        self.current: ImportedMeasure | None = None  # the measure a continuation row extends

    def read(
        self, table: int, index: int, row: list[Cell], columns: Columns, ctx: RowContext
    ) -> None:
        """Read row (index 0-based) of table: a new measure or more text for the current one."""
        values = _Values(row, columns)
        own_title = values.title(own=True)
        starts_new = (
            values.text(ColumnRole.DIVISION, own=True)
            or values.text(ColumnRole.TIMEFRAME, own=True)
            or values.timetable(own=True)
            or values.text(ColumnRole.ITEM, own=True)
            or cells.indicator_in(own_title.split("\n")[0])
            # A title of its own next to an owner merged down from above: a sibling measure.
            or (own_title and values.inherits(ColumnRole.DIVISION, ColumnRole.TIMEFRAME))
        )
        if self.current is not None and not starts_new:
            self._extend(self.current, values, columns)
            return
        source = t("plan.docx.source", table=table, row=index + 1)
        measure = ImportedMeasure(title=values.title(), source=source)
        self._fill(measure, values, columns, ctx)
        self.plan.measures.append(measure)
        self.current = measure

    def _warn(
        self, m: ImportedMeasure, key: str, columns: Columns, role: ColumnRole, **more: object
    ) -> None:
        m.warnings.append(t(key, source=m.source, column=columns.name(role), **more))

    def _fill(self, m: ImportedMeasure, values: _Values, columns: Columns, ctx: RowContext) -> None:
        m.method = values.method()
        m.follow_up = values.text(ColumnRole.FOLLOW_UP)
        m.suggestion = values.text(ColumnRole.SUGGESTION)
        if not m.title:
            self._warn(m, "plan.docx.warn.no_title", columns, ColumnRole.TITLE)
        self._divisions(m, values, columns)
        self._timeframe(m, values, columns)
        self._status(m, values, columns)
        self._classify(m, values, columns, ctx)

    def _extend(self, m: ImportedMeasure, values: _Values, columns: Columns) -> None:
        m.title = _join(m.title, values.title(own=True))
        m.method = _join(m.method, values.method(own=True))
        m.follow_up = _join(m.follow_up, values.text(ColumnRole.FOLLOW_UP, own=True))
        m.suggestion = _join(m.suggestion, values.text(ColumnRole.SUGGESTION, own=True))
        scratch = ImportedMeasure(title="", source=m.source)
        status, result = self._read_status(scratch, values, columns, own=True)
        m.result_text = _join(m.result_text, result)
        if status is None and m.status is None:
            # A tick and its label parted by a page break: "☑" above, "ดำเนินการ" below.
            joined = cells.checkbox_status(m.result_text)
            if joined.status is not None and not joined.conflict:
                status, m.result_text = joined.status, joined.rest
        if m.status is None and status is not None:
            # The tick was on the continued part of the row: it is no longer missing.
            m.status = status
            missing = self._no_status_texts(m, columns)
            m.warnings = [w for w in m.warnings if w not in missing]

    def _no_status_texts(self, m: ImportedMeasure, columns: Columns) -> set[str]:
        roles = (ColumnRole.DONE, ColumnRole.IN_PROGRESS, ColumnRole.NOT_DONE, ColumnRole.RESULT)
        return {
            t("plan.docx.warn.no_status", source=m.source, column=columns.name(r)) for r in roles
        }

    def _divisions(self, m: ImportedMeasure, values: _Values, columns: Columns) -> None:
        if not columns.has(ColumnRole.DIVISION):
            m.warnings.append(t("plan.docx.warn.no_division_column", source=m.source))
            return
        match = self.matcher.match(values.text(ColumnRole.DIVISION))
        m.divisions = match.divisions
        for piece in match.unknown:
            self._warn(
                m, "plan.docx.warn.unknown_division", columns, ColumnRole.DIVISION, value=piece
            )
            if piece not in self.plan.unknown_divisions:
                self.plan.unknown_divisions.append(piece)
        if not match.divisions and not match.unknown:
            self._warn(m, "plan.docx.warn.no_division", columns, ColumnRole.DIVISION)

    def _timeframe(self, m: ImportedMeasure, values: _Values, columns: Columns) -> None:
        text = values.text(ColumnRole.TIMEFRAME) or values.timetable()
        m.timeframe_text = text
        if text:
            result = parse_timeframe(text, self.plan.fiscal_year)
            if isinstance(result, TimeframeError):
                reason = result.message("th")
                self._warn(
                    m, "plan.docx.warn.bad_timeframe", columns, ColumnRole.TIMEFRAME, reason=reason
                )
            else:
                m.start, m.end = result.start, result.end
            return
        if self.plan.fiscal_year is None:
            m.warnings.append(t("plan.docx.warn.no_timeframe", source=m.source))
            return
        m.start, m.end = fiscal_year_range(self.plan.fiscal_year)
        m.timeframe_defaulted = True
        m.warnings.append(
            t("plan.docx.warn.timeframe_defaulted", source=m.source, year=self.plan.fiscal_year)
        )

    def _status(self, m: ImportedMeasure, values: _Values, columns: Columns) -> None:
        m.status, m.result_text = self._read_status(m, values, columns, own=False)

    def _read_status(
        self, m: ImportedMeasure, values: _Values, columns: Columns, own: bool
    ) -> tuple[Status | None, str]:
        """Return the status ticked in the row and its result text without the check boxes."""
        result = values.text(ColumnRole.RESULT, own=own)
        boxes = cells.checkbox_status(result)
        found: list[Status] = [boxes.status] if boxes.status else []
        if boxes.conflict:
            self._warn(m, "plan.docx.warn.status_conflict", columns, ColumnRole.RESULT)
            return None, boxes.rest
        ticks = [
            role
            for role in (ColumnRole.DONE, ColumnRole.IN_PROGRESS, ColumnRole.NOT_DONE)
            if columns.has(role)
        ]
        for role in ticks:
            if cells.is_marked(values.text(role, own=own)):
                found.append(_STATUS_COLUMNS.get(role, Status.NOT_STARTED))
        if status_text := values.text(ColumnRole.STATUS, own=own):
            word = cells.checkbox_status(status_text)
            status = word.status if word.found else parse_status(status_text)
            if status is None:
                self._warn(
                    m, "plan.docx.warn.bad_status", columns, ColumnRole.STATUS, value=status_text
                )
            else:
                found.append(status)
        distinct_found = list(dict.fromkeys(found))
        if len(distinct_found) > 1:
            self._warn(
                m,
                "plan.docx.warn.status_conflict",
                columns,
                ticks[0] if ticks else ColumnRole.RESULT,
            )
            return None, boxes.rest
        if not distinct_found and (boxes.found or ticks):
            self._warn(
                m, "plan.docx.warn.no_status", columns, ticks[0] if ticks else ColumnRole.RESULT
            )
        return (distinct_found[0] if distinct_found else None), boxes.rest

    def _classify(
        self, m: ImportedMeasure, values: _Values, columns: Columns, ctx: RowContext
    ) -> None:
        item_text = values.text(ColumnRole.ITEM)
        if item_text:
            m.item = cells.parse_item(item_text)
            if m.item is None:
                self._warn(m, "plan.docx.warn.bad_item", columns, ColumnRole.ITEM, value=item_text)
        else:
            m.item = cells.item_in_title(m.title)
        titles = values.all_texts(ColumnRole.TITLE) or [m.title]
        m.indicator = next(
            filter(None, (cells.indicator_in(x.split("\n")[0]) for x in titles)), None
        )
        named = next(filter(None, (cells.indicator_by_name(x) for x in titles)), None)
        if m.indicator is None and named is not None:
            # A title naming an indicator ("๑. การใช้อำนาจ") unless the heading says otherwise.
            fits = ctx.assessment in (None, cells.assessment_of_indicator(named))
            m.indicator = named if fits else None
        m.indicator = m.indicator or ctx.indicator
        if m.item:
            if m.indicator and cells.assessment_of_indicator(m.indicator) != Assessment.OIT:
                m.indicator = None
            m.assessment = Assessment.OIT
        elif m.indicator:
            m.assessment = cells.assessment_of_indicator(m.indicator)
        else:
            m.assessment = ctx.assessment


class _Values:
    """The texts of one row by column role (merged cells counted once)."""

    def __init__(self, row: list[Cell], columns: Columns) -> None:
        self.row = row
        self.columns = columns

    def all_texts(self, role: ColumnRole, own: bool = False) -> list[str]:
        """Return the non-empty texts of every column of role, each merged cell once."""
        picked = [
            self.row[c]
            for c in self.columns.roles.get(role, ())
            if c < len(self.row) and c not in self.columns.months
        ]
        return [c.text for c in distinct(picked) if c.text and not (own and c.continued)]

    def inherits(self, *roles: ColumnRole) -> bool:
        """Whether a cell of one of roles is merged down, with text, from the row above."""
        return any(
            self.row[c].continued and self.row[c].text
            for role in roles
            for c in self.columns.roles.get(role, ())
            if c < len(self.row)
        )

    def text(self, role: ColumnRole, own: bool = False) -> str:
        """Return role's text; own leaves out cells merged down from the row above."""
        return "\n".join(self.all_texts(role, own))

    def _title_columns(self, own: bool) -> tuple[int | None, list[int]]:
        """Return the column the title comes from and the other title-like columns."""
        columns = self.columns.roles.get(ColumnRole.TITLE, [])
        ranked = sorted(columns, key=lambda c: _title_rank(self.columns.names.get(c, "")))
        for column in ranked:
            cell = self.row[column] if column < len(self.row) else None
            if cell is not None and cell.text and not (own and cell.continued):
                return column, [c for c in ranked if c != column]
        return None, ranked

    def title(self, own: bool = False) -> str:
        """Return the measure title: the best title column, else the OIT item name."""
        column, _ = self._title_columns(own)
        if column is None:
            return self.text(ColumnRole.ITEM_NAME, own)
        return self.row[column].text

    def method(self, own: bool = False) -> str:
        """Return how: method columns, item details, then other title-like columns by name."""
        parts = self.all_texts(ColumnRole.METHOD, own) + self.all_texts(ColumnRole.ITEM_DETAIL, own)
        chosen, others = self._title_columns(own)
        seen = {self.row[chosen].key} if chosen is not None else set()
        for column in others:
            cell = self.row[column] if column < len(self.row) else None
            if cell is None or not cell.text or cell.key in seen or (own and cell.continued):
                continue
            seen.add(cell.key)
            parts.append(f"{self.columns.names.get(column, '')}: {cell.text}")
        for column in self.columns.other:
            cell = self.row[column] if column < len(self.row) else None
            if cell is None or not cell.text or cell.key in seen or (own and cell.continued):
                continue
            seen.add(cell.key)
            parts.append(f"{self.columns.names.get(column, '')}: {cell.text}")
        return "\n".join(parts)

    def timetable(self, own: bool = False) -> str:
        """Return "ม.ค. - มี.ค." from the marked month or quarter columns of a timetable."""
        marked = [
            span
            for column, span in self.columns.months.items()
            if column < len(self.row)
            and (self.row[column].text or self.row[column].shaded)
            and not (own and self.row[column].continued)
        ]
        if not marked:
            return ""
        first, last = marked[0][0], marked[-1][1]
        return f"{MONTHS_TH_ABBR[first - 1]} - {MONTHS_TH_ABBR[last - 1]}"


def _title_rank(header: str) -> int:
    for rank, word in enumerate(_TITLE_PREFERENCE):
        if word in header:
            return rank
    return len(_TITLE_PREFERENCE)


def _join(first: str, second: str) -> str:
    return f"{first}\n{second}" if first and second else first or second
