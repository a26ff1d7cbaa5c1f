"""Per court and status: how many judgments there are, kept by `reviewer.main.judgment_counts` on
every flush that adds, deletes or moves a judgment, so that the home page's judgments panel reads
at most one row per court and status instead of counting every judgment of every year."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class JudgmentStatusCount(Base):
    """`count` judgments of court `court_id` have the status named `status` (a `JudgmentStatus`
    member's name, as the judgments table stores it)."""

    __tablename__ = "judgment_status_counts"

    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int]

    def __repr__(self) -> str:
        return f"<JudgmentStatusCount court {self.court_id} {self.status}: {self.count}>"
