"""Reviewer agreement, severity and calibration on reference judgments (issue #18)."""
from __future__ import annotations

from reviewer.permissions.base import is_active_account, is_admin, is_reviewer

__all__ = ['can_view_agreement', 'can_view_severity', 'can_manage_references', 'can_calibrate',
           'can_view_calibration_attempt']


def can_view_agreement(user) -> bool:
    """Agreement statistics compare reviewers with each other: they are for the office (审管办)."""
    return is_admin(user)


def can_view_severity(user) -> bool:
    """A reviewer's severity and the severity-adjusted scores: the office only, like the statistics."""
    return is_admin(user)


def can_manage_references(user) -> bool:
    """Marking reference judgments (标准样卷), building calibration sets, requiring calibration."""
    return is_admin(user)


def can_calibrate(user) -> bool:
    """Any active reviewer scores calibration sets and sees their own comparison with the reference."""
    return is_active_account(user) and is_reviewer(user)


def can_view_calibration_attempt(user, attempt) -> bool:
    """A calibration result: its reviewer and the office."""
    return is_admin(user) or (is_active_account(user) and attempt.reviewer_id == getattr(user, "id", None))
