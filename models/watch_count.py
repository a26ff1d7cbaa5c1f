"""Per court, division and watch list: how many cases of the court's current register snapshot are
on the list, kept by `reviewer.indicators.watch_counts` when an import is applied (the lists'
rules: reviewer/indicators/watch.py), so the watch page reads a few dozen rows instead of counting
the open cases on every view.
"""
from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class WatchCount(Base):
    """`count` cases of snapshot `import_id` (court `court_id`, division `division`, "" when the
    register names none) are on list `kind` (a key of watch.LISTS); lists with no case have no
    row. Only the current snapshots have rows: superseding a snapshot deletes them."""

    __tablename__ = "watch_counts"
    __table_args__ = (UniqueConstraint("import_id", "division", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("case_imports.id", ondelete="CASCADE"))
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    division: Mapped[str] = mapped_column(String(50), default="")
    kind: Mapped[str] = mapped_column(String(20))
    count: Mapped[int]
