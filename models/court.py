"""Courts (法院) and their divisions (业务庭): editable reference data."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum


class CourtLevel(LabelledEnum):
    INTERMEDIATE = ("intermediate", "中级法院")
    BASIC = ("basic", "基层法院")


class Court(Base):
    __tablename__ = "courts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)          # 焦作中院
    full_name: Mapped[str] = mapped_column(String(100), unique=True)    # 河南省焦作市中级人民法院
    code: Mapped[str] = mapped_column(String(20), unique=True)          # 豫08
    level: Mapped[CourtLevel] = mapped_column(default=CourtLevel.BASIC)
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    lock_version: Mapped[int] = mapped_column(default=1, server_default="1")  # reviewer/edits.py

    divisions: Mapped[list["Division"]] = relationship(
        back_populates="court", order_by="Division.sort_order, Division.id"
    )

    def __repr__(self) -> str:
        return f"<Court {self.code} {self.name}>"


class Division(Base):
    __tablename__ = "divisions"
    __table_args__ = (UniqueConstraint("court_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    lock_version: Mapped[int] = mapped_column(default=1, server_default="1")  # reviewer/edits.py

    court: Mapped[Court] = relationship(back_populates="divisions")

    def __repr__(self) -> str:
        return f"<Division {self.name}>"
