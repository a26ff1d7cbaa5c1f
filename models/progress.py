"""Progress of long background work, committed apart from the work's own transaction."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class JobProgress(Base):
    """How far one piece of background work got: `key` names it (`export:12`, `register:5`).

    Written by `reviewer.progress` in its own short transaction, so another process (the page
    that polls) sees it while the work's own transaction is still open.
    """

    __tablename__ = "job_progress"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    stage: Mapped[str] = mapped_column(String(40), default="")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<JobProgress {self.key} {self.stage} {self.done}/{self.total}>"
