"""Issued bulletins (通报/公示): each kind and subject keeps one document number (文号) per year."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class Bulletin(Base):
    __tablename__ = "bulletins"
    __table_args__ = (
        UniqueConstraint("kind", "subject_key"),
        UniqueConstraint("prefix", "year", "serial"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))            # ranking / draw / top_ten / filing
    subject_key: Mapped[str] = mapped_column(String(60))     # 2021-03, 2021, 2021-03:court:5
    prefix: Mapped[str] = mapped_column(String(40))          # 焦中法审管
    year: Mapped[int]
    serial: Mapped[int]
    first_issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_generated_at: Mapped[datetime] = mapped_column(default=utcnow)
    generated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def number(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.serial}号"

    def __repr__(self) -> str:
        return f"<Bulletin {self.number}>"
