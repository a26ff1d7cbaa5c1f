"""Stored results of the automatic format checks (文书预检): findings, dismissals, code → item map."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.judgment import Judgment
from models.user import User


class PrecheckFinding(Base):
    """One finding on one judgment; replaced wholesale when the checks run again."""

    __tablename__ = "precheck_findings"
    __table_args__ = (Index("ix_precheck_findings_judgment_paragraph", "judgment_id", "paragraph"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judgment_id: Mapped[int] = mapped_column(ForeignKey("judgments.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60), index=True)
    severity: Mapped[str] = mapped_column(String(10))          # error / warning / info
    message: Mapped[str] = mapped_column(Text)
    paragraph: Mapped[int | None]
    excerpt: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    judgment: Mapped[Judgment] = relationship()
    dismissals: Mapped[list["PrecheckDismissal"]] = relationship(back_populates="finding")

    def __repr__(self) -> str:
        return f"<PrecheckFinding {self.id} {self.code} ¶{self.paragraph}>"


class PrecheckDismissal(Base):
    """A person's judgment that a finding is not a flaw. Kept (with its code) when findings are
    re-generated, so the per-code counts show which checks are noisy."""

    __tablename__ = "precheck_dismissals"
    __table_args__ = (UniqueConstraint("finding_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int | None] = mapped_column(
        ForeignKey("precheck_findings.id", ondelete="SET NULL"), index=True)
    judgment_id: Mapped[int] = mapped_column(ForeignKey("judgments.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code: Mapped[str] = mapped_column(String(60), index=True)
    message: Mapped[str] = mapped_column(Text)
    paragraph: Mapped[int | None]
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    finding: Mapped[PrecheckFinding | None] = relationship(back_populates="dismissals")
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<PrecheckDismissal {self.code} by user {self.user_id}>"


class PrecheckMapping(Base):
    """Which score-sheet item (by stable key, e.g. language.punctuation) a finding code deducts on."""

    __tablename__ = "precheck_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    item_key: Mapped[str | None] = mapped_column(String(60))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    updated_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<PrecheckMapping {self.code} → {self.item_key}>"


class PrecheckDeduction(Base):
    """A finding turned into a deduction on one reviewer's sheet: once per finding and sheet
    (the review screen then shows 已扣分), and what it added, so it can be undone exactly."""

    __tablename__ = "precheck_deductions"
    __table_args__ = (UniqueConstraint("finding_id", "review_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("precheck_findings.id", ondelete="CASCADE"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    item_key: Mapped[str] = mapped_column(String(60))
    amount: Mapped[Decimal] = mapped_column(Numeric(6, 2))   # points this finding added
    occurrence: Mapped[bool] = mapped_column(default=False)  # it added one occurrence
    note: Mapped[str] = mapped_column(Text)                   # the text it added to the reason
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<PrecheckDeduction finding={self.finding_id} review={self.review_id}>"
