"""Per reviewer, kind of subject and month: the submitted sheets' totals that the statistics page's
severity table (宽严度) sums over a period, kept by `reviewer.stats.totals` on every flush that
changes a submitted sheet, so that a year is at most 12 rows per reviewer instead of every sheet.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Float, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ReviewerMonthTotal(Base):
    """The sheets a reviewer submitted on subjects of `subject_kind` whose month is `month`:
    `sheets` of them, their total deductions summing to `deduction_sum`; `compared` of them had
    co-reviewers, and `difference_sum` sums, over those, the sheet's total minus the mean total of
    the subject's other sheets (the severity rule: reviewer/stats/queries.py)."""

    __tablename__ = "reviewer_month_totals"
    __table_args__ = (UniqueConstraint("subject_kind", "month", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(20))
    month: Mapped[str] = mapped_column(String(7))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sheets: Mapped[int]
    deduction_sum: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    compared: Mapped[int]
    difference_sum: Mapped[float | None] = mapped_column(Float)

    def __repr__(self) -> str:
        return f"<ReviewerMonthTotal {self.subject_kind} {self.month} user {self.reviewer_id}: {self.sheets}>"
