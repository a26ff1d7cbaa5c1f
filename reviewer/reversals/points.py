"""The performance-points ledger's rules (绩效考核分值), pure: no Flask, no database.

Source: the court's plan (焦中法[2021]24号): measure 1 (confirmed problems cost the judge points
"依据绩效考核的规定"), measure 2 (+0.5 to the division for each filed monthly meeting record),
measure 8 (+2 to the division for each quarterly analysis meeting or published guidance). The
office may add rules (e.g. excellent/flawed judgments and hearings).

- A rule has a code, points (negative for a deduction), whom it credits (judge or division) and
  the dates it is in force (`effective_from`, `effective_until` inclusive, None = open). For one
  code at most one rule may be in force on a day; the rule applied to an event is the one in
  force on the event's date (the meeting's date, the guidance's date, the higher court's
  decision for a 发改 case), and the entry counts for that date's year — a case reversed in
  December and evaluated in January lands in December's year, at December's rate.
- A deduction for a 发改 case uses the evaluation's points when the office set them (≤ 0), else
  the rule's.
- Entries are never edited: a correction is a counter-entry of the opposite amount pointing at
  the entry it cancels, dated like it so the year's total nets out (at most one per entry; a
  counter-entry is not itself corrected), plus a new entry if the amount was wrong.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

MEETING_RECORD = "meeting_record"
GUIDANCE = "guidance"
QUARTERLY_MEETING = "quarterly_meeting"
REVERSAL_CONFIRMED = "reversal_confirmed"

# (code, label, points, credits) — the plan's defaults, installed as rules from 2021-03-15.
DEFAULT_RULES = (
    (MEETING_RECORD, "案件质量评析会记录备案", Decimal("0.5"), "division"),
    (GUIDANCE, "发布审判业务指引/类案裁判指引", Decimal("2"), "division"),
    (QUARTERLY_MEETING, "召开发改案件“面对面”评析会", Decimal("2"), "division"),
    (REVERSAL_CONFIRMED, "发改案件经评查确有问题", Decimal("-1"), "judge"),
)
PLAN_START = date(2021, 3, 15)


class PointsError(ValueError):
    """A rule set or correction that breaks the ledger's rules; the message is Chinese."""


@dataclass(frozen=True)
class Rule:
    code: str
    points: Decimal
    effective_from: date
    effective_until: date | None = None
    rule_id: int | None = None

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_until is None or on <= self.effective_until)


@dataclass(frozen=True)
class Entry:
    entry_id: int
    subject: tuple[str, int]          # ("judge", user id) or ("division", division id)
    points: Decimal
    occurred_on: date
    corrects_id: int | None = None


def rule_on(rules: Iterable[Rule], code: str, on: date) -> Rule:
    """The one rule with `code` in force on `on`; PointsError when none or several are."""
    found = [r for r in rules if r.code == code and r.in_force(on)]
    if not found:
        raise PointsError(f"{on.isoformat()} 没有生效的“{code}”计分规则。")
    if len(found) > 1:
        raise PointsError(f"{on.isoformat()} 有多条生效的“{code}”计分规则，请检查生效日期。")
    return found[0]


def check_no_overlap(rules: Iterable[Rule], candidate: Rule) -> None:
    """Refuse a rule whose dates overlap another rule with the same code."""
    if candidate.effective_until is not None and candidate.effective_until < candidate.effective_from:
        raise PointsError("失效日期不能早于生效日期。")
    end = candidate.effective_until or date.max
    for other in rules:
        if other.code != candidate.code or (candidate.rule_id and other.rule_id == candidate.rule_id):
            continue
        if other.effective_from <= end and candidate.effective_from <= (other.effective_until or date.max):
            raise PointsError("与已有同类规则的生效期间重叠。")


def deduction(rules: Iterable[Rule], decided_on: date, evaluated_points: Decimal | None) -> Decimal:
    """Points for a confirmed 发改 case: the evaluation's (must be ≤ 0) or the rule in force."""
    if evaluated_points is not None:
        if evaluated_points > 0:
            raise PointsError("扣分应为零或负数。")
        return Decimal(evaluated_points)
    return rule_on(rules, REVERSAL_CONFIRMED, decided_on).points


def counter_points(entry: Entry, entries: Iterable[Entry]) -> Decimal:
    """The amount of the counter-entry that cancels `entry`; PointsError if not allowed."""
    if entry.corrects_id is not None:
        raise PointsError("冲正记录本身不能再冲正，请另行登记。")
    if any(e.corrects_id == entry.entry_id for e in entries):
        raise PointsError("该记录已冲正过。")
    return -entry.points


def yearly_totals(entries: Iterable[Entry], year: int) -> dict[tuple[str, int], Decimal]:
    """Sum of points per subject for entries dated in `year` (counter-entries included)."""
    totals: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for entry in entries:
        if entry.occurred_on.year == year:
            totals[entry.subject] += entry.points
    return dict(totals)
