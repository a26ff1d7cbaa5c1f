"""Score sheets (评查表): versioned sections → items, for judgments and hearings alike."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.grades import DEFAULT_GRADE_BANDS
from models.user import User

POINTS = Numeric(6, 2)


class SheetKind(LabelledEnum):
    JUDGMENT = ("judgment", "裁判文书")
    HEARING = ("hearing", "庭审")
    REVERSAL = ("reversal", "发改案件")


class DeductionMode(LabelledEnum):
    FREE = ("free", "酌情扣分")
    PER_OCCURRENCE = ("per_occurrence", "按处扣分")


class ScoreSheet(Base):
    """One version of a score sheet. `code` names the family; each edit of a used sheet adds a version.

    A sheet that some review has used is `frozen` and never changes again. `active` marks the
    version given to new reviews of its kind (one per kind). `lock_version` is bumped by every
    update and refuses a stale concurrent save (SQLAlchemy's version counter).
    """

    __tablename__ = "score_sheets"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SheetKind] = mapped_column(index=True)
    code: Mapped[str] = mapped_column(String(50), index=True)
    name: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(default=1)
    description: Mapped[str | None] = mapped_column(Text)
    frozen: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=False)
    grade_bands: Mapped[dict] = mapped_column(default=lambda: dict(DEFAULT_GRADE_BANDS))
    spread_threshold: Mapped[Decimal] = mapped_column(POINTS, default=Decimal("10"))
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("score_sheets.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)

    sections: Mapped[list["ScoreSection"]] = relationship(
        back_populates="sheet", cascade="all, delete-orphan",
        order_by="ScoreSection.order, ScoreSection.id",
    )
    previous: Mapped["ScoreSheet | None"] = relationship(remote_side=[id])
    created_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def items(self) -> list["ScoreItem"]:
        return [item for section in self.sections for item in section.items]

    @property
    def total_points(self) -> Decimal:
        return sum((item.points for item in self.items), Decimal("0"))

    def item_by_key(self, key: str) -> "ScoreItem | None":
        return next((item for item in self.items if item.key == key), None)

    @property
    def label(self) -> str:
        return f"{self.name}（第 {self.version} 版）"

    def __repr__(self) -> str:
        return f"<ScoreSheet {self.code} v{self.version}>"


class ScoreSection(Base):
    __tablename__ = "score_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheets.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    order: Mapped[int] = mapped_column(default=0)

    sheet: Mapped[ScoreSheet] = relationship(back_populates="sections")
    items: Mapped[list["ScoreItem"]] = relationship(
        back_populates="section", cascade="all, delete-orphan",
        order_by="ScoreItem.order, ScoreItem.id",
    )

    @property
    def points(self) -> Decimal:
        return sum((item.points for item in self.items), Decimal("0"))

    def __repr__(self) -> str:
        return f"<ScoreSection {self.title}>"


class ScoreItem(Base):
    """An item: 评审内容 (description), 评分标准 (standard), points and how deductions are made.

    `key` (e.g. "format.elements") is stable across versions of a sheet; the automatic checks map
    their findings to items by key. `sheet_id` repeats the section's sheet so keys are unique per sheet.
    """

    __tablename__ = "score_items"
    __table_args__ = (UniqueConstraint("sheet_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheets.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("score_sections.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text)
    standard: Mapped[str | None] = mapped_column(Text)
    points: Mapped[Decimal] = mapped_column(POINTS)
    mode: Mapped[DeductionMode] = mapped_column(default=DeductionMode.FREE)
    step: Mapped[Decimal | None] = mapped_column(POINTS)
    cap: Mapped[Decimal | None] = mapped_column(POINTS)
    veto: Mapped[bool] = mapped_column(default=False)
    order: Mapped[int] = mapped_column(default=0)

    section: Mapped[ScoreSection] = relationship(back_populates="items")
    sheet: Mapped[ScoreSheet] = relationship()

    @property
    def per_occurrence(self) -> bool:
        return self.mode == DeductionMode.PER_OCCURRENCE

    def __repr__(self) -> str:
        return f"<ScoreItem {self.key}>"
