"""Log-in and password changes."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from models import AuditLog, User, utcnow
from reviewer import audit
from reviewer.errors import DomainError
from reviewer.extensions import db


MAX_FAILURES = 5
LOCK_WINDOW = timedelta(minutes=15)


def recent_failures(user: User) -> int:
    """Failed log-ins of this account within the lock window since its last successful log-in."""
    since = utcnow() - LOCK_WINDOW
    if user.last_login_at is not None and user.last_login_at > since:
        since = user.last_login_at
    return db.session.scalar(
        select(func.count(AuditLog.id)).where(
            AuditLog.action == "login.failed", AuditLog.target_type == "users",
            AuditLog.target_id == user.id, AuditLog.at > since)
    ) or 0


def authenticate(username: str, password: str) -> User:
    """Return the active user with these credentials; failures are audited without the password.

    After MAX_FAILURES failed attempts within LOCK_WINDOW the account refuses log-ins (even with
    the right password) until the window has passed.
    """
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is not None and recent_failures(user) >= MAX_FAILURES:
        audit.record(user, "login.locked", user)
        raise DomainError("密码错误次数过多，账号已临时锁定，请 15 分钟后再试。")
    if user is None or not user.check_password(password):
        audit.record(user, "login.failed", user, summary=f"用户名：{username.strip()[:50]}")
        raise DomainError("用户名或密码错误。")
    if not user.active:
        audit.record(user, "login.refused_inactive", user)
        raise DomainError("该账号已停用，请联系审管办。")
    user.last_login_at = utcnow()
    audit.record(user, "login", user)
    return user


def record_logout(user) -> None:
    audit.record(user, "logout", user)


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise DomainError("当前密码不正确。")
    user.set_password(new)
    audit.record(user, "user.password_changed", user)
