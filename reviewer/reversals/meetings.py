"""Monthly case-quality analysis meetings (案件质量评析会) and their board (measure 2).

A division files one record per month (date, cases discussed from the register, problems,
measures, minutes .docx); the division head confirms it with their own account (the signature),
which files it with the office and earns the division the meeting-record points (+0.5 by
default, the rule in force on the meeting's date). The board's states are rules.meeting_state.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager

from models import Court, Division, utcnow
from models.reversal import QualityMeeting, ReversalCase
from reviewer import audit, clock
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.reversals import ledger, points, rules
from reviewer.reversals.workflow import store_docx

MAX_TEXT = 10_000


def cases_of(division_id: int, month: str) -> list[ReversalCase]:
    first, last = rules.month_bounds(month)
    return list(db.session.scalars(select(ReversalCase).where(
        or_(ReversalCase.division_id == division_id, ReversalCase.higher_division_id == division_id),
        ReversalCase.decided_on.between(first, last)).order_by(ReversalCase.decided_on)))


def file_meeting(actor, division: Division, month: str, held_on: date, case_ids: list[int],
                 problems: str, measures: str, minutes=None) -> QualityMeeting:
    if held_on < rules.month_bounds(month)[0]:
        raise DomainError("会议日期不能早于所评析的月份。")
    if held_on > clock.today():
        raise DomainError("会议日期不能晚于今天。")
    if db.session.scalar(select(QualityMeeting.id).where(
            QualityMeeting.division_id == division.id, QualityMeeting.month == month)) is not None:
        raise DomainError(f"{division.name} {month} 的评析会记录已登记。")
    problems, measures = (problems or "").strip(), (measures or "").strip()
    if not problems or not measures:
        raise DomainError("请填写存在的问题和整改措施。")
    if len(problems) > MAX_TEXT or len(measures) > MAX_TEXT:
        raise DomainError(f"问题和措施各不超过 {MAX_TEXT} 字。")
    allowed = {c.id: c for c in cases_of(division.id, month)}
    unknown = [i for i in case_ids if i not in allowed]
    if unknown:
        raise DomainError("所选案件不属于本部门当月的发改案件。")
    stored = store_docx(actor, minutes, "minutes")
    meeting = QualityMeeting(division_id=division.id, month=month, held_on=held_on, problems=problems,
                             measures=measures, minutes_id=stored.id if stored else None,
                             created_by_id=actor.id, cases=[allowed[i] for i in case_ids])
    db.session.add(meeting)
    db.session.flush()
    audit.record(actor, "meeting.file", meeting, summary=f"{division.name} {month} 案件质量评析会记录")
    return meeting


def confirm(actor, meeting: QualityMeeting) -> None:
    """The division head signs the record; the division earns the meeting-record points."""
    if meeting.confirmed_at is not None:
        raise DomainError("该记录已确认。")
    if meeting.minutes_id is None:
        raise DomainError("请先上传会议记录（.docx）再确认。")
    meeting.confirmed_by_id = actor.id
    meeting.confirmed_at = utcnow()
    db.session.flush()
    ledger.post(actor, code=points.MEETING_RECORD, on=meeting.held_on, source=meeting,
                division_id=meeting.division_id,
                note=f"{meeting.division.name} {meeting.month} 案件质量评析会记录备案")
    audit.record(actor, "meeting.confirm", meeting, summary=f"{meeting.division.name} {meeting.month} 庭长确认评析会记录")


def board(months: list[str], today: date):
    """(divisions with their courts, {(division id, month): (state, meeting or None, case count)}) —
    three queries (the courts come with the divisions' join: the board names each row's court)."""
    divisions = list(db.session.scalars(
        select(Division).join(Court).options(contains_eager(Division.court))
        .where(Division.active.is_(True), Court.active.is_(True))
        .order_by(Court.sort_order, Court.id, Division.sort_order, Division.id)))
    first, last = rules.month_bounds(months[0])[0], rules.month_bounds(months[-1])[1]
    rows = db.session.execute(select(ReversalCase.division_id, ReversalCase.higher_division_id,
                                     ReversalCase.decided_on)
                              .where(ReversalCase.decided_on.between(first, last))).all()
    counts = {m: rules.division_case_counts(rows, m) for m in months}
    meetings = {(m.division_id, m.month): m for m in db.session.scalars(
        select(QualityMeeting).where(QualityMeeting.month.in_(months)))}
    cells = {}
    for division in divisions:
        for month in months:
            meeting = meetings.get((division.id, month))
            count = counts[month].get(division.id, 0)
            held = meeting is not None and meeting.confirmed_at is not None
            cells[(division.id, month)] = (rules.meeting_state(month, count, held, today), meeting, count)
    return divisions, cells
