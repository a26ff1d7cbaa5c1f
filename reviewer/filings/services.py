"""Filing a court's month (每月报备案) and the 审管办's board of courts × months."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import load_only

from models import Court, CourtLevel, utcnow
from models.filing import MonthlyFiling
from reviewer import audit, clock
from reviewer.caselists.services import check_month
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.filings import rules
from reviewer.filings.compile import compile_month

MAX_COMMENTS = 5000


def deadline_day() -> int:
    return int(current_app.config.get("FILING_DEADLINE_DAY", rules.DEFAULT_DEADLINE_DAY))


def today_in_china() -> date:
    """The court's day (`reviewer.clock.today`); its own name so tests can set the filing calendar."""
    return clock.today()


def get_filing(court_id: int, month: str) -> MonthlyFiling | None:
    return db.session.scalar(select(MonthlyFiling).where(
        MonthlyFiling.court_id == court_id, MonthlyFiling.month == month))


def file_month(actor, court: Court, month: str, comments: str) -> MonthlyFiling:
    """Compile the month, keep it as the filing's snapshot with the court's comments, record lateness."""
    check_month(month)
    if court.level != CourtLevel.BASIC:
        raise DomainError("只有基层法院需要每月报备案。")
    today = today_in_china()
    if not rules.can_be_filed(month, today):
        raise DomainError(f"{month} 尚未结束，不能报备。")
    if get_filing(court.id, month) is not None:
        raise DomainError(f"{court.name} {month} 已报备，不能重复报备。")
    comments = (comments or "").strip()
    if len(comments) > MAX_COMMENTS:
        raise DomainError(f"本院意见不能超过 {MAX_COMMENTS} 字。")
    day = deadline_day()
    filing = MonthlyFiling(
        court_id=court.id, month=month, comments=comments, snapshot=compile_month(court, month),
        deadline=rules.deadline(month, day), filed_at=utcnow(), filed_by_id=actor.id,
        late=rules.is_late(month, today, day),
    )
    db.session.add(filing)
    db.session.flush()
    audit.record(actor, "filing.file", filing,
                 summary=f"{court.name} {month} 每月报备案{'（逾期）' if filing.late else ''}")
    return filing


@dataclass
class BoardCell:
    state: rules.BoardState
    filing: MonthlyFiling | None


def board(months: list[str], court_id: int | None = None) -> tuple[list[Court], dict[tuple[int, str], BoardCell]]:
    """Every active basic court (or only `court_id`, a liaison's) × the given months (two queries).

    The filings are loaded without their snapshots: a cell needs only whether and when a month was
    filed, and a decade's snapshots are tens of megabytes of JSON (docs/performance.md)."""
    court_filter = [Court.id == court_id] if court_id is not None else []
    courts = db.session.scalars(select(Court).where(
        Court.level == CourtLevel.BASIC, Court.active.is_(True), *court_filter)
        .order_by(Court.sort_order, Court.id)).all()
    filing_filter = [MonthlyFiling.court_id == court_id] if court_id is not None else []
    filings = {(f.court_id, f.month): f for f in db.session.scalars(
        select(MonthlyFiling).where(MonthlyFiling.month.in_(months), *filing_filter)
        .options(load_only(MonthlyFiling.id, MonthlyFiling.court_id, MonthlyFiling.month, MonthlyFiling.late,
                           MonthlyFiling.filed_at, MonthlyFiling.deadline)))}
    today, day = today_in_china(), deadline_day()
    cells = {}
    for court in courts:
        for month in months:
            filing = filings.get((court.id, month))
            if filing is not None:  # lateness as recorded when it was filed
                state = rules.BoardState.LATE if filing.late else rules.BoardState.FILED
            else:
                state = rules.board_state(month, None, today, day)
            cells[(court.id, month)] = BoardCell(state, filing)
    return courts, cells


def filing_years() -> list[str]:
    """The years that have at least one filing, newest first (links on the board; an index-only
    DISTINCT on ix_monthly_filings_month)."""
    months = db.session.scalars(select(MonthlyFiling.month).distinct()).all()
    return sorted({month[:4] for month in months}, reverse=True)


def recent_months(count: int = 6) -> list[str]:
    """The `count` months before the current one (the ones that can be filed), oldest first."""
    today = today_in_china()
    current = f"{today.year:04d}-{today.month:02d}"
    return rules.months_back(current, count + 1)[:-1]
