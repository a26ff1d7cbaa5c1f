"""Monthly rankings (月度优秀/瑕疵裁判文书榜): a draft the office edits, then publishes (张榜公布)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.judgment import Judgment
from models.user import User


class RankingStatus(LabelledEnum):
    DRAFT = ("draft", "草稿")
    PUBLISHED = ("published", "已公布")


class ListKind(LabelledEnum):
    EXCELLENT = ("excellent", "优秀裁判文书")
    FLAWED = ("flawed", "瑕疵裁判文书")


class MonthlyRanking(Base):
    """One month's two lists. `lock_version` refuses a save made from a stale page."""

    __tablename__ = "monthly_rankings"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)  # YYYY-MM
    status: Mapped[RankingStatus] = mapped_column(default=RankingStatus.DRAFT, index=True)
    lock_version: Mapped[int] = mapped_column(default=1)
    note: Mapped[str | None] = mapped_column(Text)  # the rule's notes when the draft was proposed
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None]
    unpublished_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    unpublished_at: Mapped[datetime | None]
    unpublish_reason: Mapped[str | None] = mapped_column(Text)

    entries: Mapped[list["RankingEntry"]] = relationship(
        back_populates="ranking", cascade="all, delete-orphan",
        order_by="(RankingEntry.kind, RankingEntry.position)",
    )
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def is_published(self) -> bool:
        return self.status == RankingStatus.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        """Published once, then withdrawn (and not yet published again): its reason is public."""
        return self.status == RankingStatus.DRAFT and self.unpublished_at is not None

    @property
    def replaces_withdrawn(self) -> bool:
        """Published again after a withdrawal: the board says which version it replaces."""
        return self.is_published and self.unpublished_at is not None

    def entries_of(self, kind: ListKind) -> list["RankingEntry"]:
        return sorted((e for e in self.entries if e.kind == kind), key=lambda e: e.position)

    def __repr__(self) -> str:
        return f"<MonthlyRanking {self.month} {self.status.value}>"


class RankingEntry(Base):
    """A judgment on one of the lists, with the reason shown publicly."""

    __tablename__ = "ranking_entries"
    __table_args__ = (UniqueConstraint("ranking_id", "judgment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ranking_id: Mapped[int] = mapped_column(ForeignKey("monthly_rankings.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ListKind]
    position: Mapped[int]
    judgment_id: Mapped[int] = mapped_column(ForeignKey("judgments.id"), index=True)
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluations.id"), index=True)
    score: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))  # snapshot when listed
    grade: Mapped[str | None] = mapped_column(String(20))          # grade code snapshot
    reason: Mapped[str] = mapped_column(Text, default="")
    # An upheld objection may withdraw one published entry for a second look: while `withdrawn_at`
    # is set the entry is shown struck out; `public_note` (shown publicly) keeps why and what followed.
    withdrawn_at: Mapped[datetime | None]
    public_note: Mapped[str | None] = mapped_column(Text)

    ranking: Mapped[MonthlyRanking] = relationship(back_populates="entries")
    judgment: Mapped[Judgment] = relationship()

    def __repr__(self) -> str:
        return f"<RankingEntry {self.kind.value}#{self.position} judgment={self.judgment_id}>"
