"""Aggregate queries for the statistics page. Each function is one SQL statement, whatever the size.

Every query is per kind of subject: judgments (裁判文书) or hearing recordings (庭审录像); both
carry the month they were submitted for and their court, and are evaluated the same way.

Severity (宽严度) of a reviewer: for each of their submitted sheets on a subject that other
reviewers also scored, their total deduction minus the mean total deduction of the *other*
reviewers on that subject; the reviewer's severity is the mean of those differences. Positive
means stricter than their co-reviewers, negative more lenient. Sheets without co-reviewers do not
count towards severity (they have nothing to be compared with).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from models import Court, Evaluation, Grade, Hearing, Judgment, Review, ReviewItemScore, ReviewStatus, User
from reviewer.extensions import db


SUBJECT_MODELS = {"judgment": Judgment, "hearing": Hearing}
SUBJECT_LABELS = {"judgment": "裁判文书", "hearing": "庭审录像"}


@dataclass(frozen=True)
class CourtMonth:
    month: str
    court_id: int
    court: str
    evaluated: int
    mean_score: float | None
    grades: dict  # Grade → count


@dataclass(frozen=True)
class ReviewerRow:
    reviewer_id: int
    name: str
    court: str | None
    reviews: int
    mean_deduction: float | None
    compared: int          # sheets that had co-reviewers
    severity: float | None


def _round(value) -> float | None:
    return None if value is None else round(float(value), 2)


def court_month(month: str | None = None, court_id: int | None = None,
                kind: str = "judgment") -> list[CourtMonth]:
    """Confirmed evaluations of `kind` per month and court: count, mean score, grade distribution."""
    model = SUBJECT_MODELS[kind]
    grade_columns = [func.sum(case((Evaluation.final_grade == grade, 1), else_=0)).label(grade.name)
                     for grade in Grade]
    query = (
        select(model.month, Court.id, Court.name, func.count(Evaluation.id),
               func.avg(Evaluation.computed_score), *grade_columns)
        .join(Evaluation, and_(Evaluation.subject_kind == kind, Evaluation.subject_id == model.id))
        .join(Court, Court.id == model.court_id)
        .where(Evaluation.final_grade.is_not(None))
        .group_by(model.month, Court.id, Court.name)
        .order_by(model.month.desc(), Court.id)
    )
    if month:
        query = query.where(model.month == month)
    if court_id:
        query = query.where(Court.id == court_id)
    return [CourtMonth(row[0], row[1], row[2], row[3], _round(row[4]),
                       {grade: int(row[5 + i] or 0) for i, grade in enumerate(Grade)})
            for row in db.session.execute(query)]


def reviewers(month: str | None = None, kind: str = "judgment") -> list[ReviewerRow]:
    """Per reviewer: submitted sheets on `kind`, mean total deduction, severity (module docstring)."""
    model = SUBJECT_MODELS[kind]
    totals = (
        select(Review.id.label("review_id"), Review.reviewer_id, Review.subject_id,
               func.coalesce(func.sum(ReviewItemScore.deduction), 0).label("total"))
        .outerjoin(ReviewItemScore, ReviewItemScore.review_id == Review.id)
        .join(model, model.id == Review.subject_id)
        .where(Review.subject_kind == kind, Review.status == ReviewStatus.SUBMITTED)
        .group_by(Review.id, Review.reviewer_id, Review.subject_id)
    )
    if month:
        totals = totals.where(model.month == month)
    totals = totals.cte("review_totals")
    subjects = (select(totals.c.subject_id, func.sum(totals.c.total).label("sum_total"),
                       func.count().label("n"))
                .group_by(totals.c.subject_id).cte("subject_totals"))
    # "* 1.0": SQLite stores whole-number decimals as integers and would divide them as integers.
    others_mean = (subjects.c.sum_total - totals.c.total) * 1.0 / (subjects.c.n - 1)
    difference = case((subjects.c.n > 1, totals.c.total - others_mean), else_=None)
    query = (
        select(User.id, User.display_name, Court.name, func.count(totals.c.review_id),
               func.avg(totals.c.total), func.count(difference), func.avg(difference))
        .select_from(totals)
        .join(subjects, subjects.c.subject_id == totals.c.subject_id)
        .join(User, User.id == totals.c.reviewer_id)
        .outerjoin(Court, Court.id == User.court_id)
        .group_by(User.id, User.display_name, Court.name)
        .order_by(func.avg(difference).desc().nulls_last(), User.id)
    )
    return [ReviewerRow(r[0], r[1], r[2], r[3], _round(r[4]), r[5], _round(r[6]))
            for r in db.session.execute(query)]


def months(kind: str = "judgment") -> list[str]:
    model = SUBJECT_MODELS[kind]
    return db.session.scalars(
        select(model.month)
        .join(Evaluation, and_(Evaluation.subject_kind == kind, Evaluation.subject_id == model.id))
        .where(Evaluation.final_grade.is_not(None)).distinct().order_by(model.month.desc())
    ).all()
