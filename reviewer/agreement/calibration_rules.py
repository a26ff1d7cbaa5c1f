"""Comparing a reviewer's calibration sheet with the reference (标准样卷), item by item. Pure, no Flask.

For each item of the sheet, with r the reference's agreed deduction and o the reviewer's:

* **missed** (漏扣): the reference deducts (r > 0) or hits the veto, the reviewer does neither;
* **extra** (多扣): the reviewer deducts (o > 0) or hits the veto, the reference does neither;
* **different** (扣分不同): both deduct, by amounts differing by 0.5 point or more, or they
  disagree on the veto;
* **same** otherwise (including both at 0).

The result: total difference Σo − Σr (positive = stricter than the reference), absolute deviation
Σ|o − r| (points), the counts of missed and extra findings, and *passed* when the absolute
deviation is at most the office's tolerance (default 10 points) and no veto decision differs
from the reference's. This follows the idea of Moodle's workshop "assessment of the example
submissions" (the reviewer's assessment compared with the reference assessment) with the
platform's own deduction scale.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence

SAME, MISSED, EXTRA, DIFFERENT = "same", "missed", "extra", "different"
KIND_LABELS = {SAME: "一致", MISSED: "漏扣", EXTRA: "多扣", DIFFERENT: "扣分不同"}
KIND_ROW_CLASSES = {MISSED: "table-danger", EXTRA: "table-warning", DIFFERENT: "table-info"}
DIFFERENT_FROM = Decimal("0.5")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Entry:
    """One side's entry on an item: deduction (points), veto hit, reason."""

    deduction: Decimal = ZERO
    veto_hit: bool = False
    reason: str = ""

    @property
    def finding(self) -> bool:
        return self.deduction > 0 or self.veto_hit


@dataclass(frozen=True)
class ItemComparison:
    item_id: int
    label: str
    points: Decimal
    reference: Entry
    own: Entry

    @property
    def kind(self) -> str:
        ref, own = self.reference, self.own
        if ref.finding and not own.finding:
            return MISSED
        if own.finding and not ref.finding:
            return EXTRA
        if ref.veto_hit != own.veto_hit or abs(own.deduction - ref.deduction) >= DIFFERENT_FROM:
            return DIFFERENT
        return SAME

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def row_class(self) -> str:
        return KIND_ROW_CLASSES.get(self.kind, "")

    @property
    def difference(self) -> Decimal:
        return self.own.deduction - self.reference.deduction


@dataclass(frozen=True)
class Outcome:
    items: tuple[ItemComparison, ...]
    total_difference: Decimal
    absolute_deviation: Decimal
    missed: int
    extra: int
    veto_disagreements: int
    passed: bool


def compare(items: Sequence[tuple[int, str, Decimal]], reference: Mapping[int, Entry],
            own: Mapping[int, Entry], tolerance: Decimal) -> Outcome:
    """Compare item by item; `items` are (item id, label, points) in sheet order (module docstring)."""
    rows = tuple(ItemComparison(item_id, label, points, reference.get(item_id, Entry()), own.get(item_id, Entry()))
                 for item_id, label, points in items)
    total = sum((row.difference for row in rows), ZERO)
    absolute = sum((abs(row.difference) for row in rows), ZERO)
    missed = sum(1 for row in rows if row.kind == MISSED)
    extra = sum(1 for row in rows if row.kind == EXTRA)
    vetoes = sum(1 for row in rows if row.reference.veto_hit != row.own.veto_hit)
    return Outcome(rows, total, absolute, missed, extra, vetoes, absolute <= tolerance and vetoes == 0)
