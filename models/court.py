"""Courts (法院) and their divisions (业务庭): editable reference data."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum


TRIAL_SUPERVISION_NAMES = ("审判监督庭", "审判监督一庭", "审判监督第一庭", "审监一庭")


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

    @property
    def aliases(self) -> set[str]:
        """Every way an imported file may name the court: the code (豫0802), the short name with and
        without 法院 (解放区法院, 解放区), the full name and the full name without the province and
        city (解放区人民法院, 温县人民法院) and without 人民法院 (解放区, 温县)."""
        names = {self.code, self.name, self.full_name}
        if self.name.endswith("法院") and len(self.name) > 2:
            names.add(self.name[:-2])
        local = self.full_name
        for prefix in ("河南省", "焦作市"):
            local = local.removeprefix(prefix)
            names.add(local)
        if local.endswith("人民法院") and len(local) > 4:
            names.add(local[:-4])
        return {n for n in names if n}


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

    @property
    def is_trial_supervision(self) -> bool:
        """The intermediate court's 审判监督庭 (审监一庭): it evaluates the cases the provincial court
        changed (measure 6 of the plan: “经审监一庭评查后，逐案提交审委会”)."""
        return self.name in TRIAL_SUPERVISION_NAMES and self.court.level == CourtLevel.INTERMEDIATE

    def __repr__(self) -> str:
        return f"<Division {self.name}>"


def courts_by_alias(courts) -> dict[str, "Court"]:
    """{alias: court} over `Court.aliases`; an alias two courts share names neither."""
    found: dict[str, Court] = {}
    shared: set[str] = set()
    for court in courts:
        for alias in court.aliases:
            if alias in found and found[alias] is not court:
                shared.add(alias)
            found[alias] = court
    return {alias: court for alias, court in found.items() if alias not in shared}
