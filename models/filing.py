"""Monthly filings (每月报备案): a basic court's month of evaluation results, filed by its liaison."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.court import Court
from models.user import User


class MonthlyFiling(Base):
    __tablename__ = "monthly_filings"
    __table_args__ = (UniqueConstraint("court_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    comments: Mapped[str] = mapped_column(Text, default="")
    # The compiled month as it stood when filed (counts, grades, flawed items, remarks).
    snapshot: Mapped[dict] = mapped_column(default=dict)
    deadline: Mapped[date]
    filed_at: Mapped[datetime] = mapped_column(default=utcnow)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    late: Mapped[bool] = mapped_column(default=False)

    court: Mapped[Court] = relationship()
    filed_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<MonthlyFiling {self.court_id} {self.month}>"
