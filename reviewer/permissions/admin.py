"""Administration: users, courts and divisions, the audit log."""
from __future__ import annotations

from reviewer.permissions.base import is_admin

__all__ = ['can_manage_users', 'can_manage_courts', 'can_view_audit']


def can_manage_users(user) -> bool:
    return is_admin(user)


def can_manage_courts(user) -> bool:
    return is_admin(user)


def can_view_audit(user) -> bool:
    return is_admin(user)
