"""The 发改 programme's lines in the home page's dated to-do list (a `signals.todo_items` receiver).

- the judge in charge: each self-check report with its deadline (REVERSAL_SELF_CHECK_DAYS after
  recording), each evaluation open to an objection (no deadline);
- the office: cases to evaluate (deadline: the oldest self-check deadline + REVERSAL_EVALUATION_DAYS,
  default 15), objections waiting for the meeting, evaluated cases to close;
- a judge of the intermediate court's 审判监督庭: the provincial court's cases to evaluate (same deadline);
- a division head: last month's quality meeting when the division had 发改 cases (deadline
  rules.meeting_deadline) and meeting records to confirm.
A constant number of queries whatever the data.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, url_for
from sqlalchemy import func, or_, select

from models.reversal import HigherLevel, QualityMeeting, ReversalCase, ReversalStatus
from reviewer import permissions as p
from reviewer.extensions import db
from reviewer.reversals import rules
from reviewer.todos.items import Todo
from reviewer.todos.sources import previous_month

PROGRAMME = "发改案件"
MAX_LINES = 10


def reversal_todos(user, today: date) -> list[Todo]:
    if not p.can_list_reversals(user):
        return []
    todos = _judge(user)
    if p.can_manage_reversals(user):
        todos += _office()
    elif p.is_trial_supervision(user):
        todos += _trial_supervision()
    if user.is_division_head and user.division_id:
        todos += _head(user, today)
    return todos


def _judge(user) -> list[Todo]:
    cases = db.session.scalars(select(ReversalCase).where(
        ReversalCase.judge_id == user.id,
        ReversalCase.status.in_([ReversalStatus.SELF_CHECK, ReversalStatus.EVALUATED]))
        .order_by(ReversalCase.self_check_due).limit(MAX_LINES)).all()
    todos = []
    for case in cases:
        url = url_for("reversals.detail", case_id=case.id)
        if case.status == ReversalStatus.SELF_CHECK:
            todos.append(Todo(f"提交自查报告：{case.case_number}（{case.result.label}）", url, PROGRAMME,
                              case.self_check_due))
        else:
            todos.append(Todo(f"评查意见已出，如有异议可申辩一次：{case.case_number}", url, PROGRAMME))
    return todos


def _office() -> list[Todo]:
    rows = dict((status, (count, oldest)) for status, count, oldest in db.session.execute(
        select(ReversalCase.status, func.count(), func.min(ReversalCase.self_check_due))
        .where(ReversalCase.status.in_([ReversalStatus.EVALUATING, ReversalStatus.DISPUTED,
                                        ReversalStatus.EVALUATED]))
        .group_by(ReversalCase.status)))
    days = int(current_app.config.get("REVERSAL_EVALUATION_DAYS", 15))
    todos = []
    count, oldest = rows.get(ReversalStatus.EVALUATING, (0, None))
    if count:
        todos.append(Todo(f"待评查的发改案件（{count} 件）", url_for("reversals.index", status="evaluating"),
                          PROGRAMME, oldest + timedelta(days=days) if oldest else None, count))
    count, _ = rows.get(ReversalStatus.DISPUTED, (0, None))
    if count:
        todos.append(Todo(f"申辩待专业法官会议/审委会决定（{count} 件）",
                          url_for("reversals.index", status="disputed"), PROGRAMME, None, count))
    count, _ = rows.get(ReversalStatus.EVALUATED, (0, None))
    if count:
        todos.append(Todo(f"已评查、待办结的发改案件（{count} 件）",
                          url_for("reversals.index", status="evaluated"), PROGRAMME, None, count))
    return todos


def _trial_supervision() -> list[Todo]:
    count, oldest = db.session.execute(
        select(func.count(ReversalCase.id), func.min(ReversalCase.self_check_due)).where(
            ReversalCase.status == ReversalStatus.EVALUATING,
            ReversalCase.higher_level == HigherLevel.PROVINCIAL)).one()
    if not count:
        return []
    days = int(current_app.config.get("REVERSAL_EVALUATION_DAYS", 15))
    return [Todo(f"待审判监督庭评查的省高院发改案件（{count} 件）",
                 url_for("reversals.index", status="evaluating"), PROGRAMME,
                 oldest + timedelta(days=days) if oldest else None, count)]


def _head(user, today: date) -> list[Todo]:
    last = previous_month(today)
    first, end = rules.month_bounds(last)
    cases = db.session.scalar(select(func.count(ReversalCase.id)).where(
        or_(ReversalCase.division_id == user.division_id, ReversalCase.higher_division_id == user.division_id),
        ReversalCase.decided_on.between(first, end))) or 0
    meetings = db.session.execute(select(QualityMeeting.month, QualityMeeting.confirmed_at).where(
        QualityMeeting.division_id == user.division_id,
        or_(QualityMeeting.month == last, QualityMeeting.confirmed_at.is_(None)))).all()
    todos = []
    unconfirmed = sum(1 for _m, confirmed in meetings if confirmed is None)
    if unconfirmed:
        todos.append(Todo(f"评析会记录待庭长确认（{unconfirmed} 份）", url_for("reversals.meeting_board"),
                          PROGRAMME, None, unconfirmed))
    if cases and not any(m == last for m, _c in meetings):
        todos.append(Todo(f"{last} 案件质量评析会（本部门发改案件 {cases} 件）",
                          url_for("reversals.meeting_new", division_id=user.division_id, month=last),
                          PROGRAMME, rules.meeting_deadline(last)))
    return todos
