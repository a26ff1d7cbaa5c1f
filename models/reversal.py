"""Reversed and remanded cases (发改案件) and what follows them: the self-check report, the
evaluation with the judge's objection and the meeting's decision, admonishment talks, monthly
quality meetings and guidance documents. Source: the plan's measures 1, 2, 4, 6, 8, 17."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Numeric, String, Table, Text, UniqueConstraint, cast, func
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.caselist import ImportStatus
from models.court import Court, Division
from models.judgment import Judgment
from models.stored_file import StoredFile
from models.user import User


class ReversalResult(LabelledEnum):
    REVERSED = ("reversed", "改判")
    REMANDED = ("remanded", "发回重审")
    RETRIAL = ("retrial", "指令/指定再审")
    RULING_CHANGED = ("ruling_changed", "变更裁定")

    @property
    def proposed_for_leaders(self) -> bool:
        """Measure 17: remanded or retried cases go to court leaders in principle."""
        return self in (ReversalResult.REMANDED, ReversalResult.RETRIAL)


class HigherLevel(LabelledEnum):
    INTERMEDIATE = ("intermediate", "中院")
    PROVINCIAL = ("provincial", "省高院")


class ReversalStatus(LabelledEnum):
    SELF_CHECK = ("self_check", "待自查")
    EVALUATING = ("evaluating", "待评查")
    EVALUATED = ("evaluated", "已评查（可申辩）")
    DISPUTED = ("disputed", "待会议决定")
    CLOSED = ("closed", "已办结")

    @property
    def badge(self) -> str:
        return {"self_check": "bg-warning text-dark", "evaluating": "bg-info text-dark",
                "evaluated": "bg-primary", "disputed": "bg-danger", "closed": "bg-success"}[self.value]


class DecisionBody(LabelledEnum):
    JUDGES_MEETING = ("judges_meeting", "专业法官会议")
    COMMITTEE = ("committee", "审判委员会")


class ReversalReason(Base):
    """Reason categories (事实不清、适用法律错误 …); `excluded` ones never count against a judge."""
    __tablename__ = "reversal_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    excluded: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class ReversalCase(Base):
    """One register entry: a case of `court` changed by a higher court."""
    __tablename__ = "reversal_cases"
    __table_args__ = (UniqueConstraint("case_number", "higher_case_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[str] = mapped_column(String(80), index=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    division_id: Mapped[int | None] = mapped_column(ForeignKey("divisions.id"), index=True)
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    higher_case_number: Mapped[str] = mapped_column(String(80))
    higher_level: Mapped[HigherLevel]
    higher_division_id: Mapped[int | None] = mapped_column(ForeignKey("divisions.id"), index=True)
    result: Mapped[ReversalResult]
    decided_on: Mapped[date] = mapped_column(index=True)
    reason_id: Mapped[int] = mapped_column(ForeignKey("reversal_reasons.id"))
    excluded: Mapped[bool] = mapped_column(default=False)      # computed from reason or marked
    excluded_note: Mapped[str | None] = mapped_column(String(200))
    major_impact: Mapped[bool] = mapped_column(default=False)
    judgment_id: Mapped[int | None] = mapped_column(ForeignKey("judgments.id"))
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[ReversalStatus] = mapped_column(default=ReversalStatus.SELF_CHECK, index=True)
    self_check_due: Mapped[date | None]
    self_check_text: Mapped[str | None] = mapped_column(Text)
    self_check_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    self_check_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    court: Mapped[Court] = relationship()
    division: Mapped[Division | None] = relationship(foreign_keys=[division_id])
    higher_division: Mapped[Division | None] = relationship(foreign_keys=[higher_division_id])
    judge: Mapped[User | None] = relationship(foreign_keys=[judge_id])
    leader: Mapped[User | None] = relationship(foreign_keys=[leader_id])
    reason: Mapped[ReversalReason] = relationship()
    judgment: Mapped[Judgment | None] = relationship()
    self_check_file: Mapped[StoredFile | None] = relationship()
    evaluation: Mapped["ReversalEvaluation | None"] = relationship(back_populates="case", uselist=False)

    @hybrid_property
    def month(self) -> str:
        """YYYY-MM of the higher court's decision; in SQL the first 7 characters of the ISO date."""
        return self.decided_on.strftime("%Y-%m")

    @month.inplace.expression
    @classmethod
    def _month_expression(cls):
        return func.substr(cast(cls.decided_on, String), 1, 7)

    def self_check_overdue(self, today: date) -> bool:
        return (self.self_check_at is None and self.self_check_due is not None
                and today > self.self_check_due)


class ReversalEvaluation(Base):
    """The office's evaluation (with the two-way 双向评析 views), the judge's one objection and
    the meeting's decision that closes a disputed case."""
    __tablename__ = "reversal_evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("reversal_cases.id", ondelete="CASCADE"), unique=True)
    problem_confirmed: Mapped[bool]
    categories: Mapped[list] = mapped_column(default=list)          # reason codes
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal("0"))
    opinion: Mapped[str] = mapped_column(Text)
    basic_view: Mapped[str | None] = mapped_column(Text)           # 基层法院意见
    intermediate_view: Mapped[str | None] = mapped_column(Text)    # 中院意见
    evaluated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    evaluated_at: Mapped[datetime] = mapped_column(default=utcnow)
    objection: Mapped[str | None] = mapped_column(Text)
    objected_at: Mapped[datetime | None]
    decision_body: Mapped[DecisionBody | None]
    decision_confirmed: Mapped[bool | None]
    decision_points: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    decision_text: Mapped[str | None] = mapped_column(Text)
    decision_minutes_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    decided_on: Mapped[date | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[ReversalCase] = relationship(back_populates="evaluation")
    evaluated_by: Mapped[User | None] = relationship(foreign_keys=[evaluated_by_id])
    decision_minutes: Mapped[StoredFile | None] = relationship()

    @property
    def final_confirmed(self) -> bool:
        return self.decision_confirmed if self.decision_confirmed is not None else self.problem_confirmed


class AdmonishmentTalk(Base):
    """The supervision office's record that the 诫勉谈话 for a judge's year took place."""
    __tablename__ = "admonishment_talks"
    __table_args__ = (UniqueConstraint("judge_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    year: Mapped[int]
    held_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


quality_meeting_cases = Table(
    "quality_meeting_cases", Base.metadata,
    Column("meeting_id", ForeignKey("quality_meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("case_id", ForeignKey("reversal_cases.id", ondelete="CASCADE"), primary_key=True),
)


class QualityMeeting(Base):
    """A division's monthly case-quality analysis meeting (案件质量评析会)."""
    __tablename__ = "quality_meetings"
    __table_args__ = (UniqueConstraint("division_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    division_id: Mapped[int] = mapped_column(ForeignKey("divisions.id"))
    month: Mapped[str] = mapped_column(String(7), index=True)
    held_on: Mapped[date]
    problems: Mapped[str] = mapped_column(Text)
    measures: Mapped[str] = mapped_column(Text)
    minutes_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime | None]

    division: Mapped[Division] = relationship()
    minutes: Mapped[StoredFile | None] = relationship()
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])
    cases: Mapped[list[ReversalCase]] = relationship(secondary=quality_meeting_cases)


class GuidanceKind(LabelledEnum):
    BUSINESS = ("business", "审判业务指引")
    CLASS_CASE = ("class_case", "类案裁判指引")
    QUARTERLY_MEETING = ("quarterly_meeting", "发改案件“面对面”评析会")


class GuidanceDocument(Base):
    """Guidance published by an intermediate-court division (measure 8), read by every judge."""
    __tablename__ = "guidance_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    division_id: Mapped[int] = mapped_column(ForeignKey("divisions.id"), index=True)
    kind: Mapped[GuidanceKind]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    published_on: Mapped[date] = mapped_column(index=True)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    division: Mapped[Division] = relationship()
    file: Mapped[StoredFile | None] = relationship()


class ReversalImport(Base):
    """An uploaded export of the case-management system: rows with their problems until applied."""
    __tablename__ = "reversal_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    rows: Mapped[list] = mapped_column(default=list)
    row_count: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    status: Mapped[ImportStatus] = mapped_column(default=ImportStatus.PENDING)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    applied_at: Mapped[datetime | None]

    file: Mapped[StoredFile] = relationship()
