"""The statistics export (评查统计): per court and per reviewer, for judgments and hearing
recordings, with the agreement and severity sheets of the period (reviewer.agreement.export).

Aggregates are computed in SQL; the number of queries does not depend on the rows.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from openpyxl import Workbook
from sqlalchemy import func, select

from models import Court, Evaluation, Grade, Hearing, Judgment, JudgmentStatus, Review, ReviewItemScore, ReviewStatus, User
from reviewer.agreement.export import write_agreement_sheets
from reviewer.exports.cells import append_row
from reviewer.exports.sheets import check_period, header, in_period
from reviewer.exports.tracking import Tracker
from reviewer.extensions import db

# (subject kind, model, what counts as submitted, sheet name prefix, noun in the header)
STATISTICS = (
    ("judgment", Judgment, lambda m: m.status != JudgmentStatus.DRAFT, "", "报送文书"),
    ("hearing", Hearing, lambda m: m.submitted_at.is_not(None), "庭审", "报送录像"),
)
STEPS_PER_KIND = 3   # court sheet, reviewer sheet, agreement sheets: the progress's unit


def statistics_book(period: str, tracker: Tracker | None = None) -> Workbook:
    """Per court: submitted, evaluated, mean score, grades; per reviewer: sheets, mean deduction —
    for judgments (sheets 法院统计, 评查员统计) and for hearing recordings (庭审法院统计, 庭审评查员统计).
    A write-only workbook, not yet saved; progress counts the sheets' steps.

    As on the statistics page, a subject counts as evaluated (已评定) once the office confirmed its
    grade; a computed but unconfirmed result is not yet a grade. Raises DomainError for a bad period.
    """
    check_period(period)
    tracker = tracker or Tracker()
    tracker.start(STEPS_PER_KIND * len(STATISTICS))
    workbook = Workbook(write_only=True)
    courts = db.session.execute(select(Court.id, Court.name).order_by(Court.sort_order, Court.id)).all()
    for kind, model, submitted, prefix, noun in STATISTICS:
        _court_statistics(workbook.create_sheet(f"{prefix}法院统计"), kind, model, submitted(model),
                          noun, courts, period)
        tracker.advance()
        tracker.pause()
        _reviewer_statistics(workbook.create_sheet(f"{prefix}评查员统计"), kind, model, period)
        tracker.advance()
        tracker.pause()
        write_agreement_sheets(workbook, kind, period, prefix, append_row=append_row)
        tracker.advance()
        tracker.pause()
    return workbook


def _court_statistics(sheet, kind, model, submitted_clause, noun, courts, period) -> None:
    grades = list(Grade)
    header(sheet, ["法院", noun, "已评定", "平均分"] + [g.label for g in grades])
    grade_col = Evaluation.final_grade
    evaluated = (select(model.court_id, grade_col, func.count(Evaluation.id), func.sum(Evaluation.computed_score),
                        func.count(Evaluation.computed_score))
                 .join(model, model.id == Evaluation.subject_id)
                 .where(Evaluation.subject_kind == kind, in_period(model.month, period), grade_col.is_not(None))
                 .group_by(model.court_id, grade_col))
    counts, score_sum, scored = defaultdict(dict), defaultdict(Decimal), defaultdict(int)
    for court_id, grade, count, total, n_scored in db.session.execute(evaluated):
        counts[court_id][grade] = count
        score_sum[court_id] += Decimal(total or 0)
        scored[court_id] += n_scored
    submitted = dict(db.session.execute(
        select(model.court_id, func.count(model.id))
        .where(in_period(model.month, period), submitted_clause)
        .group_by(model.court_id)).all())
    for court in courts:
        by_grade = counts.get(court.id, {})
        mean = round(float(score_sum[court.id] / scored[court.id]), 2) if scored.get(court.id) else None
        append_row(sheet, [court.name, submitted.get(court.id, 0), sum(by_grade.values()), mean]
                     + [by_grade.get(g, 0) for g in grades])


def _reviewer_statistics(sheet, kind, model, period) -> None:
    header(sheet, ["评查员", "所属法院", "提交评查表", "平均每表扣分", "与全体平均相比"])
    totals = (select(Review.id.label("review_id"), Review.reviewer_id,
                     func.coalesce(func.sum(ReviewItemScore.deduction), 0).label("total"))
              .outerjoin(ReviewItemScore, ReviewItemScore.review_id == Review.id)
              .join(model, model.id == Review.subject_id)
              .where(Review.subject_kind == kind, Review.status == ReviewStatus.SUBMITTED,
                     in_period(model.month, period))
              .group_by(Review.id, Review.reviewer_id).subquery())
    rows = db.session.execute(
        select(User.display_name, Court.name, func.count(totals.c.review_id), func.avg(totals.c.total))
        .join(totals, totals.c.reviewer_id == User.id)
        .outerjoin(Court, Court.id == User.court_id)
        .group_by(User.id, User.display_name, Court.name)
        .order_by(User.display_name)).all()
    reviews = sum(r[2] for r in rows)
    overall = (sum(float(r[3]) * r[2] for r in rows) / reviews) if reviews else 0.0
    for name, court_name, count, mean in rows:
        append_row(sheet, [name, court_name or "", count, round(float(mean), 2), round(float(mean) - overall, 2)])

