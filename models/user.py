"""People: log-in accounts with one or more roles, a court and a division."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from models.base import Base, LabelledEnum, utcnow
from models.court import Court, Division


# Werkzeug's strong default; the test suite lowers it (hashing is deliberately slow).
PASSWORD_METHOD = "scrypt"


class Role(LabelledEnum):
    ADMIN = ("admin", "审管办管理员")
    REVIEWER = ("reviewer", "评查员")
    LIAISON = ("liaison", "法院联络员")
    JUDGE = ("judge", "法官")
    SUPERVISION = ("supervision", "监察室")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(255))
    court_id: Mapped[int | None] = mapped_column(ForeignKey("courts.id"), index=True)
    division_id: Mapped[int | None] = mapped_column(ForeignKey("divisions.id"), index=True)
    is_division_head: Mapped[bool] = mapped_column(default=False)
    email: Mapped[str | None] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Part of every session's and remember-me token's identity (`get_id`): raising it ends them all.
    lock_version: Mapped[int] = mapped_column(default=1, server_default="1")  # reviewer/edits.py
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    court: Mapped[Court | None] = relationship()
    division: Mapped[Division | None] = relationship()
    role_rows: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    # Flask-Login protocol, written out so models need no Flask import.
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """The identity Flask-Login keeps in the session and remember cookie: "<id>:<session version>"."""
        return f"{self.id}:{self.session_version or 1}"

    def end_sessions(self) -> None:
        """End every session and remember-me token of this user (they carry the old version)."""
        self.session_version = (self.session_version or 1) + 1

    @property
    def roles(self) -> set[Role]:
        return {row.role for row in self.role_rows}

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def set_roles(self, roles) -> None:
        wanted = set(roles)
        self.role_rows = [r for r in self.role_rows if r.role in wanted]
        have = self.roles
        for role in sorted(wanted - have, key=lambda r: r.value):
            self.role_rows.append(UserRole(role=role))

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def role_labels(self) -> str:
        return "、".join(r.label for r in Role if r in self.roles)

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class UserRole(Base):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role]

    user: Mapped[User] = relationship(back_populates="role_rows")
