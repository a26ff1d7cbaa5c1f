"""Administration of people and reference data. Every change is audited."""
from __future__ import annotations

from sqlalchemy import select

from models import Court, CourtLevel, Division, Role, User
from reviewer import audit
from reviewer.edits import claim_version
from reviewer.errors import DomainError
from reviewer.extensions import db


def user_snapshot(user: User) -> dict:
    return {
        "username": user.username, "display_name": user.display_name, "email": user.email,
        "roles": sorted(r.value for r in user.roles), "court_id": user.court_id,
        "division_id": user.division_id, "is_division_head": user.is_division_head, "active": user.active,
    }


def _apply_user(user: User, data: dict) -> None:
    user.username = data["username"].strip()
    user.display_name = data["display_name"].strip()
    user.email = (data.get("email") or "").strip() or None
    user.court_id = data.get("court_id")
    user.division_id = data.get("division_id")
    user.is_division_head = bool(data.get("is_division_head"))
    user.active = bool(data.get("active"))
    user.set_roles(Role(value) for value in data["roles"])
    if data.get("password"):
        user.set_password(data["password"])


def create_user(actor: User, data: dict) -> User:
    user = User(password_hash="")
    _apply_user(user, data)
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.created", user, after=user_snapshot(user))
    return user


def update_user(actor: User, user: User, data: dict) -> User:
    """Apply the admin's edit; a password reset or a deactivation ends every session of `user`."""
    before = user_snapshot(user)
    if user.id == actor.id and (Role.ADMIN.value not in data["roles"] or not data.get("active")):
        raise DomainError("不能取消自己的管理员角色或停用自己的账号。")
    claim_version(user, data.get("lock_version"), "该用户")
    if data.get("password") or (user.active and not data.get("active")):
        user.end_sessions()
    _apply_user(user, data)
    db.session.flush()
    changed_before, changed_after = audit.diff(before, user_snapshot(user))
    if data.get("password"):
        changed_after["password"] = "（已重置）"
    if changed_after:
        audit.record(actor, "user.updated", user, before=changed_before, after=changed_after)
    return user


def create_admin(username: str, display_name: str, password: str) -> User:
    if db.session.scalar(select(User).where(User.username == username)) is not None:
        raise DomainError(f"用户名 {username} 已存在。")
    user = User(username=username, display_name=display_name, password_hash="")
    user.set_password(password)
    user.set_roles([Role.ADMIN])
    db.session.add(user)
    db.session.flush()
    audit.record(None, "user.created", user, after=user_snapshot(user), summary="命令行创建管理员")
    return user


def court_snapshot(court: Court) -> dict:
    return {"name": court.name, "full_name": court.full_name, "code": court.code,
            "level": court.level.value, "sort_order": court.sort_order, "active": court.active}


def save_court(actor: User, court: Court | None, data: dict) -> Court:
    before = court_snapshot(court) if court else None
    if court is not None:
        claim_version(court, data.get("lock_version"), "该法院")
    if court is None:
        court = Court()
        db.session.add(court)
    court.name = data["name"].strip()
    court.full_name = data["full_name"].strip()
    court.code = data["code"].strip()
    court.level = CourtLevel(data["level"])
    court.sort_order = data.get("sort_order") or 0
    court.active = bool(data.get("active"))
    db.session.flush()
    audit.record(actor, "court.updated" if before else "court.created", court,
                 before=before, after=court_snapshot(court))
    return court


def save_division(actor: User, court: Court, division: Division | None, data: dict) -> Division:
    name = data["name"].strip()
    clash = db.session.scalar(select(Division).where(Division.court_id == court.id, Division.name == name))
    if clash is not None and clash is not division:
        raise DomainError(f"{court.name}已有名为“{name}”的部门。")
    before = {"name": division.name, "active": division.active} if division else None
    if division is not None:
        claim_version(division, data.get("lock_version"), "该部门")
    if division is None:
        division = Division(court=court)
        db.session.add(division)
    division.name = name
    division.sort_order = data.get("sort_order") or 0
    division.active = bool(data.get("active"))
    db.session.flush()
    audit.record(actor, "division.updated" if before else "division.created", division,
                 before=before, after={"name": division.name, "active": division.active, "court": court.name})
    return division
