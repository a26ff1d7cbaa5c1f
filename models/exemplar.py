"""The searchable text of published exemplars (the library's full-text index source)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class ExemplarText(Base):
    """One row per published exemplar judgment: its anonymised text, searched by substring.

    The search indexes themselves (SQLite FTS5 trigram table, PostgreSQL pg_trgm GIN index) are
    created by `reviewer.exemplars.search`.
    """

    __tablename__ = "exemplar_texts"

    judgment_id: Mapped[int] = mapped_column(ForeignKey("judgments.id", ondelete="CASCADE"), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    indexed_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<ExemplarText judgment={self.judgment_id}>"
