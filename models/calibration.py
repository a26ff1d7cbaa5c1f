"""Calibration on reference judgments (标准样卷) and the office's fairness settings (issue #18).

A *reference* is an evaluated subject (a judgment or a hearing recording, keyed like reviews by
`subject_kind`, `subject_id`) whose agreed deductions and reasons the office has fixed, on the
sheet version it was evaluated with. A *calibration set* groups references; a reviewer scores each
reference of a set in a *calibration attempt*, which is compared with the reference item by item.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.scoresheet import ScoreItem, ScoreSheet
from models.subject import SubjectLink, subject_check
from models.user import User

POINTS = Numeric(6, 2)


class AttemptStatus(LabelledEnum):
    DRAFT = ("draft", "填写中")
    SUBMITTED = ("submitted", "已提交")


class ReferenceSubject(SubjectLink, Base):
    """A reference judgment or hearing (标准样卷) with the agreed deductions of its items; the link
    to the subject is enforced by the database like reviews' (`models.subject.SubjectLink`)."""

    __tablename__ = "reference_subjects"
    __table_args__ = (UniqueConstraint("subject_kind", "subject_id"), subject_check())

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheets.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sheet: Mapped[ScoreSheet] = relationship()
    created_by: Mapped[User | None] = relationship()
    items: Mapped[list["ReferenceItem"]] = relationship(back_populates="reference", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<ReferenceSubject {self.subject_kind}:{self.subject_id}>"


class ReferenceItem(Base):
    """The agreed deduction and reason of one item of a reference (absent row: no deduction)."""

    __tablename__ = "reference_items"
    __table_args__ = (UniqueConstraint("reference_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference_id: Mapped[int] = mapped_column(ForeignKey("reference_subjects.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("score_items.id"))
    deduction: Mapped[Decimal] = mapped_column(POINTS, default=Decimal("0"))
    veto_hit: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str | None] = mapped_column(Text)

    reference: Mapped[ReferenceSubject] = relationship(back_populates="items")
    item: Mapped[ScoreItem] = relationship()


class CalibrationSet(Base):
    """A set of references a reviewer scores to calibrate (e.g. 2021 年第二季度校准)."""

    __tablename__ = "calibration_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list["CalibrationMember"]] = relationship(
        back_populates="set", cascade="all, delete-orphan", order_by="CalibrationMember.position")

    def __repr__(self) -> str:
        return f"<CalibrationSet {self.name}>"


class CalibrationMember(Base):
    __tablename__ = "calibration_members"
    __table_args__ = (UniqueConstraint("set_id", "reference_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("calibration_sets.id", ondelete="CASCADE"), index=True)
    reference_id: Mapped[int] = mapped_column(ForeignKey("reference_subjects.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    set: Mapped[CalibrationSet] = relationship(back_populates="members")
    reference: Mapped[ReferenceSubject] = relationship()


class CalibrationAttempt(Base):
    """A reviewer's sheet on one reference of a set, and (once submitted) its comparison result."""

    __tablename__ = "calibration_attempts"
    __table_args__ = (UniqueConstraint("set_id", "reference_id", "reviewer_id"),
                      Index("ix_calibration_attempts_reviewer", "reviewer_id", "submitted_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("calibration_sets.id", ondelete="CASCADE"), index=True)
    reference_id: Mapped[int] = mapped_column(ForeignKey("reference_subjects.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[AttemptStatus] = mapped_column(default=AttemptStatus.DRAFT)
    submitted_at: Mapped[datetime | None]
    # The result, fixed at submission (points; counts of items).
    total_difference: Mapped[Decimal | None] = mapped_column(POINTS)     # own total − reference total
    absolute_deviation: Mapped[Decimal | None] = mapped_column(POINTS)   # Σ |own − reference| per item
    missed: Mapped[int | None]
    extra: Mapped[int | None]
    passed: Mapped[bool | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    set: Mapped[CalibrationSet] = relationship()
    reference: Mapped[ReferenceSubject] = relationship()
    reviewer: Mapped[User] = relationship()
    scores: Mapped[list["CalibrationScore"]] = relationship(back_populates="attempt", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<CalibrationAttempt {self.id} reviewer {self.reviewer_id}>"


class CalibrationScore(Base):
    __tablename__ = "calibration_scores"
    __table_args__ = (UniqueConstraint("attempt_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("calibration_attempts.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("score_items.id"))
    deduction: Mapped[Decimal] = mapped_column(POINTS, default=Decimal("0"))
    veto_hit: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str | None] = mapped_column(Text)

    attempt: Mapped[CalibrationAttempt] = relationship(back_populates="scores")
    item: Mapped[ScoreItem] = relationship()


class FairnessSetting(Base):
    """The office's choices (one row): which score the monthly lists use, calibration rules."""

    __tablename__ = "fairness_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    ranking_basis: Mapped[str] = mapped_column(String(20), default="raw")        # 'raw' | 'adjusted'
    require_calibration: Mapped[bool] = mapped_column(default=False)
    tolerance: Mapped[Decimal] = mapped_column(POINTS, default=Decimal("10"))   # max Σ|deviation| to pass
    valid_days: Mapped[int] = mapped_column(default=92)                         # a pass counts this long
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": lock_version}
