"""Proposing the year's ten best and ten problem hearings (pure rule, no Flask).

Eligibility: hearings of the year (by hearing month) with an evaluation (a combined score).
- 十大精品庭审 (best): graded 优秀 and not vetoed, highest score first.
- 十大问题或瑕疵庭审 (problem/flawed): graded 瑕疵 or 不合格, or vetoed, lowest score first.
- Ties: on equal scores the hearing reviewed by more reviewers comes first (a steadier score),
  then the earlier hearing date, then the lower id — so the order is always the same.
- A hearing is never on both lists. With fewer than `size` eligible hearings a list is simply
  shorter: it is never padded with hearings that do not meet the grade.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

BEST_GRADES = {"excellent"}
FLAWED_GRADES = {"flawed", "fail"}


@dataclass(frozen=True)
class Candidate:
    hearing_id: int
    score: Decimal
    grade: str            # Grade value: excellent / pass / flawed / fail
    vetoed: bool = False
    reviewers: int = 1
    hearing_date: date | None = None


@dataclass(frozen=True)
class Proposal:
    best: list[Candidate]
    flawed: list[Candidate]


def _tiebreak(c: Candidate):
    return (-c.reviewers, c.hearing_date or date.max, c.hearing_id)


def propose(candidates: list[Candidate], size: int = 10) -> Proposal:
    best_pool = [c for c in candidates if c.grade in BEST_GRADES and not c.vetoed]
    flawed_pool = [c for c in candidates if c.grade in FLAWED_GRADES or c.vetoed]
    best = sorted(best_pool, key=lambda c: (-c.score, *_tiebreak(c)))[:size]
    flawed = sorted(flawed_pool, key=lambda c: (c.score, *_tiebreak(c)))[:size]
    return Proposal(best=best, flawed=flawed)
