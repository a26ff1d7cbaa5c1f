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

from sqlalchemy import and_, func, or_, select

from models import Court
from models.case_register import CaseImport, CaseRecord, RegisterImportStatus
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


def _condition(kind: str, snap: Snapshot):
    open_case = CaseRecord.closed_on.is_(None)
    if kind.startswith("pending_"):
        cutoff = add_calendar_months(snap.as_of, -int(kind.split("_")[1]))
        return and_(open_case, CaseRecord.filed_on <= cutoff, CaseRecord.category != "其他")
    if kind == "overdue":
        return and_(open_case, CaseRecord.due_on < snap.as_of)
    if kind == "unapproved":
        return or_(and_(CaseRecord.deducted_days > 0, CaseRecord.deduction_approved_on.is_(None)),
                   and_(CaseRecord.extended_days > 0, CaseRecord.extension_approved_on.is_(None)))
    if kind == "late_transfer":
        return and_(CaseRecord.appealed_on.is_not(None), CaseRecord.transferred_on.is_(None),
                    CaseRecord.appealed_on < snap.as_of - timedelta(days=APPEAL_TRANSFER_DAYS))
    raise KeyError(kind)


def _where(kind: str, snaps: list[Snapshot], division: str | None):
    clause = or_(*[and_(CaseRecord.court_id == s.court.id, _condition(kind, s)) for s in snaps]) \
        if snaps else CaseRecord.id.is_(None)
    if division is not None:
        clause = and_(clause, CaseRecord.division == division)
    return clause


def counts(snaps: list[Snapshot], division: str | None = None) -> dict[str, dict[int, int]]:
    """{list kind: {court id: number of cases}} — one grouped query per list."""
    result = {}
    for kind in LISTS:
        query = (select(CaseRecord.court_id, func.count(CaseRecord.id)).where(_where(kind, snaps, division))
                 .group_by(CaseRecord.court_id))
        result[kind] = dict(db.session.execute(query).all())
    return result


def page(kind: str, snaps: list[Snapshot], division: str | None = None, after: int = 0):
    """One keyset page of a list: (records, id to continue after or None)."""
    query = (select(CaseRecord).where(_where(kind, snaps, division), CaseRecord.id > after)
             .order_by(CaseRecord.id).limit(PAGE + 1))
    records = db.session.scalars(query).all()
    more = len(records) > PAGE
    records = records[:PAGE]
    return records, (records[-1].id if more else None)
