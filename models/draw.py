"""Monthly draws (每月随机抽取各业务庭长裁判文书): one per court and month, one entry per division head.

Two steps, as RFC 3797 asks: the draw is *announced* (candidate lists frozen and hashed, and the
source of the public random value stated) before the value can be known; the value is then
entered and every entry drawn. The stored record is enough to re-run the draw.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.court import Court, Division
from models.judgment import Judgment
from models.user import User


class DrawStatus(LabelledEnum):
    ANNOUNCED = ("announced", "已公告待抽取")
    DRAWN = ("drawn", "已抽取")


class EntryStatus(LabelledEnum):
    NO_CASES = ("no_cases", "本月无结案")
    FROZEN = ("frozen", "名单已冻结")
    DRAWN = ("drawn", "已抽中")


class MonthlyDraw(Base):
    __tablename__ = "monthly_draws"
    __table_args__ = (UniqueConstraint("court_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    algorithm: Mapped[str] = mapped_column(String(40))
    status: Mapped[DrawStatus] = mapped_column(default=DrawStatus.ANNOUNCED)
    # What the public value will be, announced before it is known (e.g. 2021年4月6日福彩3D开奖号码).
    value_source: Mapped[str] = mapped_column(String(200))
    announced_at: Mapped[datetime] = mapped_column(default=utcnow)
    announced_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    public_value: Mapped[str | None] = mapped_column(String(200))
    drawn_at: Mapped[datetime | None]
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    court: Mapped[Court] = relationship()
    announced_by: Mapped[User | None] = relationship(foreign_keys=[announced_by_id])
    drawn_by: Mapped[User | None] = relationship(foreign_keys=[drawn_by_id])
    entries: Mapped[list["DrawEntry"]] = relationship(
        back_populates="draw", cascade="all, delete-orphan", order_by="DrawEntry.sort_key"
    )

    def __repr__(self) -> str:
        return f"<MonthlyDraw {self.id} {self.month}>"


class DrawEntry(Base):
    """One division head's draw: frozen candidates, their hash, the seed and the result."""

    __tablename__ = "draw_entries"
    __table_args__ = (UniqueConstraint("draw_id", "head_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("monthly_draws.id", ondelete="CASCADE"),
                                         index=True)
    division_id: Mapped[int | None] = mapped_column(ForeignKey("divisions.id"))
    head_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    division_name: Mapped[str] = mapped_column(String(50))   # as at the draw
    head_name: Mapped[str] = mapped_column(String(50))        # as at the draw
    sort_key: Mapped[int] = mapped_column(default=0)
    status: Mapped[EntryStatus] = mapped_column(default=EntryStatus.FROZEN)
    candidates: Mapped[list] = mapped_column(default=list)   # the frozen, sorted case numbers
    list_hash: Mapped[str | None] = mapped_column(String(64))
    seed: Mapped[str | None] = mapped_column(Text)
    result_index: Mapped[int | None]
    result_case_number: Mapped[str | None] = mapped_column(String(80), index=True)
    # The drawn judgment once the court uploads it (intake purpose 随机抽取公示).
    judgment_id: Mapped[int | None] = mapped_column(ForeignKey("judgments.id", ondelete="SET NULL"),
                                                    index=True)

    draw: Mapped[MonthlyDraw] = relationship(back_populates="entries")
    division: Mapped[Division | None] = relationship()
    head: Mapped[User] = relationship()
    judgment: Mapped[Judgment | None] = relationship()

    def __repr__(self) -> str:
        return f"<DrawEntry {self.id} {self.head_name} {self.result_case_number}>"
