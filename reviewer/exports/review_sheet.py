"""The reviews export (评查明细): every submitted review of a period, one row per item of its sheet.

A *period* is a month (YYYY-MM) or a year (YYYY) of the subjects' evaluation month. For each review
there is one row per item of the score sheet it used (deduction 0 and no reason when the reviewer
deducted nothing on that item). Rows are ordered by subject kind (judgments, then hearings), month, court, case number, review.

The sheet is written a month at a time: each month of each subject kind is three queries (its
reviews, their item scores, the subjects' evaluations), held in memory while written, so the
query count depends on the months of the period, not on its rows, and memory on one month's rows.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from models import (Court, Evaluation, Hearing, Judgment, Review, ReviewItemScore, ReviewStatus, ScoreItem,
                    ScoreSection, ScoreSheet, User)
from reviewer.exports.cells import append_row
from reviewer.exports.sheets import check_period, header, in_period, months_of, num
from reviewer.exports.tracking import Tracker
from reviewer.extensions import db
from reviewer.templating import CHINA

SUBJECTS = (("judgment", Judgment, "裁判文书"), ("hearing", Hearing, "庭审"))
REVIEW_COLUMNS = ["评查对象", "月份", "法院", "案号", "案由", "承办法官", "评查员", "评查表", "提交时间",
                  "评查部分", "评查项目", "分值", "扣分", "扣分理由", "一票否决", "本表合计扣分",
                  "综合得分", "等级"]


def _sheet_items() -> dict[int, list[tuple]]:
    """Every sheet's items in order: {sheet id: [(item id, section title, description, points)]}."""
    items = defaultdict(list)
    for row in db.session.execute(
            select(ScoreItem.sheet_id, ScoreItem.id, ScoreSection.title, ScoreItem.description,
                   ScoreItem.points)
            .join(ScoreSection, ScoreSection.id == ScoreItem.section_id)
            .order_by(ScoreItem.sheet_id, ScoreSection.order, ScoreItem.order, ScoreItem.id)):
        items[row.sheet_id].append((row.id, row.title, row.description, row.points))
    return items


def _submitted(kind: str, model, period: str):
    """Review ids of `kind`'s submitted reviews whose subject's month lies in `period`."""
    return (select(Review.id).join(model, model.id == Review.subject_id)
            .where(Review.subject_kind == kind, Review.status == ReviewStatus.SUBMITTED,
                   in_period(model.month, period)))


def _month_chunk(kind: str, model, month: str):
    """(reviews in the sheet's order, {review id: {item id: score row}}, {subject id: evaluation row})."""
    judge, reviewer = aliased(User), aliased(User)
    scores = defaultdict(dict)
    for row in db.session.execute(
            select(ReviewItemScore.review_id, ReviewItemScore.item_id, ReviewItemScore.deduction,
                   ReviewItemScore.reason, ReviewItemScore.veto_hit)
            .where(ReviewItemScore.review_id.in_(_submitted(kind, model, month)))):
        scores[row.review_id][row.item_id] = row
    evaluations = {row.subject_id: row for row in db.session.execute(
        select(Evaluation.subject_id, Evaluation.computed_score, Evaluation.computed_grade,
               Evaluation.final_grade)
        .where(Evaluation.subject_kind == kind,
               Evaluation.subject_id.in_(select(model.id).where(model.month == month))))}
    reviews = db.session.execute(
        select(Review.id, Review.subject_id, Review.sheet_id, Review.submitted_at,
               model.month, model.case_number, model.cause, Court.name.label("court"),
               judge.display_name.label("judge"), reviewer.display_name.label("reviewer"))
        .join(model, model.id == Review.subject_id)
        .join(Court, Court.id == model.court_id)
        .outerjoin(judge, judge.id == model.judge_id)
        .join(reviewer, reviewer.id == Review.reviewer_id)
        .where(Review.subject_kind == kind, Review.status == ReviewStatus.SUBMITTED, model.month == month)
        .order_by(Court.sort_order, Court.id, model.case_number, Review.id)).all()
    return reviews, scores, evaluations


def _write(sheet, label: str, chunk, items, sheet_names, tracker: Tracker) -> None:
    reviews, scores, evaluations = chunk
    for row in reviews:
        own = scores.get(row.id, {})
        total = sum((s.deduction for s in own.values()), Decimal("0"))
        evaluation = evaluations.get(row.subject_id)
        grade = (evaluation.final_grade or evaluation.computed_grade) if evaluation else None
        submitted = row.submitted_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if row.submitted_at else ""
        for item_id, section, description, points in items.get(row.sheet_id, []):
            score = own.get(item_id)
            append_row(sheet, [
                label, row.month, row.court, row.case_number, row.cause or "", row.judge or "",
                row.reviewer, sheet_names.get(row.sheet_id, ""), submitted, section, description,
                num(points), num(score.deduction) if score else 0.0,
                (score.reason or "") if score else "", "是" if score and score.veto_hit else "",
                num(total), num(evaluation.computed_score) if evaluation else None,
                grade.label if grade else "",
            ])
        tracker.advance()


def review_rows(period: str) -> int:
    """Rows of the reviews export of `period` (one per item of each submitted review's sheet),
    counted in SQL: one query per subject kind. Raises DomainError for a malformed period."""
    check_period(period)
    return sum(db.session.scalar(
        select(func.count()).select_from(Review).join(ScoreItem, ScoreItem.sheet_id == Review.sheet_id)
        .where(Review.id.in_(_submitted(kind, model, period)))) or 0 for kind, model, _label in SUBJECTS)


def submitted_reviews(period: str) -> int:
    """Submitted reviews of `period` (both subject kinds), counted in SQL."""
    check_period(period)
    return sum(db.session.scalar(select(func.count()).select_from(_submitted(kind, model, period).subquery()))
               or 0 for kind, model, _label in SUBJECTS)


def reviews_book(period: str, tracker: Tracker | None = None) -> Workbook:
    """The reviews export of `period` as a write-only workbook, not yet saved. Progress counts
    reviews; `tracker.pause()` after each month's reads. Raises DomainError for a bad period."""
    check_period(period)
    tracker = tracker or Tracker()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("评查明细")
    header(sheet, REVIEW_COLUMNS)
    items = _sheet_items()
    sheet_names = {row.id: f"{row.name}（第{row.version}版）" for row in db.session.execute(
        select(ScoreSheet.id, ScoreSheet.name, ScoreSheet.version))}
    tracker.start(submitted_reviews(period))
    for kind, model, label in SUBJECTS:
        for month in months_of(period):
            chunk = _month_chunk(kind, model, month)
            tracker.pause()
            _write(sheet, label, chunk, items, sheet_names, tracker)
    return workbook
