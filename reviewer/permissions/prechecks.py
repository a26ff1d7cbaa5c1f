"""Automatic format checks (文书预检)."""
from __future__ import annotations

from reviewer.permissions.base import is_active_account, is_admin, is_liaison, same_court
from reviewer.permissions.judgments import reviewer_assigned
from reviewer.permissions.reviews import can_score

__all__ = ['can_view_findings', 'can_dismiss_finding', 'can_deduct_finding', 'can_manage_prechecks']


def can_view_findings(user, judgment) -> bool:
    """Format-check findings: the admin, the court's liaison, the judge in charge and assigned
    reviewers — not readers of the published library."""
    if not is_active_account(user):
        return False
    if is_admin(user) or (is_liaison(user) and same_court(user, judgment.court_id)):
        return True
    return judgment.judge_id == user.id or reviewer_assigned(user, "judgment", judgment.id)


def can_dismiss_finding(user, judgment) -> bool:
    return is_admin(user) or reviewer_assigned(user, "judgment", judgment.id)


def can_deduct_finding(user, assignment) -> bool:
    """Turning a finding into a deduction is scoring: only the assigned reviewer, recusal holding."""
    return can_score(user, assignment)


def can_manage_prechecks(user) -> bool:
    return is_admin(user)
