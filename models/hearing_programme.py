"""The hearing programme around recordings: quota deadlines, observation rounds, annual top-ten."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.court import Court
from models.hearing import Hearing


class HearingQuotaDeadline(Base):
    """A month's submission deadline when it differs from the default (day N of the next month)."""

    __tablename__ = "hearing_quota_deadlines"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)
    deadline: Mapped[date]
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __repr__(self) -> str:
        return f"<HearingQuotaDeadline {self.month} {self.deadline}>"


class ObservationMode(LabelledEnum):
    ON_SITE = ("on_site", "现场观摩")
    ONLINE = ("online", "网上观看录像")


class RoundStatus(LabelledEnum):
    OPEN = ("open", "进行中")
    CLOSED = ("closed", "已结束")


class ObservationRound(Base):
    """A quarter's observation (庭审观摩评查) round: drawn hearings, their panels and mode."""

    __tablename__ = "hearing_observation_rounds"
    __table_args__ = (UniqueConstraint("year", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    quarter: Mapped[int]
    title: Mapped[str] = mapped_column(String(100))
    status: Mapped[RoundStatus] = mapped_column(default=RoundStatus.OPEN)
    seed: Mapped[str | None] = mapped_column(String(64))  # the draw's seed, kept so it can be re-checked
    drawn_at: Mapped[datetime | None]
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1, server_default="1")  # reviewer/edits.py

    entries: Mapped[list["ObservationEntry"]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="ObservationEntry.id")

    @property
    def months(self) -> list[str]:
        first = 3 * (self.quarter - 1) + 1
        return [f"{self.year}-{m:02d}" for m in range(first, first + 3)]

    def __repr__(self) -> str:
        return f"<ObservationRound {self.year}Q{self.quarter}>"


class ObservationEntry(Base):
    """A hearing drawn into a round, observed on site or online."""

    __tablename__ = "hearing_observation_entries"
    __table_args__ = (UniqueConstraint("round_id", "hearing_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("hearing_observation_rounds.id", ondelete="CASCADE"),
                                          index=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    mode: Mapped[ObservationMode]
    source: Mapped[str] = mapped_column(String(20))  # 'recording' or 'schedule'

    round: Mapped[ObservationRound] = relationship(back_populates="entries")
    hearing: Mapped[Hearing] = relationship()


class ScheduledHearing(Base):
    """A row of an imported hearing schedule (开庭排期), candidate for on-site observation."""

    __tablename__ = "hearing_schedule"
    __table_args__ = (UniqueConstraint("court_id", "case_number", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    case_number: Mapped[str] = mapped_column(String(80))
    cause: Mapped[str | None] = mapped_column(String(100))
    starts_at: Mapped[datetime]
    courtroom: Mapped[str | None] = mapped_column(String(50))
    presiding_judge_name: Mapped[str | None] = mapped_column(String(50))
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearings.id"))  # set once drawn

    court: Mapped[Court] = relationship()


class TopTenKind(LabelledEnum):
    BEST = ("best", "十大精品庭审")
    FLAWED = ("flawed", "十大问题或瑕疵庭审")


class TopTenStatus(LabelledEnum):
    PROPOSED = ("proposed", "拟定中")
    COMMENT = ("comment", "公示中")
    PUBLISHED = ("published", "已发布")


class TopTenList(Base):
    __tablename__ = "hearing_top_ten_lists"
    __table_args__ = (UniqueConstraint("year", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    kind: Mapped[TopTenKind]
    status: Mapped[TopTenStatus] = mapped_column(default=TopTenStatus.PROPOSED)
    comment_until: Mapped[date | None]
    published_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)

    entries: Mapped[list["TopTenEntry"]] = relationship(
        back_populates="list", cascade="all, delete-orphan", order_by="TopTenEntry.rank")

    __mapper_args__ = {"version_id_col": lock_version}


class TopTenEntry(Base):
    __tablename__ = "hearing_top_ten_entries"
    __table_args__ = (UniqueConstraint("list_id", "hearing_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("hearing_top_ten_lists.id", ondelete="CASCADE"), index=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    rank: Mapped[int]
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    grade_label: Mapped[str | None] = mapped_column(String(10))
    provincial_showcase: Mapped[bool] = mapped_column(default=False)  # recommended to the province

    list: Mapped[TopTenList] = relationship(back_populates="entries")
    hearing: Mapped[Hearing] = relationship()
