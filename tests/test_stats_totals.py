"""The reviewers' month totals (reviewer/stats/totals.py) follow the submitted sheets on every path
that changes them — a submission, a co-reviewer's submission, a sheet sent back, a sheet deleted,
a subject moved to another month, hearings as well as judgments — and the severity table read
from them gives what the sheets give."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import delete, select

from models import Review, ReviewerMonthTotal
from reviewer.extensions import db
from reviewer.reviews import services
from reviewer.stats import queries, totals
from tests.conftest import count_queries
from tests.evaluation_factories import evaluate, make_evaluated_hearing, make_reviewer
from tests.factories import make_court, make_judgment
from tests.review_helpers import make_city, submit_review


def _stored() -> set[tuple]:
    db.session.flush()
    return {(r.subject_kind, r.month, r.reviewer_id, r.sheets, float(r.deduction_sum), r.compared,
             None if r.difference_sum is None else round(r.difference_sum, 6))
            for r in db.session.scalars(select(ReviewerMonthTotal))}


def _from_the_sheets() -> set[tuple]:
    """What a rebuild from the submitted sheets of every month gives."""
    rows = set()
    for kind in totals.SUBJECT_MODELS:
        for r in db.session.execute(totals.month_rows(kind)):
            rows.add((r[0], r[1], r[2], r[3], float(r[4]), r[5], None if r[6] is None else round(float(r[6]), 6)))
    return rows


def test_totals_follow_submissions_reopenings_and_deletions(app):
    city = make_city()
    submit_review(city, city.r1, {"reasoning.law": ("4", "说理不足")})
    assert _stored() == _from_the_sheets() == {("judgment", "2021-04", city.r1.id, 1, 4.0, 0, None)}
    second = submit_review(city, city.r2, {})
    # each sheet now has a co-reviewer: 甲 deducted 4 more than 乙
    assert _stored() == _from_the_sheets() == {("judgment", "2021-04", city.r1.id, 1, 4.0, 1, 4.0),
                                               ("judgment", "2021-04", city.r2.id, 1, 0.0, 1, -4.0)}
    services.reopen_review(second, "请补充理由", city.admin)
    assert _stored() == _from_the_sheets() == {("judgment", "2021-04", city.r1.id, 1, 4.0, 0, None)}
    db.session.execute(delete(Review).where(Review.id == second.id))   # a draft going away changes nothing
    assert _stored() == _from_the_sheets()
    first = db.session.scalar(select(Review).where(Review.reviewer_id == city.r1.id))
    db.session.delete(first)
    assert _stored() == _from_the_sheets() == set()


def test_totals_follow_a_subject_moved_to_another_month_and_hearings(app):
    court = make_court("豫0802")
    strict, lenient = make_reviewer(), make_reviewer()
    judgment = make_judgment(court=court, month="2021-04")
    evaluate(judgment, 85, "合格", reviewers=[strict, lenient], deductions=[20, 10])
    make_evaluated_hearing(court, 90, month="2021-05", reviewers=[strict], deductions=[10])
    assert _stored() == _from_the_sheets()
    assert {(k, m) for k, m, *_ in _stored()} == {("judgment", "2021-04"), ("hearing", "2021-05")}
    judgment.month = "2021-03"
    assert _stored() == _from_the_sheets()
    assert {(k, m) for k, m, *_ in _stored()} == {("judgment", "2021-03"), ("hearing", "2021-05")}


def test_the_severity_table_reads_a_period_from_the_totals(app):
    r1, r2, r3 = make_reviewer(), make_reviewer(), make_reviewer()
    evaluate(make_judgment(month="2021-03"), 80, "合格", reviewers=[r1, r2, r3], deductions=[30, 10, 5])
    evaluate(make_judgment(month="2021-04"), 80, "合格", reviewers=[r1, r2], deductions=[Decimal("2.5"), 0])
    rows = {r.reviewer_id: r for r in queries.reviewers("2021")}
    # r1: (30 − 7.5) and (2.5 − 0) → mean 12.5; mean deduction (30 + 2.5) / 2
    assert (rows[r1.id].reviews, rows[r1.id].mean_deduction, rows[r1.id].compared) == (2, 16.25, 2)
    assert rows[r1.id].severity == pytest.approx(12.5)
    assert rows[r3.id].severity == pytest.approx(5 - 20)
    assert [r.reviewer_id for r in queries.reviewers("2021-04")] == [r1.id, r2.id]   # strictest first
    assert queries.reviewers("2020") == []

    def statements(period):
        with count_queries() as counter:
            queries.reviewers(period)
        return counter[0]

    assert statements("2021") == statements("2021-04") == 1


def test_the_period_selector_lists_the_months_with_subjects_newest_first(app):
    assert queries.months() == []
    court = make_court("豫0802")
    for month in ("2019-12", "2021-04", "2021-04", "2020-07", "2021-01"):
        make_judgment(court=court, month=month)
    db.session.flush()
    assert queries.months() == ["2021-04", "2021-01", "2020-07", "2019-12"]
    assert queries.months("hearing") == []
