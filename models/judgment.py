"""Judgments (裁判文书) submitted by courts for evaluation, with what the parser extracted."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.court import Court
from models.judgment_data import (Person, people_from_json, people_to_json, sections_from_json,
                                  sections_to_json)
from models.stored_file import StoredFile
from models.user import User


class Purpose(LabelledEnum):
    EXCELLENT = ("excellent", "推荐优秀")
    FLAWED = ("flawed", "瑕疵")
    ROUTINE = ("routine", "常规评查")
    DRAWN = ("drawn", "随机抽取公示")


class JudgmentStatus(LabelledEnum):
    DRAFT = ("draft", "待确认")          # uploaded, liaison checks the extracted data
    SUBMITTED = ("submitted", "待评查")
    IN_REVIEW = ("in_review", "评查中")
    EVALUATED = ("evaluated", "已评查")
    PUBLISHED = ("published", "已公布")


class Judgment(Base):
    __tablename__ = "judgments"
    __table_args__ = (Index("ix_judgments_court_month", "court_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # YYYY-MM evaluation month
    purpose: Mapped[Purpose] = mapped_column(default=Purpose.ROUTINE)
    status: Mapped[JudgmentStatus] = mapped_column(default=JudgmentStatus.DRAFT, index=True)
    lock_version: Mapped[int] = mapped_column(default=1, server_default="1")  # reviewer/edits.py
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))

    case_number: Mapped[str | None] = mapped_column(String(80), index=True)
    case_year: Mapped[int | None]
    case_court_code: Mapped[str | None] = mapped_column(String(20))
    case_type_code: Mapped[str | None] = mapped_column(String(20), index=True)
    case_sequence: Mapped[int | None]
    court_name_text: Mapped[str | None] = mapped_column(String(100))  # as written in the title
    doc_type: Mapped[str | None] = mapped_column(String(30), index=True)
    procedure: Mapped[str | None] = mapped_column(String(30))
    trial_procedure: Mapped[str | None] = mapped_column(String(30))
    cause: Mapped[str | None] = mapped_column(String(100), index=True)
    judgment_date: Mapped[date | None]
    presiding_judge_name: Mapped[str | None] = mapped_column(String(50))
    clerk_name: Mapped[str | None] = mapped_column(String(50))
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # 承办法官
    parties: Mapped[list] = mapped_column(default=list)
    signatories: Mapped[list] = mapped_column(default=list)
    paragraphs: Mapped[list] = mapped_column(default=list)
    section_ranges: Mapped[dict] = mapped_column(default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    # the liaison's reason for submitting a judgment that seems to belong to another court (issue #11)
    court_mismatch_reason: Mapped[str | None] = mapped_column(Text)

    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]

    court: Mapped[Court] = relationship()
    file: Mapped[StoredFile] = relationship()
    judge: Mapped[User | None] = relationship(foreign_keys=[judge_id])
    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])

    @property
    def title(self) -> str:
        return self.case_number or self.file.original_name

    # Typed accessors of the JSON columns (shapes in models/judgment_data.py); assign to change.
    @property
    def party_list(self) -> tuple[Person, ...]:
        return people_from_json(self.parties)

    @party_list.setter
    def party_list(self, people) -> None:
        self.parties = people_to_json(people)

    @property
    def signatory_list(self) -> tuple[Person, ...]:
        return people_from_json(self.signatories)

    @signatory_list.setter
    def signatory_list(self, people) -> None:
        self.signatories = people_to_json(people)

    @property
    def sections(self) -> dict[str, tuple[int, int]]:
        """Section key → half-open paragraph range (start, end)."""
        return sections_from_json(self.section_ranges)

    @sections.setter
    def sections(self, ranges) -> None:
        self.section_ranges = sections_to_json(ranges)

    def section_of(self, index: int) -> str | None:
        for key, (start, end) in self.sections.items():
            if start <= index < end:
                return key
        return None

    def __repr__(self) -> str:
        return f"<Judgment {self.id} {self.case_number}>"
