"""The 发改 programme's pure rules: exclusions, the ≥ 3 counter, meeting exemption, points."""
from datetime import date
from decimal import Decimal

import pytest

from reviewer.reversals import points as pts
from reviewer.reversals import rules as r
from reviewer.reversals.rules import CaseFacts, MeetingState


def case(case_id, judge=1, on=date(2025, 6, 1), excluded=False, confirmed=True, major=False):
    return CaseFacts(case_id, judge, on, excluded, confirmed, major)


@pytest.mark.parametrize("reason, marked, expected", [
    ("new_evidence", False, True),
    ("fact_unclear", False, False),
    ("fact_unclear", True, True),
    (None, False, False),
])
def test_exclusion(reason, marked, expected):
    assert r.is_excluded(reason, {"new_evidence"}, marked) is expected


@pytest.mark.parametrize("cases, flagged, reason", [
    ([case(1), case(2)], False, ""),
    ([case(1), case(2), case(3)], True, "年度内发改且经评查确有问题 3 件"),
    # an excluded case (二审新证据) does not count, even when marked confirmed
    ([case(1), case(2), case(3, excluded=True)], False, ""),
    # a case whose problem was not confirmed, or not evaluated yet, does not count
    ([case(1), case(2), case(3, confirmed=False)], False, ""),
    ([case(1), case(2), case(3, confirmed=None)], False, ""),
    # one case of major negative impact is enough, even unconfirmed
    ([case(1, confirmed=None, major=True)], True, "造成重大负面影响 1 件"),
    # an excluded major-impact case does not flag
    ([case(1, excluded=True, major=True)], False, ""),
    # reversed in December 2025, evaluated in January: counts for 2025 (year of the decision)
    ([case(1, on=date(2025, 12, 28)), case(2, on=date(2025, 1, 2)), case(3, on=date(2025, 12, 31))],
     True, "年度内发改且经评查确有问题 3 件"),
    ([case(1), case(2), case(3, on=date(2026, 1, 1))], False, ""),
])
def test_three_or_more_counter(cases, flagged, reason):
    years = r.judge_years(cases, 2025)
    entry = years.get(1)
    assert bool(entry and entry.flagged) is flagged
    assert (entry.reason if entry else "") == reason
    assert [j.judge_id for j in r.flagged_judges(cases, 2025)] == ([1] if flagged else [])


def test_counter_separates_judges_and_lists_cases():
    cases = [case(1, judge=7), case(2, judge=7), case(3, judge=7), case(4, judge=8), case(5, judge=None)]
    flagged = r.flagged_judges(cases, 2025)
    assert [(j.judge_id, j.confirmed) for j in flagged] == [(7, [1, 2, 3])]
    assert r.judge_years(cases, 2025)[8].flagged is False


@pytest.mark.parametrize("threshold, flagged", [(1, True), (2, True), (3, False)])
def test_threshold_is_configurable(threshold, flagged):
    assert bool(r.flagged_judges([case(1), case(2)], 2025, threshold)) is flagged


def test_threshold_must_be_positive():
    with pytest.raises(ValueError):
        r.judge_years([], 2025, 0)


@pytest.mark.parametrize("evaluation, decision, expected", [
    (True, None, True), (True, False, False), (False, True, True), (None, None, None), (None, False, False),
])
def test_meeting_decision_overrides_evaluation(evaluation, decision, expected):
    assert r.final_confirmation(evaluation, decision) is expected


@pytest.mark.parametrize("on, days, due", [
    (date(2025, 12, 25), 10, date(2026, 1, 4)),
    (date(2024, 2, 20), 10, date(2024, 3, 1)),
    (date(2025, 3, 1), 1, date(2025, 3, 2)),
])
def test_self_check_deadline(on, days, due):
    assert r.self_check_due(on, days) == due


@pytest.mark.parametrize("month, cases, held, today, state", [
    ("2025-11", 0, False, date(2026, 1, 1), MeetingState.EXEMPT),   # no 发改 case: exempt
    ("2025-11", 2, True, date(2025, 12, 1), MeetingState.HELD),
    ("2025-11", 0, True, date(2025, 12, 1), MeetingState.HELD),     # held anyway
    ("2025-11", 2, False, date(2025, 12, 10), MeetingState.DUE),    # last day of grace
    ("2025-11", 2, False, date(2025, 12, 11), MeetingState.MISSED),
    ("2025-12", 1, False, date(2026, 1, 10), MeetingState.DUE),     # year boundary
    ("2025-12", 1, False, date(2026, 1, 11), MeetingState.MISSED),
])
def test_meeting_state(month, cases, held, today, state):
    assert r.meeting_state(month, cases, held, today) is state


def test_division_case_counts_credit_both_divisions_once():
    rows = [(1, 9, date(2025, 11, 3)), (1, None, date(2025, 11, 30)), (2, 2, date(2025, 11, 5)),
            (3, 9, date(2025, 12, 1))]
    assert r.division_case_counts(rows, "2025-11") == {1: 2, 9: 1, 2: 1}


@pytest.mark.parametrize("month, first, last", [
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)), ("2025-12", date(2025, 12, 1), date(2025, 12, 31))])
def test_month_bounds(month, first, last):
    assert r.month_bounds(month) == (first, last)


RULES = [
    pts.Rule(pts.MEETING_RECORD, Decimal("0.5"), date(2021, 3, 15), date(2025, 12, 31), 1),
    pts.Rule(pts.MEETING_RECORD, Decimal("1"), date(2026, 1, 1), None, 2),
    pts.Rule(pts.GUIDANCE, Decimal("2"), date(2021, 3, 15), None, 3),
    pts.Rule(pts.REVERSAL_CONFIRMED, Decimal("-1"), date(2021, 3, 15), None, 4),
]


@pytest.mark.parametrize("code, on, points", [
    (pts.MEETING_RECORD, date(2025, 12, 31), Decimal("0.5")),
    (pts.MEETING_RECORD, date(2026, 1, 1), Decimal("1")),       # the new rate from its effective date
    (pts.GUIDANCE, date(2030, 1, 1), Decimal("2")),
])
def test_rule_in_force(code, on, points):
    assert pts.rule_on(RULES, code, on).points == points


@pytest.mark.parametrize("code, on", [(pts.GUIDANCE, date(2021, 3, 14)), ("unknown", date(2025, 1, 1))])
def test_no_rule_in_force(code, on):
    with pytest.raises(pts.PointsError):
        pts.rule_on(RULES, code, on)


@pytest.mark.parametrize("start, end, ok", [
    (date(2026, 6, 1), None, False),                 # overlaps the open rule from 2026
    (date(2020, 1, 1), date(2021, 3, 14), True),     # before the first
    (date(2025, 12, 31), date(2025, 12, 31), False),
    (date(2026, 1, 1), date(2025, 1, 1), False),     # ends before it starts
])
def test_overlap(start, end, ok):
    candidate = pts.Rule(pts.MEETING_RECORD, Decimal("3"), start, end)
    if ok:
        pts.check_no_overlap(RULES, candidate)
    else:
        with pytest.raises(pts.PointsError):
            pts.check_no_overlap(RULES, candidate)


def test_editing_a_rule_does_not_overlap_itself():
    pts.check_no_overlap(RULES, pts.Rule(pts.GUIDANCE, Decimal("3"), date(2021, 3, 15), None, 3))


@pytest.mark.parametrize("decided_on, evaluated, expected", [
    (date(2025, 12, 20), None, Decimal("-1")),           # December case evaluated in January: rule of December
    (date(2025, 12, 20), Decimal("-2.5"), Decimal("-2.5")),
    (date(2025, 12, 20), Decimal("0"), Decimal("0")),
])
def test_deduction(decided_on, evaluated, expected):
    assert pts.deduction(RULES, decided_on, evaluated) == expected


def test_deduction_must_not_be_positive():
    with pytest.raises(pts.PointsError):
        pts.deduction(RULES, date(2025, 1, 1), Decimal("1"))


def test_corrected_entry_nets_out_in_its_year():
    judge = ("judge", 5)
    wrong = pts.Entry(1, judge, Decimal("-1"), date(2025, 12, 20))
    counter = pts.Entry(2, judge, pts.counter_points(wrong, [wrong]), wrong.occurred_on, corrects_id=1)
    right = pts.Entry(3, judge, Decimal("-0.5"), date(2025, 12, 20))
    division = pts.Entry(4, ("division", 2), Decimal("0.5"), date(2026, 1, 3))
    entries = [wrong, counter, right, division]
    assert pts.yearly_totals(entries, 2025) == {judge: Decimal("-0.5")}
    assert pts.yearly_totals(entries, 2026) == {("division", 2): Decimal("0.5")}
    with pytest.raises(pts.PointsError, match="已冲正"):
        pts.counter_points(wrong, entries)
    with pytest.raises(pts.PointsError, match="冲正记录本身"):
        pts.counter_points(counter, entries)
