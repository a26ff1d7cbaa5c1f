"""The publication lock: once a ranking is published, the scores behind it cannot change.

`ensure_evaluation_unlocked(kind, id)` is what a service calls before changing a review or an
evaluation. As a safety net for every code path, a `before_flush` hook refuses to flush changes to
a locked evaluation's score or grade, or to the reviews, item scores and remarks of a locked subject.
Changing `locked` itself (publish / unpublish) is allowed.
"""
from __future__ import annotations

from sqlalchemy import inspect, select, tuple_
from sqlalchemy.orm import Session

from models import Evaluation, Review, ReviewItemScore, ReviewRemark
from reviewer.errors import DomainError

GUARDED_FIELDS = ("computed_score", "computed_grade", "final_grade", "vetoed", "override_reason",
                  "confirmed_at", "confirmed_by_id", "review_count")


class EvaluationLocked(DomainError):
    def __init__(self):
        super().__init__("该评查结果已随榜单公布并锁定，不能修改；如确需修改，请先由审管办撤销公布并说明理由。")


def ensure_evaluation_unlocked(session: Session, subject_kind: str, subject_id: int) -> None:
    locked = session.scalar(select(Evaluation.locked).where(
        Evaluation.subject_kind == subject_kind, Evaluation.subject_id == subject_id))
    if locked:
        raise EvaluationLocked()


def refuse_changes_to_locked(session: Session, _context, _instances) -> None:
    subjects = set()
    review_ids = set()
    with session.no_autoflush:
        _collect(session, subjects, review_ids)
    if not subjects and not review_ids:
        return
    with session.no_autoflush:
        if review_ids:
            subjects |= set(session.execute(select(Review.subject_kind, Review.subject_id)
                                            .where(Review.id.in_(review_ids))).all())
        if session.scalar(select(Evaluation.id).where(
                tuple_(Evaluation.subject_kind, Evaluation.subject_id).in_(list(subjects)),
                Evaluation.locked.is_(True)).limit(1)) is not None:
            raise EvaluationLocked()


def _collect(session: Session, subjects: set, review_ids: set) -> None:
    for obj in list(session.dirty) + list(session.new) + list(session.deleted):
        if isinstance(obj, Evaluation):
            state = inspect(obj)
            if obj.locked and not state.attrs.locked.history.has_changes() and any(
                    state.attrs[name].history.has_changes() for name in GUARDED_FIELDS):
                raise EvaluationLocked()
        elif isinstance(obj, Review):
            if obj.subject_kind and obj.subject_id is not None:
                subjects.add((obj.subject_kind, obj.subject_id))
        elif isinstance(obj, (ReviewItemScore, ReviewRemark)):
            review = inspect(obj).attrs.review.loaded_value
            if isinstance(review, Review) and review.subject_id is not None:
                subjects.add((review.subject_kind, review.subject_id))
            elif obj.review_id is not None:
                review_ids.add(obj.review_id)
