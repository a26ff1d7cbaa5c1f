"""The exemplar library of published hearing recordings: what reviewers found, and who watched.

A hearing joins the library when the office publishes it (alone, or with a published top-ten
list). Its page shows the submitted sheets' deductions with their reasons, the time-coded remarks
each deduction cites (remarks linked to the item), and the general remarks; reviewers are shown
as 评查员甲/乙/丙, not by name. A judge's watching is recorded as the furthest position reached;
a recording counts as watched at 90 % of its duration.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import (Hearing, HearingNomination, ReviewStatus, Role, User, UserRole, WatchRecord, utcnow)
from reviewer import audit
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.reviews.evaluations import load_reviews
from reviewer.scoresheets.services import load_sheet

WATCHED_FRACTION = 0.9
REVIEWER_ALIASES = "甲乙丙丁戊己庚辛壬癸"


@dataclass
class ItemFinding:
    item: object
    deductions: list[tuple[str, object, str | None]] = field(default_factory=list)  # alias, points, reason
    remarks: list[object] = field(default_factory=list)


def library_query(filters: dict):
    query = (select(Hearing).where(Hearing.published_at.is_not(None))
             .options(selectinload(Hearing.court), selectinload(Hearing.poster_file))
             .order_by(Hearing.published_at.desc(), Hearing.id.desc()))
    if filters.get("court"):
        query = query.where(Hearing.court_id == filters["court"])
    if filters.get("year"):
        query = query.where(Hearing.month.like(f"{int(filters['year'])}-%"))
    if filters.get("nomination"):
        query = query.where(Hearing.nomination == HearingNomination(filters["nomination"]))
    if filters.get("q"):
        needle = filters["q"].strip()  # a literal: % and _ typed by the user match themselves
        query = query.where(Hearing.case_number.contains(needle, autoescape=True)
                            | Hearing.cause.contains(needle, autoescape=True)
                            | Hearing.presiding_judge_name.contains(needle, autoescape=True))
    return query


def findings(hearing: Hearing) -> tuple[list[ItemFinding], list[object]]:
    """Per item with a deduction: who deducted what and why, and the remarks it cites; plus the
    remarks linked to no item. Only submitted sheets count."""
    reviews = [r for r in load_reviews("hearing", hearing.id) if r.status == ReviewStatus.SUBMITTED]
    if not reviews:
        return [], []
    sheet = load_sheet(reviews[0].sheet_id)
    alias = {r.id: f"评查员{REVIEWER_ALIASES[n % len(REVIEWER_ALIASES)]}" for n, r in enumerate(reviews)}
    by_item = {item.id: ItemFinding(item) for item in sheet.items}
    general = []
    for review in reviews:
        for score in review.item_scores:
            if score.deduction > 0 or score.veto_hit:
                by_item[score.item_id].deductions.append((alias[review.id], score.deduction, score.reason))
        for remark in review.remarks:
            if remark.item_id in by_item:
                by_item[remark.item_id].remarks.append(remark)
            else:
                general.append(remark)
    found = [f for f in by_item.values() if f.deductions or f.remarks]
    for f in found:
        f.remarks.sort(key=lambda r: (r.start_seconds if r.start_seconds is not None else -1, r.id))
    general.sort(key=lambda r: (r.start_seconds if r.start_seconds is not None else -1, r.id))
    return found, general


def publish(actor, hearing: Hearing, required: bool) -> None:
    if hearing.published_at is not None:
        raise DomainError("该录像已在示范库中。")
    hearing.published_at, hearing.required_viewing = utcnow(), required
    audit.record(actor, "hearing.published", hearing, after={"required_viewing": required},
                 summary=f"将庭审录像 {hearing.case_number} 放入示范库" + ("（必看）" if required else ""))
    db.session.flush()


def record_watch(user, hearing: Hearing, position: float) -> WatchRecord:
    record = db.session.scalar(select(WatchRecord).where(
        WatchRecord.hearing_id == hearing.id, WatchRecord.user_id == user.id))
    if record is None:
        record = WatchRecord(hearing_id=hearing.id, user_id=user.id, seconds_watched=0.0)
        db.session.add(record)
    duration = hearing.duration_seconds or 0
    position = max(0.0, min(float(position), duration or float(position)))
    record.seconds_watched = max(record.seconds_watched or 0.0, position)
    record.last_watched_at = utcnow()
    if duration and record.seconds_watched >= WATCHED_FRACTION * duration:
        record.completed = True
    db.session.flush()
    return record


def judges_query():
    return (select(User).join(UserRole).where(UserRole.role == Role.JUDGE, User.active.is_(True))
            .options(selectinload(User.court)).order_by(User.court_id, User.display_name, User.id))


def watch_matrix(judge_ids: list[int]) -> tuple[list[Hearing], dict[tuple[int, int], WatchRecord]]:
    """The required recordings and, per (judge, hearing), the watch record — two queries."""
    required = list(db.session.scalars(
        select(Hearing).where(Hearing.published_at.is_not(None), Hearing.required_viewing.is_(True))
        .order_by(Hearing.published_at, Hearing.id)))
    records = db.session.scalars(select(WatchRecord).where(
        WatchRecord.user_id.in_(judge_ids), WatchRecord.hearing_id.in_([h.id for h in required])))
    return required, {(r.user_id, r.hearing_id): r for r in records}
