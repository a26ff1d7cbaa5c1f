"""Select choices for the 发改 forms (courts, divisions, judges labelled with their court)."""
from __future__ import annotations

from sqlalchemy import or_, select

from models import Court, CourtLevel, Division, Role, User, UserRole
from reviewer.errors import DomainError
from reviewer.extensions import db


def courts() -> list[tuple]:
    return [(c.id, c.name) for c in db.session.scalars(
        select(Court).where(Court.active.is_(True)).order_by(Court.sort_order, Court.id))]


def divisions(level: CourtLevel | None = None, division_ids=None, empty: str | None = "（不选）") -> list[tuple]:
    query = (select(Division.id, Court.name, Division.name).join(Court, Court.id == Division.court_id)
             .where(Division.active.is_(True)).order_by(Court.sort_order, Court.id, Division.sort_order))
    if level is not None:
        query = query.where(Court.level == level)
    if division_ids is not None:
        query = query.where(Division.id.in_(list(division_ids) or [0]))
    found = [(division_id, f"{court} {name}") for division_id, court, name in db.session.execute(query)]
    return ([("", empty)] if empty else []) + found


def judges(empty: str = "（不选）") -> list[tuple]:
    """Active judges labelled "court name" + name, by court then name (one statement, three columns:
    a city's 700 judges as ORM users with their roles and courts cost the ledger page 60 ms)."""
    rows = db.session.execute(
        select(User.id, User.display_name, Court.name).join(UserRole, UserRole.user_id == User.id)
        .outerjoin(Court, Court.id == User.court_id)
        .where(UserRole.role == Role.JUDGE, User.active.is_(True)).order_by(User.court_id, User.display_name))
    return [("", empty)] + [(user_id, f"{court or ''} {name}") for user_id, name, court in rows]


def court_users(court_id: int, empty: str = "（未指定）") -> list[tuple]:
    """The court's active users by name, as two columns (ORM users would load their roles too)."""
    rows = db.session.execute(select(User.id, User.display_name).where(User.court_id == court_id, User.active.is_(True))
                              .order_by(User.display_name))
    return [("", empty)] + [(user_id, name) for user_id, name in rows]


def judge_named(text: str) -> int:
    """The id of the one active judge whose username or name (姓名) is exactly `text` (trimmed).

    Raises DomainError with the Chinese sentence shown to the user when nobody matches, or when
    several judges share the name (listing their courts, and asking for the username instead).
    One statement of three columns.
    """
    text = (text or "").strip()
    rows = db.session.execute(
        select(User.id, User.username, Court.name).join(UserRole, UserRole.user_id == User.id)
        .outerjoin(Court, Court.id == User.court_id)
        .where(UserRole.role == Role.JUDGE, User.active.is_(True),
               or_(User.username == text, User.display_name == text))
        .order_by(User.court_id, User.id)).all()
    exact = [row for row in rows if row.username == text]
    if len(exact) == 1 or len(rows) == 1:
        return (exact or rows)[0].id
    if not rows:
        raise DomainError(f"没有用户名或姓名为“{text}”的在职法官，请核对后重新填写。")
    found = "、".join(f"{court or '未设法院'} {username}" for _id, username, court in rows)
    raise DomainError(f"有 {len(rows)} 位法官姓名为“{text}”（{found}），请改填其用户名。")
