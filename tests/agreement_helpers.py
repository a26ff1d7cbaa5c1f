"""Helpers of the agreement tests (tests/test_agreement.py, tests/test_agreement_store.py,
tests/test_agreement_fairness.py, tests/test_rankings_views.py)."""
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


STRICT_MONTH = "2021-04"


def strict_month():
    """Ten 优秀 judgments; reviewer S deducts 6 more than anyone on the five they share.
    Raw scores put S's judgments 6th–10th; adjusted they move up."""
    court = make_court()
    strict, a, b, c = (make_reviewer() for _ in range(4))
    judgments = {}
    for n, base in enumerate([4, 4.5, 5, 5.5, 6]):
        pair = [(a, b), (b, c), (c, a), (a, b), (b, c)][n]
        judgment = make_judgment(court=court, month=STRICT_MONTH)
        evaluate(judgment, 100 - base, "优秀", reviewers=list(pair), deductions=[base, base])
        judgments[judgment.id] = "plain"
    for n, base in enumerate([3.5, 4, 4.5, 5, 5.5]):
        other = (a, b, c, a, b)[n]
        judgment = make_judgment(court=court, month=STRICT_MONTH)
        evaluate(judgment, 97 - base, "优秀", reviewers=[strict, other], deductions=[base + 6, base])
        judgments[judgment.id] = "strict"
    return strict, judgments
