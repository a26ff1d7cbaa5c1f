"""Aggregate queries for the statistics page. Each function is one SQL statement, whatever the size.

Every query is per kind of subject: judgments (裁判文书) or hearing recordings (庭审录像); both
carry the month they were submitted for and their court, and are evaluated the same way.

Severity (宽严度) of a reviewer: for each of their submitted sheets on a subject that other
reviewers also scored, their total deduction minus the mean total deduction of the *other*
reviewers on that subject; the reviewer's severity is the mean of those differences. Positive
means stricter than their co-reviewers, negative more lenient. Sheets without co-reviewers do not
count towards severity (they have nothing to be compared with).

Periods: every function takes `period`, a year ("2026"), a month ("2026-04") or None (all
months). Whatever the period, each statement starts from the period's subject ids (`subject_id
IN (SELECT id … WHERE month …)`, on the month index) and reaches evaluations, reviews and item
rows through their subject and review indexes, so its cost follows the period's size, not the
years stored. The severity table reads the reviewers' month totals, kept on write
(reviewer/stats/totals.py). The page defaults to the latest year (docs/performance.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select, true

from models import (
    Court,
    Evaluation,
    Grade,
    Hearing,
    Judgment,
    ReviewerMonthTotal,
    User,
)
from models.month import is_month
from reviewer.extensions import db
from reviewer.keyset import skip_scan

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


def valid_period(value: str | None) -> str | None:
    """`value` if it is a year (YYYY) or a month (YYYY-MM), else None."""
    return value if value and (is_month(value) or re.fullmatch(r"\d{4}", value)) else None


def _in_period(model, period: str | None):
    if period is None:
        return true()
    if len(period) == 4:
        return and_(model.month >= f"{period}-01", model.month <= f"{period}-12")
    return model.month == period


def _subject_ids(model, period: str | None):
    return select(model.id).where(_in_period(model, period))


def court_month(period: str | None = None, court_id: int | None = None,
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
        .where(Evaluation.final_grade.is_not(None), _in_period(model, period))
        .group_by(model.month, Court.id, Court.name)
        .order_by(model.month.desc(), Court.id)
    )
    if period is not None:
        query = query.where(Evaluation.subject_id.in_(_subject_ids(model, period)))
    if court_id:
        query = query.where(Court.id == court_id)
    return [CourtMonth(row[0], row[1], row[2], row[3], _round(row[4]),
                       {grade: int(row[5 + i] or 0) for i, grade in enumerate(Grade)})
            for row in db.session.execute(query)]


def reviewers(period: str | None = None, kind: str = "judgment") -> list[ReviewerRow]:
    """Per reviewer: submitted sheets on `kind`, mean total deduction, severity (module docstring).

    Read from the reviewers' month totals (`ReviewerMonthTotal`, kept on write by
    reviewer/stats/totals.py): at most 12 rows per reviewer for a year, whatever the sheets."""
    t = ReviewerMonthTotal
    sheets, compared = func.sum(t.sheets), func.sum(t.compared)
    # "* 1.0": SQLite stores whole-number decimals as integers and would divide them as integers.
    severity = func.sum(t.difference_sum) * 1.0 / func.nullif(compared, 0)
    query = (
        select(User.id, User.display_name, Court.name, sheets, func.sum(t.deduction_sum) * 1.0 / sheets,
               compared, severity)
        .join(User, User.id == t.reviewer_id)
        .outerjoin(Court, Court.id == User.court_id)
        .where(t.subject_kind == kind, t.sheets > 0, _in_period(t, period))
        .group_by(User.id, User.display_name, Court.name)
        .order_by(severity.desc().nulls_last(), User.id)
    )
    return [ReviewerRow(r[0], r[1], r[2], int(r[3]), _round(r[4]), int(r[5]), _round(r[6]))
            for r in db.session.execute(query)]


def months(kind: str = "judgment") -> list[str]:
    """Months that have subjects of `kind`, newest first.

    A skip scan down the month index (a recursive CTE: the newest month, then the newest before it,
    …): one index probe per month, where a DISTINCT read every subject of every year (50,000 index
    entries at ten years, 40 ms on PostgreSQL)."""
    return skip_scan(SUBJECT_MODELS[kind].month, descending=True)


def latest_year(kind: str = "judgment") -> str | None:
    """The year of the newest month with subjects of `kind` (the page's default period)."""
    model = SUBJECT_MODELS[kind]
    newest = db.session.scalar(select(func.max(model.month)))
    return newest[:4] if newest else None
