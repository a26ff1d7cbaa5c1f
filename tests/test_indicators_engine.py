"""The indicator engine: periods, case facts, monthly counters and the 21 formulas, by hand."""
from __future__ import annotations

import math
from datetime import date

import pytest

from reviewer.indicators.formulas import BY_KEY, INDICATORS, evaluate
from reviewer.indicators.period_data import Options, combine
from reviewer.indicators.periods import Period, PeriodError, parse_period
from reviewer.indicators.register import (
    CaseRow, appeal_outcome_of, classify, due_on, retrial_outcome_of, trial_days,
)
from reviewer.indicators.tally import contributions, tally
from reviewer.indicators.targets import PLAN_2021, Target, judge

D = date.fromisoformat


def case(type_code: str, filed: str, closed: str | None = None, **kw) -> CaseRow:
    category, procedure = classify(type_code)
    return CaseRow(case_number=f"（2021）豫0802{type_code}1号", category=category, procedure=procedure,
                   filed_on=D(filed), closed_on=D(closed) if closed else None, **kw)


# The hand-computed register (see each comment for the facts the figures below rely on).
REGISTER = {
    # closed on the last day of March, appealed in April (a later period), reversed; 80 days
    "A": case("民初", "2021-01-10", "2021-03-31", closing_method="判决", appealed_on=D("2021-04-10"),
              transferred_on=D("2021-04-20"), appeal_outcome="改判"),
    # simple procedure, mediated, payable and paid voluntarily; 37 days
    "B": case("民初", "2021-02-01", "2021-03-10", closing_method="调解", simple_procedure=True,
              payable=True),
    # small claims, withdrawn; 14 days
    "C": case("民初", "2021-03-01", "2021-03-15", closing_method="撤诉", small_claims=True),
    # approved deduction (30) and extension (60): due 2021-05-02, 216 − 30 = 186 days; went to
    # enforcement; retrial applied for and refused
    "D": case("民初", "2020-08-01", "2021-03-05", closing_method="判决", deducted_days=30,
              deduction_approved_on=D("2020-10-01"), extended_days=60,
              extension_approved_on=D("2020-11-01"), payable=True, enforced=True,
              retrial_applied_on=D("2021-04-01"), retrial_outcome="驳回申请"),
    # deduction without approval does not count: due 2020-12-01, closed late; 292 days
    "E": case("民初", "2020-06-01", "2021-03-20", closing_method="判决", deducted_days=30),
    "F": case("民初", "2020-07-01"),               # pending, past its limit (due 2021-01-01)
    "G": case("民初", "2021-03-20"),               # pending, within its limit
    # second instance, fast track, 39 days, later changed on retrial
    "M": case("民终", "2021-02-01", "2021-03-12", closing_method="判决", fast_track=True,
              retrial_applied_on=D("2021-03-20"), retrial_outcome="再审改判"),
    "H": case("执", "2020-12-01", "2021-03-25", closing_method="终本", final_review="合格"),
    "I": case("执", "2020-05-01", "2021-03-02", closing_method="执行完毕"),     # late
    # a re-opened (restored) enforcement: its own row; 400 of 1000 yuan recovered
    "J": case("执恢", "2021-02-10", "2021-03-30", closing_method="执行完毕", amount_applied=100000,
              amount_recovered=40000),
    "K": case("执", "2021-01-05"),
    "L": case("执", "2021-03-03"),
}


def monthly_of(rows, through="2021-06"):
    return {month: counters for (_, month), counters in tally(((None, r) for r in rows), through).items()}


MARCH = combine(monthly_of(REGISTER.values()), parse_period("2021-03"))


@pytest.mark.parametrize("key, options, value, numerator, denominator", [
    ("acceptance", {}, 80.0, 4, 5),
    ("acceptance", {"retrial_counts_against_acceptance": True}, 60.0, 3, 5),
    ("retrial_review_rate", {}, 40.0, 2, 5),
    ("first_reversal_rate", {}, 20.0, 1, 5),
    ("closed_in_limit", {}, 5 / 6 * 100, 5, 6),
    ("voluntary_performance", {}, 50.0, 1, 2),
    ("effective_reversal_rate", {}, 20.0, 1, 5),
    ("first_change_rate", {}, 20.0, 1, 5),
    ("retrial_entry_rate", {}, 20.0, 1, 5),
    ("mediation_rate", {}, 20.0, 1, 5),
    ("mediation_rate", {"mediation_variant": "调撤"}, 40.0, 2, 5),
    ("withdrawal_rate", {}, 20.0, 1, 5),
    ("average_days", {}, 108.0, 648, 6),
    ("pending_in_limit", {}, 50.0, 1, 2),
    ("timely_transfer", {}, None, 0, 0),          # the April appeal is not a March appeal
    ("simple_procedure_rate", {}, 40.0, 2, 5),
    ("small_claims_rate", {}, 20.0, 1, 5),
    ("final_qualified_rate", {}, 100.0, 1, 1),
    ("exec_in_time_rate", {}, 2 / 3 * 100, 2, 3),
    ("restored_recovery", {}, 40.0, 40000, 100000),
    ("restored_recovery", {"restored_by": "count"}, 100.0, 1, 1),
    ("exec_closure_rate", {}, 60.0, 3, 5),        # 4 pending at the end of February + 1 new
    ("fast_track_share", {}, 100.0, 1, 1),
])
def test_march_figures_by_hand(key, options, value, numerator, denominator):
    figure = BY_KEY[key].compute(MARCH, Options.from_mapping(options))
    assert (figure.numerator, figure.denominator) == (numerator, denominator)
    if value is None:
        assert figure.value is None and figure.display == "—"
    else:
        assert figure.value == pytest.approx(value)


def test_balance_over_the_year_so_far_for_a_single_month():
    # Jan 0, Feb 0, Mar 6 trial closures: mean 2, σ = √8.
    figure = BY_KEY["balance"].compute(MARCH, Options())
    assert figure.value == pytest.approx(1 - math.sqrt(8) / 2)
    assert figure.note == "月度结案数"


def test_balance_ratio_variant_skips_months_without_filings():
    rows = [case("民初", "2021-01-05", "2021-01-20"), case("民初", "2021-01-06", "2021-02-20"),
            case("民初", "2021-02-07", "2021-02-21")]
    data = combine(monthly_of(rows, "2021-03"), parse_period("2021Q1"))
    # 结收比: Jan 1/2, Feb 2/1, Mar has no filings → left out; mean 1.25, σ 0.75
    figure = BY_KEY["balance"].compute(data, Options(balance_variant="ratio"))
    assert figure.value == pytest.approx(1 - 0.75 / 1.25)


def test_the_appeal_in_a_later_month_counts_as_an_april_appeal():
    april = combine(monthly_of(REGISTER.values()), parse_period("2021-04"))
    figure = BY_KEY["timely_transfer"].compute(april, Options())
    assert (figure.numerator, figure.denominator, figure.value) == (1, 1, 100.0)


def test_empty_register_shows_dash_everywhere():
    figures = evaluate(combine({}, parse_period("2021")))
    assert set(figures) == {i.key for i in INDICATORS}
    assert {f.display for f in figures.values()} == {"—"}


def test_closed_on_the_last_day_counts_in_that_month_and_not_as_pending():
    row = REGISTER["A"]
    march = {(c, a) for m, c, a in contributions(row, "2021-06") if m == "2021-03"}
    assert ("first_closed", 1) in march and ("trial_pending_end", 1) not in march
    february = {c for m, c, _ in contributions(row, "2021-06") if m == "2021-02"}
    assert "trial_pending_end" in february


def test_reopened_case_is_a_new_filing_and_the_original_closure_stays():
    original = case("执", "2021-01-04", "2021-03-20", closing_method="终本")
    restored = case("执恢", "2021-05-10")
    monthly = monthly_of([original, restored])
    assert monthly["2021-03"]["exec_closed"] == 1
    assert monthly["2021-05"]["exec_filed"] == 1 and monthly["2021-05"]["exec_pending_end"] == 1
    assert "exec_pending_end" not in monthly.get("2021-04", {})


@pytest.mark.parametrize("row, due, days", [
    (case("民初", "2021-01-15", "2021-03-01"), "2021-07-15", 45),
    (case("民初", "2021-01-15", "2021-03-01", simple_procedure=True), "2021-04-15", 45),
    (case("民初", "2021-01-15", "2021-03-01", deducted_days=10, deduction_approved_on=D("2021-02-01")),
     "2021-07-25", 35),
    (case("民初", "2021-01-15", "2021-03-01", deducted_days=10), "2021-07-15", 45),   # not approved
    (case("民初", "2021-01-15", None, extended_days=90, extension_approved_on=D("2021-06-01")),
     "2021-10-13", None),
    (case("民初", "2021-08-31"), "2022-02-28", None),                 # clipped to the month's end
    (case("刑初", "2021-03-01", simple_procedure=True), "2021-03-21", None),
    (case("刑终", "2021-03-01"), "2021-05-01", None),
    (case("执", "2021-03-01"), "2021-09-01", None),
    (case("民特", "2021-03-01"), None, None),                          # no statutory limit
])
def test_due_date_and_trial_days(row, due, days):
    assert due_on(row) == (D(due) if due else None)
    assert trial_days(row) == days


@pytest.mark.parametrize("code, expected", [
    ("民初", ("民事", "一审")), ("民终", ("民事", "二审")), ("民申", ("民事", "再审审查")),
    ("刑再", ("刑事", "再审")), ("行初", ("行政", "一审")), ("执", ("执行", "执行")),
    ("执恢", ("执行", "恢复执行")), ("执异", ("执行", "其他")), ("民特", ("民事", "其他")),
    ("财保", ("其他", "其他")),
])
def test_classify_type_codes(code, expected):
    assert classify(code) == expected


@pytest.mark.parametrize("text, appeal, retrial", [
    ("发回重审", "发回重审", "再审发回"), ("部分改判", "改判", "再审改判"), ("驳回上诉，维持原判", "维持", "驳回申请"),
    ("撤回上诉", "撤回上诉", "撤回上诉"), ("", None, None), ("裁定再审", "裁定再审", "裁定再审"),
])
def test_outcome_normalisation(text, appeal, retrial):
    assert appeal_outcome_of(text) == appeal
    assert retrial_outcome_of(text) == retrial


@pytest.mark.parametrize("text, first, last", [
    ("2021", "2021-01", "2021-12"), ("2021-03", "2021-03", "2021-03"), ("2021Q2", "2021-04", "2021-06"),
    ("2021q4", "2021-10", "2021-12"), ("2021-03:2022-01", "2021-03", "2022-01"),
])
def test_parse_period(text, first, last):
    assert parse_period(text) == Period(first, last)


@pytest.mark.parametrize("text", ["", "2021-13", "2021Q5", "2022-01:2021-03", "21-03", "2021/03"])
def test_parse_period_refuses_bad_text_with_a_chinese_message(text):
    with pytest.raises(PeriodError, match="期间"):
        parse_period(text)


@pytest.mark.parametrize("key, value, target, met, gap", [
    ("closed_in_limit", 96.996, Target(">=", 97), True, 0.0),      # shown as 97.00%: met
    ("closed_in_limit", 96.99, Target(">=", 97), False, -0.01),
    ("first_reversal_rate", 1.5, Target("<=", 1.5), True, 0.0),
    ("first_reversal_rate", 2.0, Target("<=", 1.5), False, 0.5),
    ("closed_in_limit", None, Target(">=", 97), None, None),
    ("closed_in_limit", 99.0, None, None, None),
])
def test_judge_against_target(key, value, target, met, gap):
    from reviewer.indicators.period_data import Figure
    verdict = judge(Figure(key, value, 0, 0, "%"), target)
    assert (verdict.met, verdict.gap) == (met, gap)


def test_plan_targets_cover_known_indicators_and_every_indicator_documents_its_caliber():
    for level_targets in PLAN_2021.values():
        assert set(level_targets) <= set(BY_KEY)
    assert PLAN_2021["全市"]["closed_in_limit"] == Target(">=", 97)
    for indicator in INDICATORS:
        assert "=" in indicator.caliber and "\n" not in indicator.caliber


def test_options_refuse_unknown_values():
    with pytest.raises(ValueError):
        Options.from_mapping({"balance_variant": "median"})
