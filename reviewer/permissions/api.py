"""The JSON API: who may hold tokens; which results a token's user may read."""
from __future__ import annotations

from reviewer.permissions.base import is_active_account, is_admin, is_liaison
from reviewer.permissions.judgments import can_view_judgment_original

__all__ = ["can_hold_api_tokens", "can_read_evaluation"]


def can_hold_api_tokens(user) -> bool:
    """Personal API tokens: the office and the courts' liaisons (the ones whose systems connect)."""
    return is_active_account(user) and (is_admin(user) or is_liaison(user))


def can_read_evaluation(user, judgment) -> bool:
    """A confirmed evaluation with its deductions: whoever may read the original document
    (the office, the court's liaison, the judge in charge, assigned reviewers)."""
    return can_view_judgment_original(user, judgment)
