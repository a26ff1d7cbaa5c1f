"""Specification of recusal and automatic assignment (reviewer.reviews.assignment)."""
from collections import Counter

import pytest

from reviewer.reviews.assignment import ReviewerInfo, SubjectInfo, plan_assignments, recusal_reason


@pytest.mark.parametrize(
    "reviewer, subject, message",
    [
        (ReviewerInfo(1, court_id=10), SubjectInfo("j", court_id=20), None),
        (ReviewerInfo(1, court_id=10), SubjectInfo("j", court_id=10), "本院"),
        (ReviewerInfo(1, court_id=10), SubjectInfo("j", court_id=20, judge_user_id=1), "本人承办"),
        (ReviewerInfo(1, court_id=None), SubjectInfo("j", court_id=20), None),
        (ReviewerInfo(1, court_id=10, active=False), SubjectInfo("j", court_id=20), "停用"),
    ],
)
def test_recusal(reviewer, subject, message):
    reason = recusal_reason(reviewer, subject)
    if message is None:
        assert reason is None
    else:
        assert message in reason


def test_each_subject_gets_two_reviewers_from_other_courts():
    reviewers = [ReviewerInfo(i, court_id=i % 3) for i in range(1, 7)]
    subjects = [SubjectInfo(k, court_id=k % 3) for k in range(12)]
    plan = plan_assignments(subjects, reviewers)
    assert not plan.problems
    by_id = {r.id: r for r in reviewers}
    for subject in subjects:
        chosen = plan.for_subject(subject.key)
        assert len(chosen) == 2 and len(set(chosen)) == 2
        assert all(by_id[r].court_id != subject.court_id for r in chosen)


def test_load_is_balanced_across_reviewers():
    reviewers = [ReviewerInfo(i, court_id=100 + i) for i in range(1, 5)]
    subjects = [SubjectInfo(k, court_id=1) for k in range(10)]
    plan = plan_assignments(subjects, reviewers)
    counts = Counter(r for _, r in plan.pairs)
    assert sorted(counts.values()) == [5, 5, 5, 5]


def test_existing_load_is_taken_into_account():
    reviewers = [ReviewerInfo(1, court_id=5, load=4), ReviewerInfo(2, court_id=6), ReviewerInfo(3, court_id=7)]
    subjects = [SubjectInfo(k, court_id=1) for k in range(4)]
    plan = plan_assignments(subjects, reviewers, per_subject=1)
    counts = Counter(r for _, r in plan.pairs)
    assert counts == {2: 2, 3: 2}
    assert plan.loads == {1: 4, 2: 2, 3: 2}


def test_ties_go_to_the_lower_reviewer_id_and_the_result_is_reproducible():
    reviewers = [ReviewerInfo(i, court_id=9) for i in (5, 3, 8)]
    subjects = [SubjectInfo("only", court_id=1)]
    plan = plan_assignments(subjects, reviewers)
    assert plan.for_subject("only") == [3, 5]
    assert plan_assignments(subjects, reviewers).pairs == plan.pairs


def test_most_constrained_subject_is_served_first():
    # subject "b" can only go to reviewer 1 (reviewer 2 is from its court); with per_subject=1
    # and reviewer 1 otherwise preferred by id, "a" must not take reviewer 1 first.
    reviewers = [ReviewerInfo(1, court_id=10), ReviewerInfo(2, court_id=20)]
    subjects = [SubjectInfo("a", court_id=30), SubjectInfo("b", court_id=20)]
    plan = plan_assignments(subjects, reviewers, per_subject=1)
    assert plan.for_subject("b") == [1]
    assert plan.for_subject("a") == [2]


def test_already_assigned_reviewers_count_and_are_not_repeated():
    reviewers = [ReviewerInfo(i, court_id=9) for i in (1, 2, 3)]
    plan = plan_assignments([SubjectInfo("x", court_id=1, assigned=frozenset({1}))], reviewers)
    assert plan.for_subject("x") == [2]
    full = plan_assignments([SubjectInfo("x", court_id=1, assigned=frozenset({1, 2}))], reviewers)
    assert full.pairs == [] and full.problems == []


@pytest.mark.parametrize(
    "reviewers, expected_pairs",
    [
        ([], 0),
        ([ReviewerInfo(1, court_id=1)], 0),  # same court only
        ([ReviewerInfo(1, court_id=2), ReviewerInfo(2, court_id=1)], 1),
        ([ReviewerInfo(1, court_id=2), ReviewerInfo(2, court_id=3, active=False)], 1),
    ],
)
def test_impossible_assignment_is_explained(reviewers, expected_pairs):
    plan = plan_assignments([SubjectInfo("x", court_id=1)], reviewers)
    assert len(plan.pairs) == expected_pairs
    assert len(plan.problems) == 1
    key, message = plan.problems[0]
    assert key == "x" and "需要 2 名评查员" in message and "回避" in message


def test_own_judge_is_never_assigned():
    reviewers = [ReviewerInfo(1, court_id=2), ReviewerInfo(2, court_id=3), ReviewerInfo(3, court_id=4)]
    plan = plan_assignments([SubjectInfo("x", court_id=1, judge_user_id=1)], reviewers)
    assert plan.for_subject("x") == [2, 3]


def test_per_subject_must_be_positive():
    with pytest.raises(ValueError):
        plan_assignments([], [], per_subject=0)
