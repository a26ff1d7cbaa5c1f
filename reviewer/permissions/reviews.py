"""Reviews, assignments, combining and score sheets."""
from __future__ import annotations

from sqlalchemy import select
from models import Assignment, Review, ReviewStatus
from reviewer import subjects
from reviewer.extensions import db
from reviewer.subjects.recusal import recusal_problem
from reviewer.permissions.base import is_admin, is_reviewer

__all__ = ['can_manage_score_sheets', 'can_manage_assignments', 'can_view_review_queue', 'can_score', 'recusal_holds', 'can_view_review', 'leads_panel', 'can_reopen_review', 'can_compare_reviews', 'can_confirm_grade', 'can_confirm_in_batch']


def can_manage_score_sheets(user) -> bool:
    return is_admin(user)


def can_manage_assignments(user) -> bool:
    return is_admin(user)


def can_confirm_in_batch(user) -> bool:
    """Confirming a month's unflagged grades in one step: the office only (a panel leader confirms
    the subjects they lead one by one)."""
    return is_admin(user)


def can_view_review_queue(user) -> bool:
    return is_reviewer(user)


def can_score(user, assignment) -> bool:
    """Only the assigned reviewer scores, and only while recusal still holds (court/judge)."""
    if not is_reviewer(user) or assignment is None or assignment.reviewer_id != user.id:
        return False
    return recusal_holds(user, assignment.subject_kind, assignment.subject_id)


def recusal_holds(user, subject_kind: str, subject_id: int) -> bool:
    """The subject exists and the user may still review it (not their court, not their judgment)."""
    subject = subjects.load(subject_kind, subject_id)
    return subject is not None and recusal_problem(user, subject_kind, subject) is None


def can_view_review(user, review) -> bool:
    """The admin sees every sheet; a reviewer their own; the panel leader the other submitted
    sheets of the subject they lead (never others' drafts)."""
    if is_admin(user) or (is_reviewer(user) and review.reviewer_id == user.id):
        return True
    return (is_reviewer(user) and review.status == ReviewStatus.SUBMITTED
            and leads_panel(user, review.subject_kind, review.subject_id))


def leads_panel(user, subject_kind: str, subject_id: int) -> bool:
    """The user is the panel leader (组长) of the subject, has submitted their own sheet (they
    form their own view before seeing the others'), and recusal still holds for them."""
    leading = db.session.scalar(
        select(Assignment.id).join(Review, Review.assignment_id == Assignment.id).where(
            Assignment.subject_kind == subject_kind, Assignment.subject_id == subject_id,
            Assignment.reviewer_id == user.id, Assignment.is_leader.is_(True),
            Review.status == ReviewStatus.SUBMITTED).limit(1))
    return leading is not None and recusal_holds(user, subject_kind, subject_id)


def can_reopen_review(user, review) -> bool:
    return is_admin(user) and review.status == ReviewStatus.SUBMITTED


def can_compare_reviews(user, subject_kind: str | None = None, subject_id: int | None = None) -> bool:
    """All sheets of a subject side by side: the office (admin) for every subject; the panel
    leader for the subject they lead (`leads_panel`). DOMAIN: "the panel leader or office sees all
    sheets side by side and confirms the grade"."""
    if is_admin(user):
        return True
    return subject_kind is not None and is_reviewer(user) and leads_panel(user, subject_kind, subject_id)


def can_confirm_grade(user, evaluation) -> bool:
    return (evaluation is not None and not evaluation.locked and evaluation.computed_grade is not None
            and can_compare_reviews(user, evaluation.subject_kind, evaluation.subject_id))
