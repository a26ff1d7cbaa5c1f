"""Reviewing: assignments, reviewers' sheets, their item scores and remarks, and the combined evaluation.

Everything is keyed by a *subject* — (`subject_kind`, `subject_id`) with kind 'judgment' or
'hearing' — so judgments and hearing recordings share the same machinery; the database enforces
the link through `models.subject.SubjectLink` (one foreign key per subject type and a CHECK). See
`reviewer/subjects/` for how a subject is loaded.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.grades import Grade
from models.scoresheet import ScoreItem, ScoreSheet
from models.subject import SubjectLink, subject_check
from models.user import User

POINTS = Numeric(6, 2)


class ReviewStatus(LabelledEnum):
    DRAFT = ("draft", "评查中")
    SUBMITTED = ("submitted", "已提交")
    REOPENED = ("reopened", "已退回修改")

    @property
    def badge(self) -> str:
        """Bootstrap badge classes of a sheet in this status (a submitted sheet is locked)."""
        return {"submitted": "bg-success", "reopened": "bg-warning text-dark"}.get(self.value, "bg-info text-dark")


class Assignment(SubjectLink, Base):
    """A reviewer is asked to review a subject by a due date."""

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("subject_kind", "subject_id", "reviewer_id"),
        Index("ix_assignments_subject", "subject_kind", "subject_id"),
        # The open assignments only (a reviewer's current load): a few hundred rows however many
        # years are stored; `open_loads` and the to-do lists read it.
        Index("ix_assignments_open", "reviewer_id", sqlite_where=text("submitted_at IS NULL"),
              postgresql_where=text("submitted_at IS NULL")),
        # A reviewer's queue in its order (reviewer/reviews/views.py index): open first, by due date
        # (none last), then id; a page reads its 20 entries instead of sorting the reviewer's history.
        Index("ix_assignments_queue", "reviewer_id", text("(submitted_at IS NOT NULL)"), text("(due_date IS NULL)"),
              "due_date", "id"),
        subject_check(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    due_date: Mapped[date | None]
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The hearing observation round (观摩评查) this panel seat belongs to, if any.
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("hearing_observation_rounds.id", ondelete="SET NULL"), index=True)
    is_leader: Mapped[bool] = mapped_column(default=False)  # panel leader (组长)
    # When the reviewer's sheet was submitted; None while the assignment is open (no sheet, a draft,
    # or a sheet sent back). Kept equal to the review's by `reviewer.reviews.open_state` on every
    # flush, so "open" is one indexed column instead of a join to every review ever written.
    submitted_at: Mapped[datetime | None]

    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])
    review: Mapped["Review | None"] = relationship(back_populates="assignment", uselist=False)

    def is_overdue(self, today: date) -> bool:
        submitted = self.review is not None and self.review.status == ReviewStatus.SUBMITTED
        return self.due_date is not None and self.due_date < today and not submitted

    def __repr__(self) -> str:
        return f"<Assignment {self.subject_kind}:{self.subject_id} → user {self.reviewer_id}>"


class Review(SubjectLink, Base):
    """One reviewer's sheet for one subject, on the exact sheet version it was started with."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("subject_kind", "subject_id", "reviewer_id"),
        Index("ix_reviews_subject", "subject_kind", "subject_id"),
        subject_check(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", ondelete="SET NULL"), unique=True
    )
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheets.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[ReviewStatus] = mapped_column(default=ReviewStatus.DRAFT, index=True)
    overall_comment: Mapped[str | None] = mapped_column(Text)
    proposed_grade: Mapped[Grade | None]
    submitted_at: Mapped[datetime | None]
    # The sum of the item rows' deductions, kept on every flush by `keep_deduction_totals` so that
    # statistics over a year's sheets read one row per sheet instead of summing its item rows.
    deduction_total: Mapped[Decimal] = mapped_column(POINTS, default=Decimal("0"), server_default="0")
    reopen_reason: Mapped[str | None] = mapped_column(Text)  # the latest one; history in the audit log
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)

    assignment: Mapped[Assignment | None] = relationship(back_populates="review")
    sheet: Mapped[ScoreSheet] = relationship()
    reviewer: Mapped[User] = relationship()
    item_scores: Mapped[list["ReviewItemScore"]] = relationship(
        back_populates="review", cascade="all, delete-orphan"
    )
    remarks: Mapped[list["ReviewRemark"]] = relationship(
        back_populates="review", cascade="all, delete-orphan",
        order_by="ReviewRemark.paragraph_index, ReviewRemark.start_seconds, ReviewRemark.id",
    )

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def locked(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED

    @property
    def total_deduction(self) -> Decimal:
        return sum((s.deduction for s in self.item_scores), Decimal("0"))

    def score_for(self, item_id: int) -> "ReviewItemScore | None":
        return next((s for s in self.item_scores if s.item_id == item_id), None)

    def __repr__(self) -> str:
        return f"<Review {self.id} {self.subject_kind}:{self.subject_id} {self.status.name}>"


class ReviewItemScore(Base):
    """The deduction a reviewer made on one item (an absent row means no deduction)."""

    __tablename__ = "review_item_scores"
    __table_args__ = (UniqueConstraint("review_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("score_items.id"), index=True)
    deduction: Mapped[Decimal] = mapped_column(POINTS, default=Decimal("0"))
    occurrences: Mapped[int | None]
    veto_hit: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str | None] = mapped_column(Text)
    # Who proposed it: 'reviewer', or 'precheck' when an automatic finding was turned into it.
    source: Mapped[str] = mapped_column(String(20), default="reviewer")

    review: Mapped[Review] = relationship(back_populates="item_scores")
    item: Mapped[ScoreItem] = relationship()

    def __repr__(self) -> str:
        return f"<ReviewItemScore review {self.review_id} item {self.item_id} −{self.deduction}>"


class ReviewRemark(Base):
    """A remark anchored to a paragraph (judgments) or a moment/range in seconds (hearings)."""

    __tablename__ = "review_remarks"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("score_items.id"))
    text: Mapped[str] = mapped_column(Text)
    paragraph_index: Mapped[int | None]
    start_seconds: Mapped[float | None]
    end_seconds: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    review: Mapped[Review] = relationship(back_populates="remarks")
    item: Mapped[ScoreItem | None] = relationship()

    def __repr__(self) -> str:
        return f"<ReviewRemark {self.id} review {self.review_id}>"


class Evaluation(SubjectLink, Base):
    """The combined result for a subject, and the grade the office confirmed.

    `locked` is set when the result is published (rankings / exemplars); a locked evaluation and
    the reviews behind it can no longer change.
    """

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("subject_kind", "subject_id"), subject_check())

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int | None] = mapped_column(ForeignKey("score_sheets.id"))
    review_count: Mapped[int] = mapped_column(default=0)
    computed_score: Mapped[Decimal | None] = mapped_column(POINTS)
    computed_grade: Mapped[Grade | None]
    vetoed: Mapped[bool] = mapped_column(default=False)
    spread: Mapped[Decimal | None] = mapped_column(POINTS)
    spread_flag: Mapped[bool] = mapped_column(default=False)
    computed_at: Mapped[datetime | None]
    final_grade: Mapped[Grade | None] = mapped_column(index=True)
    override_reason: Mapped[str | None] = mapped_column(Text)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime | None]
    locked: Mapped[bool] = mapped_column(default=False)

    sheet: Mapped[ScoreSheet | None] = relationship()
    confirmed_by: Mapped[User | None] = relationship()

    @property
    def confirmed(self) -> bool:
        return self.final_grade is not None

    @property
    def grade(self) -> Grade | None:
        """The grade that counts: the confirmed one, else the computed one."""
        return self.final_grade or self.computed_grade

    def __repr__(self) -> str:
        return f"<Evaluation {self.subject_kind}:{self.subject_id} {self.computed_score}>"


def keep_deduction_totals(session, _flush_context, _instances) -> None:
    """Session "before_flush": set `Review.deduction_total` of every sheet whose item rows change in
    this flush (added, edited, removed from the collection or deleted) to the sum of its rows."""
    reviews = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, ReviewItemScore) and obj.review is not None:
            reviews.add(obj.review)
        elif isinstance(obj, Review) and "item_scores" in obj.__dict__:
            reviews.add(obj)
    for review in reviews:
        if review in session.deleted:
            continue
        total = sum((s.deduction or Decimal("0") for s in review.item_scores if s not in session.deleted),
                    Decimal("0"))
        if review.deduction_total != total:
            review.deduction_total = total
