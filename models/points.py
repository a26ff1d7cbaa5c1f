"""The performance-points ledger (绩效考核分值): rules with effective dates and immutable entries;
a correction is a counter-entry (`corrects_id`). Rules of the ledger: reviewer/reversals/points.py."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.court import Division
from models.user import User


class PointsSubject(LabelledEnum):
    JUDGE = ("judge", "法官")
    DIVISION = ("division", "部门")


class PointsRule(Base):
    __tablename__ = "points_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    label: Mapped[str] = mapped_column(String(100))
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    subject: Mapped[PointsSubject]
    effective_from: Mapped[date]
    effective_until: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PointsEntry(Base):
    __tablename__ = "points_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[PointsSubject]
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    division_id: Mapped[int | None] = mapped_column(ForeignKey("divisions.id"), index=True)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("points_rules.id"))
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    occurred_on: Mapped[date] = mapped_column(index=True)
    source_type: Mapped[str] = mapped_column(String(40))       # table of the source row
    source_id: Mapped[int | None]
    note: Mapped[str] = mapped_column(String(300))
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("points_entries.id"), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    judge: Mapped[User | None] = relationship(foreign_keys=[judge_id])
    division: Mapped[Division | None] = relationship()
    rule: Mapped[PointsRule | None] = relationship()
