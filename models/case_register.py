"""The case register (案件台账): imported snapshots, their cases, monthly counters, targets.

A `CaseImport` is one export of a court's case-management system. Applying it makes it the
court's current snapshot: its cases replace the previous snapshot's cases, and its monthly
counters (`CaseTally`, and their sums per court and month, `CourtTally`) become current.
Superseded snapshots keep their file and their counters (history: which snapshot produced which
figure); their case rows are removed.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (BigInteger, Column, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, and_,
                        literal_column, or_)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.court import Court
from models.stored_file import StoredFile
from models.user import User

# Counter columns of CaseTally: the monthly counters the indicator engine defines and documents
# (reviewer/indicators/tally.py).
TALLY_COUNTERS: tuple[str, ...] = (
    "trial_filed", "trial_closed", "trial_pending_end", "trial_days_sum",
    "limit_closed", "limit_closed_ok", "limit_pending_end", "limit_pending_ok",
    "first_closed", "first_accepted", "first_accepted_strict", "first_appealed",
    "first_reversed", "first_changed",
    "effective", "effective_retrial_applied", "effective_retrial_entered",
    "effective_retrial_changed", "payable", "payable_voluntary",
    "appeals", "appeals_timely",
    "civil_first_closed", "civil_mediated", "civil_withdrawn", "civil_simple", "civil_small_claims",
    "civil_second_closed", "civil_second_fast",
    "exec_filed", "exec_closed", "exec_pending_end", "exec_in_time",
    "final_reviewed", "final_qualified",
    "restored_closed", "restored_recovered", "restored_amount_applied", "restored_amount_recovered",
)


class RegisterImportStatus(LabelledEnum):
    CHECKING = ("checking", "检查中")
    FAILED = ("failed", "无法读取")
    PENDING = ("pending", "待确认")
    APPLYING = ("applying", "导入中")
    APPLIED = ("applied", "当前台账")
    SUPERSEDED = ("superseded", "已被替换")
    DISCARDED = ("discarded", "已放弃")


class CaseImport(Base):
    """One uploaded export; the preview keeps the first rows with problems, not every row."""

    __tablename__ = "case_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    as_of: Mapped[date]                                   # the export's date: counters run to its month
    status: Mapped[RegisterImportStatus] = mapped_column(default=RegisterImportStatus.PENDING)
    row_count: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    mapping: Mapped[dict] = mapped_column(default=dict)   # field -> header used for this file
    problems: Mapped[list] = mapped_column(default=list)  # first rows with problems: {line, case_number, problems}
    sample: Mapped[list] = mapped_column(default=list)    # first rows as read, for the preview
    failure: Mapped[str | None] = mapped_column(String(500))  # why the file could not be read or applied
    first_month: Mapped[str | None] = mapped_column(String(7))
    last_month: Mapped[str | None] = mapped_column(String(7))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    applied_at: Mapped[datetime | None]
    superseded_at: Mapped[datetime | None]

    court: Mapped[Court] = relationship()
    file: Mapped[StoredFile] = relationship()
    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])

    def __repr__(self) -> str:
        return f"<CaseImport {self.id} {self.status.value}>"


class CaseRecord(Base):
    """One case of a court's current register, typed; `due_on` is derived at import."""

    __tablename__ = "case_records"
    __table_args__ = (
        UniqueConstraint("import_id", "case_number"),
        Index("ix_case_records_court_filed", "court_id", "filed_on"),
        Index("ix_case_records_court_appealed", "court_id", "appealed_on"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("case_imports.id", ondelete="CASCADE"), index=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"))
    line: Mapped[int]
    case_number: Mapped[str] = mapped_column(String(80))
    type_code: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(4))
    procedure: Mapped[str] = mapped_column(String(8))
    cause: Mapped[str] = mapped_column(String(100), default="")
    division: Mapped[str] = mapped_column(String(50), default="")
    judge: Mapped[str] = mapped_column(String(50), default="")
    filed_on: Mapped[date]
    closed_on: Mapped[date | None]
    closing_method: Mapped[str] = mapped_column(String(30), default="")
    simple_procedure: Mapped[bool] = mapped_column(default=False)
    small_claims: Mapped[bool] = mapped_column(default=False)
    fast_track: Mapped[bool] = mapped_column(default=False)
    deducted_days: Mapped[int] = mapped_column(default=0)
    deduction_approved_on: Mapped[date | None]
    extended_days: Mapped[int] = mapped_column(default=0)
    extension_approved_on: Mapped[date | None]
    appealed_on: Mapped[date | None]
    transferred_on: Mapped[date | None]
    appeal_outcome: Mapped[str | None] = mapped_column(String(20))
    retrial_applied_on: Mapped[date | None]
    retrial_outcome: Mapped[str | None] = mapped_column(String(20))
    payable: Mapped[bool] = mapped_column(default=False)
    enforced: Mapped[bool] = mapped_column(default=False)
    amount_applied: Mapped[int] = mapped_column(BigInteger, default=0)      # fen
    amount_recovered: Mapped[int] = mapped_column(BigInteger, default=0)    # fen
    final_review: Mapped[str | None] = mapped_column(String(10))
    due_on: Mapped[date | None]

    def __repr__(self) -> str:
        return f"<CaseRecord {self.case_number}>"


# Two watch lists' conditions (reviewer/indicators/watch.py) and the partial indexes that answer
# them without reading ten years of closed cases. A query must contain the condition exactly as
# the index's WHERE, with literal numbers (not bound parameters), for SQLite and PostgreSQL to
# prove the index applies: use these expressions, do not rewrite them.
UNAPPROVED_DAYS = or_(
    and_(CaseRecord.deducted_days > literal_column("0"), CaseRecord.deduction_approved_on.is_(None)),
    and_(CaseRecord.extended_days > literal_column("0"), CaseRecord.extension_approved_on.is_(None)))
NOT_TRANSFERRED = and_(CaseRecord.appealed_on.is_not(None), CaseRecord.transferred_on.is_(None))
OPEN = CaseRecord.closed_on.is_(None)
CLOSED = CaseRecord.closed_on.is_not(None)
# Closed cases by closing date (ranges imply IS NOT NULL, so `closed_on >= :day` uses it), and the
# open ones apart, covering what the open-case watch lists test: with one index on (court_id,
# closed_on), SQLite's statistics (an average per value) took "closed_on IS NULL" for 25 rows a court
# and read every open case from the table.
Index("ix_case_records_closed", CaseRecord.court_id, CaseRecord.closed_on, sqlite_where=CLOSED, postgresql_where=CLOSED)
Index("ix_case_records_open", CaseRecord.court_id, CaseRecord.category, CaseRecord.filed_on, CaseRecord.due_on,
      CaseRecord.closed_on, sqlite_where=OPEN, postgresql_where=OPEN)
# Covering (the condition's columns included): SQLite's sampled statistics (`analysis_limit`) give
# every index on court_id the same rows per court, and then it chose a full index on court_id and
# read the table's rows of ten years; a covering index wins that tie.
Index("ix_case_records_unapproved", CaseRecord.court_id, CaseRecord.deducted_days, CaseRecord.deduction_approved_on,
      CaseRecord.extended_days, CaseRecord.extension_approved_on,
      sqlite_where=UNAPPROVED_DAYS, postgresql_where=UNAPPROVED_DAYS)
Index("ix_case_records_not_transferred", CaseRecord.court_id, CaseRecord.appealed_on, CaseRecord.transferred_on,
      sqlite_where=NOT_TRANSFERRED, postgresql_where=NOT_TRANSFERRED)


class CaseTally(Base):
    """Monthly counters of one snapshot, per court, division and month (the dashboard's source)."""

    __tablename__ = "case_tallies"
    __table_args__ = (
        UniqueConstraint("import_id", "division", "month"),
        Index("ix_case_tallies_current_month", "current", "month", "court_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("case_imports.id", ondelete="CASCADE"))
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    division: Mapped[str] = mapped_column(String(50), default="")
    month: Mapped[str] = mapped_column(String(7))
    current: Mapped[bool] = mapped_column(default=False)


class CourtTally(Base):
    """Monthly counters of one snapshot for the whole court: its CaseTally rows of every division
    added up, stored when the export is applied. The dashboards of the city and of a court read one
    row per court and month here instead of summing ~6 division rows each (issue 19)."""

    __tablename__ = "court_tallies"
    __table_args__ = (
        UniqueConstraint("import_id", "month"),
        Index("ix_court_tallies_current_month", "current", "month", "court_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("case_imports.id", ondelete="CASCADE"))
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))
    current: Mapped[bool] = mapped_column(default=False)


# One BIGINT column per counter, added to the mapped classes (SQLAlchemy's declarative classes
# accept columns assigned after the class body).
for _name in TALLY_COUNTERS:
    setattr(CaseTally, _name, Column(_name, BigInteger, default=0, nullable=False))
    setattr(CourtTally, _name, Column(_name, BigInteger, default=0, nullable=False))


class RegisterMapping(Base):
    """The header mapping the office saved for a court's exports: field -> header text."""

    __tablename__ = "register_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), unique=True)
    mapping: Mapped[dict] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class IndicatorTarget(Base):
    """An editable target: year × level (中院/基层/全市) × indicator key."""

    __tablename__ = "indicator_targets"
    __table_args__ = (UniqueConstraint("year", "level", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    level: Mapped[str] = mapped_column(String(4))
    key: Mapped[str] = mapped_column(String(40))
    op: Mapped[str] = mapped_column(String(2))
    value: Mapped[float] = mapped_column(Float)


class IndicatorSettings(Base):
    """The office's choices: the 口径 options and whether court-versus-court ranking is shown."""

    __tablename__ = "indicator_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    options: Mapped[dict] = mapped_column(default=dict)
    ranking_enabled: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class IndicatorReport(Base):
    """An issued monthly 质效通报 or quarterly 态势分析: its number, commentary and archived file."""

    __tablename__ = "indicator_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))            # monthly / quarterly
    period: Mapped[str] = mapped_column(String(20))          # 2021-03, 2021-04:2021-06
    number: Mapped[str] = mapped_column(String(60))          # 焦中法审管〔2021〕3号
    commentary: Mapped[str] = mapped_column(Text, default="")
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)

    file: Mapped[StoredFile] = relationship()
    issued_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<IndicatorReport {self.kind} {self.period}>"
