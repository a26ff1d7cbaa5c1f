"""Personal API tokens: create (the secret is shown once), revoke, authenticate.

A token is `rv_` + 43 URL-safe characters (256 random bits, `secrets.token_urlsafe(32)`); only its
SHA-256 is stored, so a leaked database does not leak usable tokens. Tokens expire (at most
`MAX_DAYS`), can be revoked, and stop working when their user is deactivated.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from models import ApiToken, TokenScope, User, utcnow
from reviewer import audit
from reviewer.errors import DomainError
from reviewer.extensions import db

PREFIX = "rv_"
MAX_DAYS = 366
LAST_USE_PRECISION = timedelta(minutes=1)  # last-use time is written at most once a minute


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(actor: User, name: str, scope: TokenScope, days: int) -> tuple[ApiToken, str]:
    """A new token of `actor`'s own; returns the row and the secret (never stored, shown once).

    Raises DomainError for an empty name or a lifetime outside 1–MAX_DAYS days."""
    name = (name or "").strip()
    if not name:
        raise DomainError("请为令牌命名（例如“审判流程系统对接”）。")
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(f"有效期应为 1–{MAX_DAYS} 天。")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=actor.id, name=name[:100], prefix=secret[:10], token_hash=digest(secret),
                     scope=scope, expires_at=utcnow() + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    audit.record(actor, "api_token.create", token, summary=f"创建 API 令牌“{token.name}”（{scope.label}）",
                 after={"name": token.name, "scope": scope.value, "expires_at": token.expires_at.isoformat()})
    return token, secret


def revoke_token(actor: User, token: ApiToken) -> None:
    if token.revoked_at is not None:
        raise DomainError("该令牌已撤销。")
    token.revoked_at = utcnow()
    db.session.flush()
    audit.record(actor, "api_token.revoke", token, summary=f"撤销 API 令牌“{token.name}”")


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())))


def authenticate(secret: str | None) -> ApiToken | None:
    """The usable token for a presented secret (updating its last-use time), or None."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    now = utcnow()
    if token is None or not token.usable(now):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USE_PRECISION:
        token.last_used_at = now
    return token
