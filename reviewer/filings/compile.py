"""Compiling a court's month from the evaluation data (four queries, whatever the month's size).

The compiled month counts the judgments the court submitted (every status past 待确认), those
evaluated (an evaluation with a grade), the mean combined score, the grade distribution (the
confirmed grade, else the computed one), every deducted item of a submitted review with its
reason, and the reviewers' remarks and overall comments. The result is JSON-serialisable so a
filing can keep it as its snapshot.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from models import (Evaluation, Grade, Judgment, JudgmentStatus, Review, ReviewItemScore,
                    ReviewRemark, ReviewStatus, ScoreItem, User)
from reviewer.extensions import db

SUBJECT = "judgment"


def _fmt(value) -> str | None:
    if value is None:
        return None
    return f"{Decimal(value):.2f}"


def compile_month(court, month: str) -> dict:
    judgments = db.session.execute(
        select(Judgment.id, Judgment.case_number, Judgment.cause, Judgment.purpose,
               User.display_name)
        .outerjoin(User, User.id == Judgment.judge_id)
        .where(Judgment.court_id == court.id, Judgment.month == month,
               Judgment.status != JudgmentStatus.DRAFT)
        .order_by(Judgment.case_number, Judgment.id)).all()
    ids = [row.id for row in judgments]
    numbers = {row.id: row.case_number or f"文书{row.id}" for row in judgments}
    evaluations = {e.subject_id: e for e in db.session.scalars(
        select(Evaluation).where(Evaluation.subject_kind == SUBJECT,
                                 Evaluation.subject_id.in_(ids)))} if ids else {}

    rows, scores = [], []
    grade_counts = {grade: 0 for grade in Grade}
    for row in judgments:
        evaluation = evaluations.get(row.id)
        grade = evaluation.grade if evaluation else None
        if grade is not None:
            grade_counts[grade] += 1
            if evaluation.computed_score is not None:
                scores.append(Decimal(evaluation.computed_score))
        rows.append({
            "id": row.id, "case_number": numbers[row.id], "cause": row.cause or "",
            "judge": row.display_name or "", "purpose": row.purpose.label,
            "score": _fmt(evaluation.computed_score) if evaluation else None,
            "grade": grade.label if grade else None,
        })

    items = db.session.execute(
        select(Review.subject_id, User.display_name, ScoreItem.description, ReviewItemScore.deduction,
               ReviewItemScore.reason)
        .join(Review, Review.id == ReviewItemScore.review_id)
        .join(ScoreItem, ScoreItem.id == ReviewItemScore.item_id)
        .join(User, User.id == Review.reviewer_id)
        .where(Review.subject_kind == SUBJECT, Review.subject_id.in_(ids),
               Review.status == ReviewStatus.SUBMITTED, ReviewItemScore.deduction > 0)
        .order_by(Review.subject_id, ScoreItem.id, User.display_name)).all() if ids else []
    remarks = db.session.execute(
        select(Review.subject_id, User.display_name, ReviewRemark.text, ReviewRemark.paragraph_index)
        .join(Review, Review.id == ReviewRemark.review_id)
        .join(User, User.id == Review.reviewer_id)
        .where(Review.subject_kind == SUBJECT, Review.subject_id.in_(ids),
               Review.status == ReviewStatus.SUBMITTED)
        .order_by(Review.subject_id, ReviewRemark.paragraph_index, ReviewRemark.id)).all() if ids else []
    comments = db.session.execute(
        select(Review.subject_id, User.display_name, Review.overall_comment)
        .join(User, User.id == Review.reviewer_id)
        .where(Review.subject_kind == SUBJECT, Review.subject_id.in_(ids),
               Review.status == ReviewStatus.SUBMITTED, Review.overall_comment.is_not(None))
        .order_by(Review.subject_id, User.display_name)).all() if ids else []

    return {
        "court": court.name, "court_full_name": court.full_name, "month": month,
        "submitted": len(judgments),
        "evaluated": sum(grade_counts.values()),
        "mean_score": _fmt(sum(scores) / len(scores)) if scores else None,
        "grades": [{"grade": g.value, "label": g.label, "count": grade_counts[g]} for g in Grade],
        "judgments": rows,
        "flawed_items": [{"case_number": numbers[r.subject_id], "reviewer": r.display_name,
                          "item": r.description, "deduction": _fmt(r.deduction),
                          "reason": r.reason or ""} for r in items],
        "remarks": [{"case_number": numbers[r.subject_id], "reviewer": r.display_name,
                     "text": r.text, "paragraph": r.paragraph_index} for r in remarks]
                   + [{"case_number": numbers[r.subject_id], "reviewer": r.display_name,
                       "text": r.overall_comment, "paragraph": None} for r in comments
                      if r.overall_comment.strip()],
    }
