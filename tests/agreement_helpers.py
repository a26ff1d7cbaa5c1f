"""Helpers of the agreement tests (tests/test_agreement.py, tests/test_agreement_store.py)."""
from __future__ import annotations

from tests.evaluation_factories import evaluate, make_reviewer
from tests.factories import make_court, make_judgment

BASE = [30, 12, 25, 8, 18, 40, 5, 22, 15, 35, 10, 28]


def month_with_a_strict_reviewer(month="2021-04", strictness=8, count=12):
    """`count` judgments, each scored by two of four reviewers; reviewer `strict` deducts more."""
    court = make_court()
    strict, *others = [make_reviewer() for _ in range(4)]
    for n in range(count):
        pair = [strict, others[n % 3]] if n % 2 == 0 else [others[n % 3], others[(n + 1) % 3]]
        base = BASE[n % len(BASE)]
        deductions = [min(60, base + (strictness if r is strict else 0) + (n % 3 == 1 and r is pair[1]))
                      for r in pair]
        evaluate(make_judgment(court=court, month=month), 100 - base, "合格", reviewers=pair, deductions=deductions)
    return strict, others
