"""Exports generated in the background: who asked for what, how far it got, the file it made."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.stored_file import StoredFile
from models.user import User


class ExportStatus(LabelledEnum):
    QUEUED = ("queued", "排队中")
    RUNNING = ("running", "生成中")
    DONE = ("done", "已完成")
    FAILED = ("failed", "失败")


class ExportRequest(Base):
    """One export asked for by a user (`kind` with its JSON `params`: period or list filters).

    `done`/`total` are the progress in the kind's unit (rows or reviews) as last committed at a
    stage change; the live figure while it runs is in `job_progress` (reviewer.progress). `file`
    is the finished workbook until `expires_at`, when the clean-up job removes row and file.
    """

    __tablename__ = "export_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(default=dict)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[ExportStatus] = mapped_column(default=ExportStatus.QUEUED, index=True)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None]
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None] = mapped_column(index=True)

    requested_by: Mapped[User] = relationship()
    file: Mapped[StoredFile | None] = relationship()

    def __repr__(self) -> str:
        return f"<ExportRequest {self.id} {self.kind} {self.status.value}>"
