"""Log-in, log-out and password changes; sessions end when a password changes or one logs out."""
from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

import models.user
from models import AuditLog, User, utcnow
from reviewer import audit
from reviewer.errors import DomainError
from reviewer.extensions import db


MAX_FAILURES = 5
LOCK_WINDOW = timedelta(minutes=15)
WRONG_CREDENTIALS = "用户名或密码错误。"
LOCKED = "密码错误次数过多，账号已临时锁定，请 15 分钟后再试。"
_dummy_hash: list[str] = []


def _failure_summary(username: str) -> str:
    return f"用户名：{username[:50]}"


def recent_failures(username: str, user: User | None = None) -> int:
    """Failed log-ins under this user name within the lock window (since the account's last
    successful log-in, if it exists). Counted by the name typed, so an unknown name locks
    exactly like an account does and the lock message reveals nothing."""
    since = utcnow() - LOCK_WINDOW
    if user is not None and user.last_login_at is not None and user.last_login_at > since:
        since = user.last_login_at
    return db.session.scalar(
        select(func.count(AuditLog.id)).where(
            AuditLog.action == "login.failed", AuditLog.summary == _failure_summary(username),
            AuditLog.at > since)
    ) or 0


def _spend_hash_time(password: str) -> None:
    """Check `password` against a throw-away hash, so an unknown name costs what a known one does."""
    if not _dummy_hash:
        _dummy_hash.append(generate_password_hash(secrets.token_hex(16), method=models.user.PASSWORD_METHOD))
    check_password_hash(_dummy_hash[0], password)


def attempt_login(username: str, password: str) -> tuple[User | None, str | None]:
    """(the active user with these credentials, None) or (None, the Chinese refusal).

    Every attempt is audited (never the password). After MAX_FAILURES failed attempts under a
    name within LOCK_WINDOW, that name is refused (even with the right password) until the window
    has passed. Unknown names are refused with the same message, after the same hashing work, and
    lock the same way: neither the message nor the time tells whether an account exists.
    """
    username = username.strip()
    user = db.session.scalar(select(User).where(User.username == username))
    if recent_failures(username, user) >= MAX_FAILURES:
        audit.record(user, "login.locked", user, summary=_failure_summary(username))
        return None, LOCKED
    if user is None:
        _spend_hash_time(password)
    if user is None or not user.check_password(password):
        audit.record(user, "login.failed", user, summary=_failure_summary(username))
        return None, WRONG_CREDENTIALS
    if not user.active:
        audit.record(user, "login.refused_inactive", user)
        return None, "该账号已停用，请联系审管办。"
    user.last_login_at = utcnow()
    audit.record(user, "login", user)
    return user, None


def record_logout(user) -> None:
    """Log out everywhere: every session and remember-me token of `user` ends (a copied cookie too)."""
    user.end_sessions()
    audit.record(user, "logout", user)


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password; every other session and remember-me token of `user` ends.

    The caller re-issues the current session (its identity carries the new session version).
    Raises DomainError if `current` is wrong.
    """
    if not user.check_password(current):
        raise DomainError("当前密码不正确。")
    user.set_password(new)
    user.end_sessions()
    audit.record(user, "user.password_changed", user)
