"""What a reviewer submits for one sheet (the typed input of the reviewing services) and the
refusal that points at the entries breaking the scoring rules."""
from __future__ import annotations

from dataclasses import dataclass, field

from models import Grade
from reviewer.errors import DomainError


class ReviewInvalid(DomainError):
    """Entries that break the scoring rules; `item_errors` maps item id → message."""

    def __init__(self, item_errors: dict[int, str], remark_errors: dict[int, str], message: str | None = None):
        count = len(item_errors) + len(remark_errors)
        super().__init__(message or f"有 {count} 处需要修改，请查看标红的内容。")
        self.item_errors = item_errors
        self.remark_errors = remark_errors


@dataclass
class ItemEntry:
    deduction: object = None
    occurrences: object = None
    veto_hit: bool = False
    reason: str | None = None


@dataclass
class RemarkEntry:
    text: str
    item_id: int | None = None
    paragraph_index: int | None = None
    start_seconds: float | None = None
    end_seconds: float | None = None


@dataclass
class ReviewInput:
    entries: dict[int, ItemEntry] = field(default_factory=dict)
    remarks: list[RemarkEntry] = field(default_factory=list)
    overall_comment: str | None = None
    proposed_grade: Grade | None = None
