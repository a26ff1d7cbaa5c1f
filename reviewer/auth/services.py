"""Log-in and password changes."""
from __future__ import annotations

from sqlalchemy import select

from models import User, utcnow
from reviewer import audit
from reviewer.errors import DomainError
from reviewer.extensions import db


def authenticate(username: str, password: str) -> User:
    """Return the active user with these credentials; failures are audited without the password."""
    user = db.session.scalar(select(User).where(User.username == username.strip()))
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
