"""The home page's dated to-do items of the 发改 programme (a `home_panels` receiver).

Judge: each self-check report due (with its date, overdue marked) and each evaluation open to an
objection. Office: evaluations to do, disputed cases waiting for a meeting, the oldest due date.
Division head: meeting records to confirm and this division's meetings due. A constant number
of queries per panel.
"""
from __future__ import annotations

from datetime import date

from flask import url_for
from sqlalchemy import func, select

from models.reversal import QualityMeeting, ReversalCase, ReversalStatus
from reviewer import permissions as p
from reviewer.extensions import db
from reviewer.reversals import meetings, rules

MAX_ITEMS = 5


def reversals_panel(user):
    if not p.can_list_reversals(user):
        return None
    today = date.today()
    items: list[tuple[str, str, int]] = []
    own = db.session.scalars(select(ReversalCase).where(
        ReversalCase.judge_id == user.id,
        ReversalCase.status.in_([ReversalStatus.SELF_CHECK, ReversalStatus.EVALUATED]))
        .order_by(ReversalCase.self_check_due).limit(MAX_ITEMS)).all()
    for case in own:
        url = url_for("reversals.detail", case_id=case.id)
        if case.status == ReversalStatus.SELF_CHECK:
            late = "（已逾期）" if case.self_check_overdue(today) else ""
            items.append((f"自查报告 {case.case_number} · {case.self_check_due} 前{late}", url, 1))
        elif case.evaluation is not None and case.evaluation.objected_at is None:
            items.append((f"评查意见已出，可申辩 · {case.case_number}", url, 1))
    if p.can_manage_reversals(user):
        counts = dict(db.session.execute(select(ReversalCase.status, func.count()).where(
            ReversalCase.status.in_([ReversalStatus.EVALUATING, ReversalStatus.DISPUTED,
                                     ReversalStatus.EVALUATED])).group_by(ReversalCase.status)).all())
        overdue = db.session.scalar(select(func.count()).select_from(ReversalCase).where(
            ReversalCase.status == ReversalStatus.SELF_CHECK, ReversalCase.self_check_due < today)) or 0
        index = url_for("reversals.index")
        items += [("待评查的发改案件", url_for("reversals.index", status="evaluating"),
                   counts.get(ReversalStatus.EVALUATING, 0)),
                  ("申辩待会议决定", url_for("reversals.index", status="disputed"),
                   counts.get(ReversalStatus.DISPUTED, 0)),
                  ("已评查待办结", url_for("reversals.index", status="evaluated"),
                   counts.get(ReversalStatus.EVALUATED, 0)),
                  ("自查报告已逾期", index, overdue)]
    if user.is_division_head and user.division_id:
        unconfirmed = db.session.scalar(select(func.count(QualityMeeting.id)).where(
            QualityMeeting.division_id == user.division_id, QualityMeeting.confirmed_at.is_(None))) or 0
        items.append(("评析会记录待庭长确认", url_for("reversals.meeting_board"), unconfirmed))
        last_month = rules.previous_month(today)
        if meetings.cases_of(user.division_id, last_month) and not unconfirmed:
            held = db.session.scalar(select(QualityMeeting.id).where(
                QualityMeeting.division_id == user.division_id, QualityMeeting.month == last_month))
            if held is None:
                items.append((f"{last_month} 案件质量评析会 · {rules.meeting_deadline(last_month)} 前召开",
                              url_for("reversals.meeting_new", division_id=user.division_id, month=last_month), 1))
    if not items:
        return None
    return {"title": "发改案件待办", "items": items}
