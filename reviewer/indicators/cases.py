"""The cases behind a figure: its numerator's or denominator's cases, by keyset pages or as CSV.

A loose SQL filter (the court's current register, filed by the period's end, still open or closed
or appealed from the month before the period on) narrows the rows; the very function that built
the monthly counters (`tally.contributions`) then decides which of them count, so the list and
the figure cannot disagree.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sqlalchemy import or_, select

from models.case_register import CaseRecord
from reviewer.exports.cells import csv_text
from reviewer.extensions import db
from reviewer.indicators.formulas import BY_KEY
from reviewer.indicators.period_data import Options, PeriodData
from reviewer.indicators.periods import Period, add_months, first_day
from reviewer.indicators.register import CaseRow
from reviewer.indicators.tally import contributions

PAGE = 100
_SNAPSHOT = ("_pending_end", "limit_pending_ok")
COLUMNS = (("case_number", "案号"), ("category", "类别"), ("procedure", "程序"), ("division", "承办部门"),
           ("judge", "承办人"), ("filed_on", "立案日期"), ("closed_on", "结案日期"),
           ("closing_method", "结案方式"), ("due_on", "审限届满日"), ("appealed_on", "上诉日期"),
           ("transferred_on", "移送二审日期"), ("appeal_outcome", "二审结果"), ("retrial_outcome", "再审结果"))


def counters_of(key: str, side: str, options: Options) -> tuple[str, ...]:
    """The counters whose cases make the numerator (side "num") or denominator ("den") of `key`."""
    figure = BY_KEY[key].compute(PeriodData({}), options)
    return figure.numerator_counters if side == "num" else figure.denominator_counters


def as_row(record: CaseRecord) -> CaseRow:
    return CaseRow(**{name: getattr(record, name) for name in CaseRow.__dataclass_fields__})


def counts_in(row: CaseRow, period: Period, wanted: tuple[str, ...]) -> bool:
    """Whether the case contributes to any of `wanted` over `period` (pending start = the month before)."""
    before = add_months(period.first, -1)
    for month, counter, amount in contributions(row, period.last, before):
        if counter.endswith(_SNAPSHOT):
            if month == period.last and counter in wanted:
                return True
            if month == before and counter.replace("_end", "_start") in wanted:
                return True
        elif period.first <= month <= period.last and counter in wanted and amount:
            return True
    return False


def _query(court_id: int, period: Period, division: str | None, after: int = 0):
    since = first_day(add_months(period.first, -1))
    query = (select(CaseRecord).where(
        CaseRecord.court_id == court_id, CaseRecord.id > after, CaseRecord.filed_on <= period.end,
        or_(CaseRecord.closed_on.is_(None), CaseRecord.closed_on >= since, CaseRecord.appealed_on >= since))
        .order_by(CaseRecord.id))
    if division is not None:
        query = query.where(CaseRecord.division == division)
    return query


def matching(court_id: int, period: Period, wanted: tuple[str, ...], division: str | None = None,
             after: int = 0) -> Iterator[CaseRecord]:
    """Stream the court's cases that count in `wanted`, by id, starting after id `after`."""
    for record in db.session.scalars(_query(court_id, period, division, after).execution_options(yield_per=2000)):
        if counts_in(as_row(record), period, wanted):
            yield record


def page(court_id: int, period: Period, wanted: tuple[str, ...], division: str | None = None,
         after: int = 0) -> tuple[list[CaseRecord], int | None]:
    """One keyset page: (records, the id to continue after, or None on the last page)."""
    records = []
    for record in matching(court_id, period, wanted, division, after):
        records.append(record)
        if len(records) > PAGE:
            break
    more = len(records) > PAGE
    records = records[:PAGE]
    return records, (records[-1].id if more else None)


def csv_lines(records) -> Iterator[str]:
    """CSV text (UTF-8 with BOM, so spreadsheet programs show the Chinese) line by line."""
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow([label for _, label in COLUMNS])
    yield out.getvalue()
    for record in records:
        out.seek(0)
        out.truncate()
        writer.writerow([csv_text("" if getattr(record, f) is None else str(getattr(record, f))) for f, _ in COLUMNS])
        yield out.getvalue()
