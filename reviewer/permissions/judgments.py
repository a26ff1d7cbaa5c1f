"""Judgments: listing, upload, viewing, editing, submitting, deleting."""
from __future__ import annotations

from sqlalchemy import select
from models import Assignment, JudgmentStatus
from reviewer.extensions import db
from reviewer.permissions.base import is_active_account, is_admin, is_liaison, is_reviewer, same_court

__all__ = ['can_list_judgments', 'can_upload_judgments', 'can_upload_for_court', 'can_view_judgment', 'can_view_judgment_original', 'can_download_judgment', 'can_edit_judgment', 'can_submit_judgment', 'can_delete_judgment', 'reviewer_assigned']


def can_list_judgments(user) -> bool:
    return is_admin(user) or is_liaison(user)


def can_upload_judgments(user) -> bool:
    return is_admin(user) or (is_liaison(user) and user.court_id is not None)


def can_upload_for_court(user, court_id) -> bool:
    return is_admin(user) or (is_liaison(user) and same_court(user, court_id))


def can_view_judgment(user, judgment) -> bool:
    """Admin; the court's own liaison; the judge in charge; reviewers assigned to it; anyone
    logged in once it is published (the exemplar library decides how it is shown)."""
    return can_view_judgment_original(user, judgment) or (
        is_active_account(user) and judgment.status == JudgmentStatus.PUBLISHED)


def can_view_judgment_original(user, judgment) -> bool:
    """The unanonymised document: the admin, the court's liaison, the judge in charge and the
    reviewers assigned to it. Everyone else reads a published judgment in the exemplar library,
    anonymised."""
    if not is_active_account(user):
        return False
    if is_admin(user) or (is_liaison(user) and same_court(user, judgment.court_id)):
        return True
    if judgment.judge_id is not None and judgment.judge_id == user.id:
        return True
    return reviewer_assigned(user, "judgment", judgment.id)


def can_download_judgment(user, judgment) -> bool:
    """The original file: only those who may see the unanonymised document (not the library)."""
    return can_view_judgment_original(user, judgment)


def can_edit_judgment(user, judgment) -> bool:
    """Metadata can be corrected by the court's liaison until submission; by the admin always."""
    if is_admin(user):
        return True
    return (is_liaison(user) and same_court(user, judgment.court_id)
            and judgment.status == JudgmentStatus.DRAFT)


def can_submit_judgment(user, judgment) -> bool:
    return judgment.status == JudgmentStatus.DRAFT and can_upload_for_court(user, judgment.court_id)


def can_delete_judgment(user, judgment) -> bool:
    return can_submit_judgment(user, judgment)


def reviewer_assigned(user, subject_kind: str, subject_id: int) -> bool:
    """True when the user holds an assignment for the subject (reviews feature)."""
    return is_reviewer(user) and db.session.scalar(select(Assignment.id).where(
        Assignment.reviewer_id == user.id, Assignment.subject_kind == subject_kind,
        Assignment.subject_id == subject_id).limit(1)) is not None
