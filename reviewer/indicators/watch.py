"""Watch lists (plan measure 10): long-pending cases, cases past their limit, unapproved extensions
and deductions, appeals not transferred in time — per court and division, with the judge.

Every list is measured against the court's current snapshot's export date (`as_of`), not today:
the register knows nothing after it. Rules:
- `pending_12` / `pending_18` / `pending_36`: trial or enforcement cases still open whose filing
  date is on or before the export date minus 12 / 18 / 36 calendar months.
- `overdue`: open cases whose due date (statutory limit + approved deductions and extensions) is
  before the export date.
- `unapproved`: deducted or extended days with no approval date on record.
- `late_transfer`: appealed first-instance cases not transferred and appealed more than
  `APPEAL_TRANSFER_DAYS` days before the export date.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from models import Court, WatchCount
from models.case_register import NOT_TRANSFERRED, OPEN, UNAPPROVED_DAYS, CaseImport, CaseRecord, RegisterImportStatus
from reviewer.extensions import db
from reviewer.indicators.register import add_calendar_months
from reviewer.indicators.tally import APPEAL_TRANSFER_DAYS

LISTS = {
    "pending_12": "未结超过 12 个月", "pending_18": "未结超过 18 个月", "pending_36": "未结超过 36 个月",
    "overdue": "超过审限未结", "unapproved": "延长或扣除审限未见审批", "late_transfer": "上诉案件未及时移送",
}
PAGE = 100


@dataclass(frozen=True)
class Snapshot:
    court: Court
    as_of: date


def snapshots(court_ids: list[int] | None) -> list[Snapshot]:
    """The current snapshot's export date of each court (one query)."""
    query = (select(Court, CaseImport.as_of).join(CaseImport, CaseImport.court_id == Court.id)
             .where(CaseImport.status == RegisterImportStatus.APPLIED).order_by(Court.sort_order, Court.id))
    if court_ids is not None:
        query = query.where(Court.id.in_(court_ids))
    return [Snapshot(court, as_of) for court, as_of in db.session.execute(query)]


OPEN_LISTS = ("pending_12", "pending_18", "pending_36", "overdue")


def _by_export_date(snaps: list[Snapshot]) -> dict[date, list[int]]:
    groups: dict[date, list[int]] = {}
    for snap in snaps:
        groups.setdefault(snap.as_of, []).append(snap.court.id)
    return groups


def _dated(snaps: list[Snapshot], test) -> ColumnElement:
    """`test(export date)` for each court against its own snapshot's date: one OR term per
    distinct date (usually one), not one per court."""
    return or_(*[and_(CaseRecord.court_id.in_(ids), test(as_of)) for as_of, ids in _by_export_date(snaps).items()])


def _open_test(kind: str, snaps: list[Snapshot]) -> ColumnElement:
    """The part of an open-case list's rule beyond "open" (see the module docstring)."""
    if kind == "overdue":
        return _dated(snaps, lambda as_of: CaseRecord.due_on < as_of)
    months = int(kind.split("_")[1])
    return and_(CaseRecord.category != "其他",
                _dated(snaps, lambda as_of: CaseRecord.filed_on <= add_calendar_months(as_of, -months)))


def _before(column, day: date) -> ColumnElement:
    """`column < day` for a column known not NULL, in a form no index on the column serves."""
    return func.coalesce(column, day) < day


def _condition(kind: str, snaps: list[Snapshot]) -> ColumnElement:
    """The list's rule for the snapshots' courts. The closed-case lists start from their partial
    index's condition (models.case_register), so only their few candidate rows are read."""
    if kind in OPEN_LISTS:
        return and_(OPEN, _open_test(kind, snaps))
    if kind == "unapproved":
        return UNAPPROVED_DAYS
    if kind == "late_transfer":
        # appealed_on is never NULL here (NOT_TRANSFERRED): the COALESCE only hides the date range
        # from PostgreSQL, which otherwise read ten years' 50,000 appeals through
        # ix_case_records_court_appealed and dropped the transferred ones (180-540 ms), taking
        # "transferred_on IS NULL" for independent of "appealed_on IS NOT NULL"; the partial index
        # holds the 269 not transferred (6 ms).
        return and_(NOT_TRANSFERRED, _dated(snaps, lambda as_of: _before(
            CaseRecord.appealed_on, as_of - timedelta(days=APPEAL_TRANSFER_DAYS))))
    raise KeyError(kind)


def _scope(snaps: list[Snapshot], division: str | None) -> list[ColumnElement]:
    scope = [CaseRecord.court_id.in_([s.court.id for s in snaps])]
    if division is not None:
        scope.append(CaseRecord.division == division)
    return scope


def rule_counts(session, snaps: list[Snapshot]) -> dict[str, dict[tuple[int, str], int]]:
    """{list kind: {(court id, division): number of cases}} by the lists' rules over the register, in
    three grouped statements: the four open-case lists in one pass over the open cases (a few
    thousand, whatever the years stored), the other two from their partial indexes. Run when an
    import is applied (reviewer/indicators/watch_counts.py); the page reads what it stored."""
    result: dict[str, dict[tuple[int, str], int]] = {kind: {} for kind in LISTS}
    if not snaps:
        return result
    scope, groups = _scope(snaps, None), (CaseRecord.court_id, CaseRecord.division)
    query = (select(*groups, *[func.count(case((_open_test(kind, snaps), 1))) for kind in OPEN_LISTS])
             .where(*scope, OPEN).group_by(*groups))
    for court_id, division, *numbers in session.execute(query):
        for kind, number in zip(OPEN_LISTS, numbers):
            if number:
                result[kind][(court_id, division)] = number
    for kind in ("unapproved", "late_transfer"):
        query = select(*groups, func.count()).where(*scope, _condition(kind, snaps)).group_by(*groups)
        result[kind] = {(court_id, division): n for court_id, division, n in session.execute(query)}
    return result


def counts(snaps: list[Snapshot], division: str | None = None) -> dict[str, dict[int, int]]:
    """{list kind: {court id: number of cases}} of the snapshots' courts (of one division when
    given), read from the counts stored when each snapshot was applied (models.watch_count)."""
    result: dict[str, dict[int, int]] = {kind: {} for kind in LISTS}
    if not snaps:
        return result
    query = (select(WatchCount.court_id, WatchCount.kind, func.sum(WatchCount.count))
             .where(WatchCount.court_id.in_([s.court.id for s in snaps])).group_by(WatchCount.court_id, WatchCount.kind))
    if division is not None:
        query = query.where(WatchCount.division == division)
    for court_id, kind, number in db.session.execute(query):
        if kind in result and number:
            result[kind][court_id] = int(number)
    return result


def parse_cursor(text: str | None) -> tuple[int, int] | None:
    """`after=` of a list page: "<court id>_<case id>" of the last row shown; None when malformed."""
    court, _, case_id = (text or "").partition("_")
    return (int(court), int(case_id)) if court.isdigit() and case_id.isdigit() else None


def page(kind: str, snaps: list[Snapshot], division: str | None = None, after: tuple[int, int] | None = None):
    """One keyset page of a list, by court then case id: (records, the cursor of the next page or None).

    Ordered by court first so each court's rows come from its partial index in order: ordered by id
    alone, the planners walked the primary key from the oldest case of ten years looking for open
    or late ones. The page's ids are picked from the index alone, then the 101 rows are read."""
    if not snaps:
        return [], None
    ids = select(CaseRecord.id).where(*_scope(snaps, division), _condition(kind, snaps))
    if after is not None:
        court, case_id = after
        ids = ids.where(CaseRecord.court_id >= court, or_(CaseRecord.court_id != court, CaseRecord.id > case_id))
    ids = ids.order_by(CaseRecord.court_id, CaseRecord.id).limit(PAGE + 1).scalar_subquery()
    records = db.session.scalars(select(CaseRecord).where(CaseRecord.id.in_(ids))
                                 .order_by(CaseRecord.court_id, CaseRecord.id)).all()
    more = len(records) > PAGE
    records = records[:PAGE]
    return records, (f"{records[-1].court_id}_{records[-1].id}" if more else None)
