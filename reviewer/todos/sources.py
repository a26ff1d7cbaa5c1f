"""What each programme contributes to the to-do list: receivers of `signals.todo_items`.

Each receiver is `fn(user, today) -> list[Todo]` and runs a constant number of queries, whatever
the amount of data (the home page's query count does not grow). Deadlines:

- review assignments: their own due date (set at assignment);
- last month's excellent/flawed list: compiled and published by day `RANKING_DEADLINE_DAY` (15) of
  the following month (an office setting; the plan asks for a monthly publication);
- objections: answered within `OBJECTION_ANSWER_DAYS` (15) of being lodged;
- monthly filings (报备): day `FILING_DEADLINE_DAY` (5) of the next month (`filings.rules.deadline`);
- hearing quotas (精品/瑕疵 per basic court per month): the month's quota deadline
  (`hearings.quotas.deadlines`, default day 5 of the next month, or the date the office set);
- the year's top-ten lists in their comment period: the end of that period;
- grades to confirm, draws waiting for the public value, drawn judgments to upload: no deadline.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, url_for
from sqlalchemy import and_, func, select

from models import Court, CourtLevel
from models.draw import DrawEntry, EntryStatus, MonthlyDraw
from models.filing import MonthlyFiling
from models.hearing_programme import TopTenList, TopTenStatus
from models.ranking import MonthlyRanking, RankingStatus
from models.review import Assignment, Review, ReviewStatus
from reviewer import permissions as p
from reviewer import subjects
from reviewer.extensions import db
from reviewer.filings import rules as filing_rules
from reviewer.hearings import quotas
from reviewer.hearings.quota_rules import QuotaState
from reviewer.templating import CHINA
from reviewer.todos.items import Todo
from reviewer.todos.office_counts import office_counts

MAX_REVIEW_LINES = 15
QUOTA_LABELS = {"excellent": "精品庭审", "flawed": "瑕疵庭审"}


def previous_month(today: date) -> str:
    first = today.replace(day=1) - timedelta(days=1)
    return f"{first.year:04d}-{first.month:02d}"


def _day_of(today: date, day: int) -> date:
    return today.replace(day=max(1, min(day, 28)))


def review_todos(user, today: date) -> list[Todo]:
    """The reviewer's open sheets by due date (drafts and sheets sent back marked)."""
    if not p.can_view_review_queue(user):
        return []
    rows = db.session.execute(
        select(Assignment.subject_kind, Assignment.subject_id, Assignment.due_date, Review.status,
               func.count().over().label("total"))
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(Assignment.reviewer_id == user.id, Assignment.submitted_at.is_(None))   # ix_assignments_open
        .order_by(Assignment.due_date.is_(None), Assignment.due_date, Assignment.id)
        .limit(MAX_REVIEW_LINES)).all()
    loaded = {kind: subjects.load_many(kind, [r.subject_id for r in rows if r.subject_kind == kind])
              for kind in {r.subject_kind for r in rows}}
    todos = []
    for row in rows:
        spec, obj = subjects.get(row.subject_kind), loaded[row.subject_kind].get(row.subject_id)
        if spec is None or obj is None:
            continue
        state = {ReviewStatus.DRAFT: "（草稿未提交）", ReviewStatus.REOPENED: "（已退回修改）"}.get(row.status, "")
        todos.append(Todo(f"评查{spec.label}：{spec.title(obj)}{state}",
                          url_for("reviews.review", kind=row.subject_kind, subject_id=row.subject_id),
                          "评查", row.due_date, remind=False))
    total = rows[0].total if rows else 0
    if total > MAX_REVIEW_LINES:
        todos.append(Todo(f"另有 {total - MAX_REVIEW_LINES} 项评查任务", url_for("reviews.index"), "评查",
                          None, total - MAX_REVIEW_LINES, remind=False))
    return todos


def office_todos(user, today: date) -> list[Todo]:
    """The office's month: grades, objections, the list, filings, quotas, draws, the top-ten."""
    if not p.is_admin(user):
        return []
    config, prev, todos = current_app.config, previous_month(today), []
    counts = office_counts()   # shared with the office's home-page panel: read once per request
    if counts.unconfirmed:
        todos.append(Todo(f"评查已完成、待确认等级（{counts.unconfirmed} 件）", url_for("reviews.board"), "评查",
                          None, counts.unconfirmed))
    if counts.objections:
        due = counts.oldest_objection.astimezone(CHINA).date() + timedelta(days=config.get("OBJECTION_ANSWER_DAYS", 15))
        todos.append(Todo(f"待答复的异议（{counts.objections} 件）", url_for("objections.index"), "异议", due,
                          counts.objections))
    status = db.session.scalar(select(MonthlyRanking.status).where(MonthlyRanking.month == prev))
    if status != RankingStatus.PUBLISHED:
        todos.append(Todo(f"{prev} 月度优秀/瑕疵裁判文书{'榜单待编制' if status is None else '榜单草稿待公布'}",
                          url_for("rankings.edit", month=prev), "月度榜单",
                          _day_of(today, config.get("RANKING_DEADLINE_DAY", 15))))
    basic = select(Court.id).where(Court.level == CourtLevel.BASIC, Court.active.is_(True))
    unfiled = db.session.scalar(select(func.count()).select_from(basic.where(~Court.id.in_(
        select(MonthlyFiling.court_id).where(MonthlyFiling.month == prev))).subquery())) or 0
    if unfiled:
        todos.append(Todo(f"{prev} 每月报备案：{unfiled} 个基层法院未报备", url_for("filings.board"), "报备",
                          filing_rules.deadline(prev, config.get("FILING_DEADLINE_DAY", 5)), unfiled))
    todos += _quota_todos(quotas.basic_courts(), prev, today, office=True)
    waiting = counts.announced_draws
    if waiting:
        todos.append(Todo(f"已公告、待录入公开随机值的抽取（{waiting} 次）", url_for("draws.index"), "随机抽取",
                          None, waiting))
    for year, until in db.session.execute(select(TopTenList.year, func.min(TopTenList.comment_until))
                                          .where(TopTenList.status == TopTenStatus.COMMENT)
                                          .group_by(TopTenList.year)):
        todos.append(Todo(f"{year} 年十大庭审榜单公示期满后发布", url_for("hearings.top_ten", year=year),
                          "十大庭审", until))
    return todos


def liaison_todos(user, today: date) -> list[Todo]:
    """A basic court's liaison: last month's filing and hearing quota, drawn judgments to upload."""
    if not (p.is_liaison(user) and user.court_id is not None):
        return []
    court = db.session.get(Court, user.court_id)
    if court is None or court.level != CourtLevel.BASIC:
        return []
    config, prev, todos = current_app.config, previous_month(today), []
    if db.session.scalar(select(MonthlyFiling.id).where(MonthlyFiling.court_id == court.id,
                                                       MonthlyFiling.month == prev)) is None:
        todos.append(Todo(f"{prev} 每月报备案", url_for("filings.detail", court_id=court.id, month=prev), "报备",
                          filing_rules.deadline(prev, config.get("FILING_DEADLINE_DAY", 5))))
    todos += _quota_todos([court], prev, today, office=False)
    drawn = db.session.scalar(select(func.count(DrawEntry.id)).join(MonthlyDraw).where(
        and_(MonthlyDraw.court_id == court.id, DrawEntry.status == EntryStatus.DRAWN,
             DrawEntry.judgment_id.is_(None)))) or 0
    if drawn:
        todos.append(Todo(f"被抽中的庭长文书待上传（{drawn} 份）", url_for("draws.index"), "随机抽取", None, drawn))
    return todos


def _quota_todos(courts: list[Court], month: str, today: date, *, office: bool) -> list[Todo]:
    if not courts:
        return []
    cells = quotas.board([month], courts, today)
    short = [(court, cells[(court.id, month)]) for court in courts
             if cells[(court.id, month)].state in (QuotaState.MISSING, QuotaState.PENDING)]
    if not short:
        return []
    due, url = short[0][1].deadline, url_for("hearings.quotas")
    if office:
        return [Todo(f"{month} 庭审报送：{len(short)} 个基层法院未报齐精品/瑕疵庭审", url, "庭审", due, len(short))]
    missing = "、".join(QUOTA_LABELS.get(kind, kind) for kind in short[0][1].missing)
    return [Todo(f"{month} 庭审报送：尚缺{missing}", url_for("hearings.new"), "庭审", due)]
