"""Rankings, exemplars, objections, statistics and notifications."""
from __future__ import annotations

from reviewer.permissions.base import is_active_account, is_admin, is_judge, same_court

__all__ = ['can_view_rankings', 'can_manage_rankings', 'can_view_exemplars', 'can_see_original_text', 'can_view_own_evaluations', 'can_object', 'can_view_objection', 'can_answer_objections', 'can_follow_up_objection', 'can_view_stats', 'can_view_notifications']


def can_view_rankings(user) -> bool:
    """Published boards are for everyone logged in; drafts only for the office (checked in views)."""
    return is_active_account(user)


def can_manage_rankings(user) -> bool:
    return is_admin(user)


def can_view_exemplars(user) -> bool:
    """Every judge — and everyone else logged in — reads the published exemplars."""
    return is_active_account(user)


def can_see_original_text(user, judgment) -> bool:
    """The non-anonymised document: the office and the judgment's own court; other courts see
    the anonymised rendering only (DOMAIN.md §6)."""
    return is_admin(user) or (is_active_account(user) and same_court(user, judgment.court_id))


def can_view_own_evaluations(user) -> bool:
    return is_judge(user)


def can_object(user, judgment, evaluation) -> bool:
    """The judge in charge of the judgment, once the office has confirmed its grade."""
    return (is_judge(user) and judgment.judge_id == user.id
            and evaluation is not None and evaluation.final_grade is not None)


def can_view_objection(user, objection) -> bool:
    return is_admin(user) or (is_active_account(user) and objection.raised_by_id == user.id)


def can_answer_objections(user) -> bool:
    return is_admin(user)


def can_follow_up_objection(user, objection) -> bool:
    """The steps an upheld objection implies (withdraw the entry, reopen, republish): the office."""
    return is_admin(user) and objection.status.value == "upheld"


def can_view_stats(user) -> bool:
    """Court and reviewer statistics compare people; they are for the office."""
    return is_admin(user)


def can_view_notifications(user) -> bool:
    return is_active_account(user)
