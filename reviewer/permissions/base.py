"""Who the user is: active account, roles, same court."""
from __future__ import annotations

from models import Role

__all__ = ['is_active_account', 'is_admin', 'is_reviewer', 'is_liaison', 'is_judge', 'same_court']


def is_active_account(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.active)


def is_admin(user) -> bool:
    return is_active_account(user) and user.has_role(Role.ADMIN)


def is_reviewer(user) -> bool:
    return is_active_account(user) and user.has_role(Role.REVIEWER)


def is_liaison(user) -> bool:
    return is_active_account(user) and user.has_role(Role.LIAISON)


def is_judge(user) -> bool:
    return is_active_account(user) and user.has_role(Role.JUDGE)


def same_court(user, court_id) -> bool:
    return user.court_id is not None and user.court_id == court_id
