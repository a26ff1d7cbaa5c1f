"""The cases behind a figure: its numerator's or denominator's cases, by keyset pages or as CSV.

A SQL filter (the court's current register; filed, closed or appealed in the period or open around
it, as the figure's counters need; their category) narrows the rows to ranges of the register's
indexes; the very function that built the monthly counters (`tally.contributions`) then decides
which of them count, so the list and the figure cannot disagree.
"""
from __future__ import annotations

import csv
import io
import operator
from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import ColumnElement, and_, false, select, union

from models.case_register import OPEN, CaseRecord
from reviewer.exports.cells import csv_text
from reviewer.extensions import db
from reviewer.indicators.formulas import BY_KEY
from reviewer.indicators.period_data import Options, PeriodData
from reviewer.indicators.periods import Period, add_months
from reviewer.indicators.register import CaseRow
from reviewer.indicators.tally import TRIAL, contributions

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


_CASE_ROW_FIELDS = tuple(CaseRow.__dataclass_fields__)
_READ_ROW = operator.attrgetter(*_CASE_ROW_FIELDS)
_READ_COLUMNS = operator.attrgetter(*(name for name, _ in COLUMNS))


def as_row(record) -> CaseRow:
    """The register row of a CaseRecord (or of a result row with its columns)."""
    return CaseRow(*_READ_ROW(record))       # the fields in their declared order


def table_rows(records) -> list[tuple[int, tuple]]:
    """(court id, the COLUMNS values with None as "") of each record, for `_case_table.html`."""
    return [(record.court_id, tuple("" if v is None else v for v in _READ_COLUMNS(record))) for record in records]


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


FILED = ("trial_filed", "exec_filed")
APPEALED = ("appeals", "appeals_timely")
EXECUTION_FAMILY = ("exec_", "final_", "restored_")      # counters of execution cases; the rest are trial cases


def _could_count(period: Period, wanted: tuple[str, ...]) -> list[ColumnElement]:
    """Conditions (any of them) on the rows that can count in `wanted` over `period`: filed, closed or
    appealed in the period (for those counters), open at the end of the month before it or of its
    last month (for the pending ones), each in the counters' category. Only a necessary condition:
    `counts_in` decides. Each is a range of one of the register's indexes (the open cases' and the
    closed cases' are partial indexes, hence separate conditions)."""
    first, end = period.start, period.end
    branches = []
    if any(c in FILED for c in wanted):
        branches.append(CaseRecord.filed_on.between(first, end))
    if any(c in APPEALED for c in wanted):
        branches.append(CaseRecord.appealed_on.between(first, end))
    if any("pending" in c for c in wanted):
        before_end = first - timedelta(days=1)
        branches += [and_(OPEN, CaseRecord.filed_on <= end),
                     and_(CaseRecord.closed_on > before_end, CaseRecord.filed_on <= end)]
    if any(c not in FILED + APPEALED and "pending" not in c for c in wanted):
        branches.append(CaseRecord.closed_on.between(first, end))
    execution = [c.startswith(EXECUTION_FAMILY) for c in wanted]
    categories = (["执行"] if any(execution) else []) + (list(TRIAL) if not all(execution) else [])
    return [and_(branch, CaseRecord.category.in_(categories)) for branch in branches]


def _query(court_id: int, period: Period, wanted: tuple[str, ...], division: str | None, after: int = 0):
    """The court's candidate rows by id: the union of each condition's ids (one index range each),
    then the rows in id order. With the conditions ORed in one WHERE, the planners walked the
    primary key through the court's cases of every year, oldest first."""
    scope = [CaseRecord.court_id == court_id] + ([CaseRecord.division == division] if division is not None else [])
    branches = [select(CaseRecord.id).where(*scope, condition) for condition in _could_count(period, wanted)]
    if not branches:
        return select(CaseRecord).where(false())
    ids = union(*branches) if len(branches) > 1 else branches[0]
    return select(CaseRecord).where(CaseRecord.id.in_(ids), CaseRecord.id > after).order_by(CaseRecord.id)


def matching(court_id: int, period: Period, wanted: tuple[str, ...], division: str | None = None,
             after: int = 0, chunk: int = 2000) -> Iterator[CaseRecord]:
    """Stream the court's cases that count in `wanted`, by id, starting after id `after`."""
    for record in db.session.scalars(_query(court_id, period, wanted, division, after)
                                     .execution_options(yield_per=chunk)):
        if counts_in(as_row(record), period, wanted):
            yield record


def page(court_id: int, period: Period, wanted: tuple[str, ...], division: str | None = None,
         after: int = 0) -> tuple[list[CaseRecord], int | None]:
    """One keyset page: (records, the id to continue after, or None on the last page)."""
    records = []
    for record in matching(court_id, period, wanted, division, after, chunk=PAGE + 1):
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
