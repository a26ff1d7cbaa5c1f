"""Generating bulletins from the data: load, number (文号), build; each a handful of queries."""
from __future__ import annotations

import io
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from models import (Court, CourtLevel, Grade, Judgment, ListKind, MonthlyRanking, RankingEntry,
                    RankingStatus, utcnow)
from models.bulletin import Bulletin
from models.draw import DrawStatus, EntryStatus, MonthlyDraw
from models.filing import MonthlyFiling
from reviewer import audit
from reviewer.bulletins import builders, top_ten
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.templating import CHINA

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _prefix() -> str:
    return current_app.config.get("BULLETIN_NUMBER_PREFIX", "焦中法审管")


def _issuer() -> str:
    court = db.session.scalar(select(Court).where(Court.level == CourtLevel.INTERMEDIATE)
                              .order_by(Court.id).limit(1))
    return (court.full_name if court else "河南省焦作市中级人民法院") + "审判管理办公室"


def issue_year() -> int:
    """The year of issue in China time: a 文号's year is when it is issued, not the subject's."""
    return utcnow().astimezone(CHINA).year


def assign_number(kind: str, subject_key: str, year: int, actor, prefix: str | None = None) -> Bulletin:
    """The bulletin's 文号: kept when regenerated, else the next serial of the prefix and `year`
    (the year of issue, GB/T 9704), first issued now. Both are audited (`bulletin.number_issued`,
    `bulletin.regenerated`). Two people issuing the same bulletin at once: the second flush hits a
    unique key (kind + subject, prefix + year + serial) and the request is refused as a conflict."""
    prefix = prefix or _prefix()
    bulletin = db.session.scalar(select(Bulletin).where(Bulletin.kind == kind,
                                                        Bulletin.subject_key == subject_key))
    now = utcnow()
    if bulletin is None:
        last = db.session.scalar(select(func.max(Bulletin.serial)).where(
            Bulletin.prefix == prefix, Bulletin.year == year)) or 0
        bulletin = Bulletin(kind=kind, subject_key=subject_key, prefix=prefix, year=year,
                            serial=last + 1, first_issued_at=now, last_generated_at=now,
                            generated_by_id=getattr(actor, "id", None))
        db.session.add(bulletin)
        action = "bulletin.number_issued"
    else:
        bulletin.last_generated_at = now
        bulletin.generated_by_id = getattr(actor, "id", None)
        action = "bulletin.regenerated"
    db.session.flush()
    audit.record(actor, action, bulletin, after={"number": bulletin.number, "kind": kind, "subject": subject_key},
                 summary=f"文号 {bulletin.number}")
    return bulletin


def _header(bulletin: Bulletin, issuer: str | None = None) -> builders.Header:
    return builders.Header(bulletin.number, issuer or _issuer(),
                           bulletin.first_issued_at.astimezone(CHINA).date())


header = _header  # other features' bulletins (e.g. the 发改 monthly notice) use the same heading


def _score(value) -> str:
    return "—" if value is None else f"{Decimal(value):.2f}"


def _grade(code: str | None) -> str:
    """A ranking entry's grade snapshot as its label; the snapshot may hold the value or the name."""
    if not code:
        return "—"
    for lookup in (Grade, Grade.__getitem__):
        try:
            return lookup(code).label
        except (ValueError, KeyError):
            continue
    return code


def ranking_document(month: str, actor, issued: Bulletin | None = None) -> tuple[builders.Notice, Bulletin]:
    ranking = db.session.scalar(
        select(MonthlyRanking).options(
            selectinload(MonthlyRanking.entries).joinedload(RankingEntry.judgment)
            .options(joinedload(Judgment.court), joinedload(Judgment.judge)))
        .where(MonthlyRanking.month == month))
    if ranking is None or ranking.status != RankingStatus.PUBLISHED:
        raise DomainError(f"{month} 的优秀、瑕疵裁判文书尚未张榜公布。")

    def rows(kind):
        return [builders.ListedJudgment(
            court=e.judgment.court.name, case_number=e.judgment.case_number or "",
            judge=e.judgment.judge.display_name if e.judgment.judge else
            (e.judgment.presiding_judge_name or ""),
            score=_score(e.score), grade=_grade(e.grade), reason=e.reason or "")
            for e in ranking.entries_of(kind) if e.withdrawn_at is None]

    bulletin = issued or assign_number("ranking", month, issue_year(), actor)
    return builders.ranking_bulletin(_header(bulletin), month, rows(ListKind.EXCELLENT),
                                     rows(ListKind.FLAWED)), bulletin


def draw_document(month: str, actor, issued: Bulletin | None = None) -> tuple[builders.Notice, Bulletin]:
    draws = db.session.scalars(
        select(MonthlyDraw).options(joinedload(MonthlyDraw.court), selectinload(MonthlyDraw.entries))
        .join(Court).where(MonthlyDraw.month == month, MonthlyDraw.status == DrawStatus.DRAWN)
        .order_by(Court.sort_order, Court.id)).all()
    if not draws:
        raise DomainError(f"{month} 没有已完成的随机抽取。")
    courts = [builders.CourtDraw(
        court=d.court.name, value_source=d.value_source, public_value=d.public_value,
        rows=[builders.DrawnRow(division=e.division_name, head=e.head_name,
                                candidate_count=len(e.candidates), list_hash=e.list_hash or "—",
                                result=e.result_case_number if e.status == EntryStatus.DRAWN
                                else e.status.label)
              for e in d.entries]) for d in draws]
    bulletin = issued or assign_number("draw", month, issue_year(), actor)
    return builders.draw_bulletin(_header(bulletin), month, courts), bulletin


def filing_document(filing: MonthlyFiling, actor) -> tuple[builders.Notice, Bulletin]:
    court = filing.court
    bulletin = assign_number("filing", f"{filing.month}:court:{court.id}",
                             filing.filed_at.astimezone(CHINA).year,
                             actor, prefix=f"{court.name}审管报")
    header = _header(bulletin, issuer=court.full_name)
    header.on = filing.filed_at.astimezone(CHINA).date()
    return builders.filing_bulletin(header, filing.snapshot, filing.comments, filing.late), bulletin


def to_bytes(notice: builders.Notice) -> io.BytesIO:
    out = io.BytesIO()
    notice.save(out)
    out.seek(0)
    return out


def top_ten_document(year: int, actor, issued: Bulletin | None = None) -> tuple[builders.Notice, Bulletin]:
    best, flawed = top_ten.load(year)
    bulletin = issued or assign_number("top_ten", str(year), issue_year(), actor)
    return builders.top_ten_bulletin(_header(bulletin), year, best, flawed), bulletin
