"""Home-page panels of the evaluation work: the reviewer's queue, the office's decisions, the
judge's own results. Each panel is a constant number of aggregate queries, whatever the data."""
from __future__ import annotations

from datetime import timedelta

from flask import url_for
from sqlalchemy import and_, case, func, select

from models import Judgment, JudgmentStatus, JudgmentStatusCount
from models.month import current_evaluation_month
from models.ranking import MonthlyRanking, RankingStatus
from models.review import Assignment, Evaluation
from reviewer import clock, permissions as p
from reviewer.extensions import db
from reviewer.reviews.progress import month_progress
from reviewer.todos.office_counts import office_counts

DUE_SOON_DAYS = 3


def reviewer_panel(user):
    """Assignments not yet submitted: all, overdue, due within DUE_SOON_DAYS."""
    if not p.can_view_review_queue(user):
        return None
    today = clock.today()
    row = db.session.execute(
        select(func.count(Assignment.id),
               func.sum(case((Assignment.due_date < today, 1), else_=0)),
               func.sum(case((and_(Assignment.due_date >= today,
                                   Assignment.due_date <= today + timedelta(days=DUE_SOON_DAYS)), 1), else_=0)))
        .where(Assignment.reviewer_id == user.id, Assignment.submitted_at.is_(None))   # ix_assignments_open
    ).one()
    queue = url_for("reviews.index")
    return {"title": "我的评查任务", "items": [
        ("待完成", queue, row[0] or 0), ("已逾期", queue, row[1] or 0),
        (f"{DUE_SOON_DAYS} 日内到期", queue, row[2] or 0)]}


def office_panel(user):
    """What waits for the office: grades to confirm, large spreads, objections, draft lists."""
    if not p.is_admin(user):
        return None
    counts = office_counts()   # shared with the to-do list: read once per request
    drafts = db.session.scalar(
        select(func.count(MonthlyRanking.id)).where(MonthlyRanking.status == RankingStatus.DRAFT)) or 0
    board = url_for("reviews.board")
    month = current_evaluation_month()
    progress = [(f"{month} {kp.label}：已评 {kp.totals.reviewed}/{kp.totals.total} · 已公布 {kp.totals.published}"
                 " · 待确认", url_for("reviews.board", kind=kp.kind, month=month), kp.totals.to_confirm)
                for kp in month_progress(month)]
    return {"title": "审管办待办", "items": progress + [
        ("评查已完成、待确认等级", board, counts.unconfirmed), ("其中评分分歧较大", board, counts.spread),
        ("待答复的异议", url_for("objections.index"), counts.objections),
        ("未公布的月度榜单草稿", url_for("rankings.index"), drafts)]}


def judge_panel(user):
    """A judge's own judgments with a confirmed evaluation, and the library."""
    if not p.is_judge(user):
        return None
    evaluated = db.session.scalar(
        select(func.count(Evaluation.id)).join(
            Judgment, and_(Evaluation.subject_kind == "judgment", Evaluation.subject_id == Judgment.id))
        .where(Judgment.judge_id == user.id, Evaluation.final_grade.is_not(None))) or 0
    return {"title": "我的文书与学习", "items": [
        ("我的文书评查结果", url_for("objections.mine"), evaluated),
        ("优秀/瑕疵文书范例库", url_for("exemplars.index"), db.session.scalar(   # kept on write
            select(func.sum(JudgmentStatusCount.count)).where(
                JudgmentStatusCount.status == JudgmentStatus.PUBLISHED.name)) or 0)]}

