"""Objections (异议) a judge lodges against the evaluation of their own judgment."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.judgment import Judgment
from models.user import User


class ObjectionStatus(LabelledEnum):
    OPEN = ("open", "待答复")
    UPHELD = ("upheld", "异议成立")
    REJECTED = ("rejected", "异议不成立")


class Objection(Base):
    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    judgment_id: Mapped[int] = mapped_column(ForeignKey("judgments.id"), index=True)
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluations.id"), index=True)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[ObjectionStatus] = mapped_column(default=ObjectionStatus.OPEN, index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    judgment: Mapped[Judgment] = relationship()
    raised_by: Mapped[User] = relationship(foreign_keys=[raised_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    @property
    def is_open(self) -> bool:
        return self.status == ObjectionStatus.OPEN

    def __repr__(self) -> str:
        return f"<Objection {self.id} {self.status.value}>"
