"""Province-measured indicators entered by hand (全省排名): a basic court's rank among the province's
courts on 诉前化解成功率, 万人成诉率 and 诉前调解程序适用率, as the high court's notice gives it.

Source: the plan's section 二 and INDICATORS.md ("basic courts' 诉前化解成功率、万人成诉率、诉前调解程序
适用率 in the province's top 80 (a rank given by the province, entered by hand)"). The platform cannot
compute these: the province measures them against every court in Henan. One row per court, month
and indicator; `rank` 1 = best; `total` how many courts the province ranked (optional); `value` the
court's own figure as published (percent, or cases per 10,000 people), optional.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.court import Court


class ProvinceRank(Base):
    __tablename__ = "province_ranks"
    __table_args__ = (
        UniqueConstraint("court_id", "month", "key"),
        CheckConstraint("rank >= 1", name="rank_positive"),
        CheckConstraint("total IS NULL OR total >= rank", name="rank_within_total"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id", ondelete="RESTRICT"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)     # YYYY-MM of the province's notice
    key: Mapped[str] = mapped_column(String(40))                    # reviewer.indicators.province.KEYS
    rank: Mapped[int]
    total: Mapped[int | None]
    value: Mapped[float | None] = mapped_column(Float)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    court: Mapped[Court] = relationship()

    def __repr__(self) -> str:
        return f"<ProvinceRank {self.court_id} {self.month} {self.key} #{self.rank}>"
