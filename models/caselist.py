"""Closed-case lists (结案清单) imported per court and month: the pool the monthly draw uses."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.court import Court, Division
from models.stored_file import StoredFile
from models.user import User


class ImportStatus(LabelledEnum):
    PENDING = ("pending", "待确认")
    APPLIED = ("applied", "已导入")
    DISCARDED = ("discarded", "已放弃")


class CaseListImport(Base):
    """One uploaded file: parsed rows and their problems are staged here until applied."""

    __tablename__ = "caselist_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    status: Mapped[ImportStatus] = mapped_column(default=ImportStatus.PENDING)
    row_count: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    # [{"line": 2, "values": {...}, "problems": ["…"]}, …] — the preview, exactly as validated.
    rows: Mapped[list] = mapped_column(default=list)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    applied_at: Mapped[datetime | None]

    court: Mapped[Court] = relationship()
    file: Mapped[StoredFile] = relationship()
    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])

    def __repr__(self) -> str:
        return f"<CaseListImport {self.id} {self.month} {self.status.value}>"


class ClosedCase(Base):
    """A case closed in a month, as the court's case-management system exported it."""

    __tablename__ = "closed_cases"
    __table_args__ = (
        UniqueConstraint("court_id", "case_number"),
        Index("ix_closed_cases_court_month", "court_id", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"))
    month: Mapped[str] = mapped_column(String(7))
    case_number: Mapped[str] = mapped_column(String(80))
    cause: Mapped[str] = mapped_column(String(100))
    division_id: Mapped[int] = mapped_column(ForeignKey("divisions.id"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    closed_on: Mapped[date]
    closing_method: Mapped[str] = mapped_column(String(30))
    import_id: Mapped[int] = mapped_column(ForeignKey("caselist_imports.id"), index=True)

    court: Mapped[Court] = relationship()
    division: Mapped[Division] = relationship()
    judge: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ClosedCase {self.case_number}>"
