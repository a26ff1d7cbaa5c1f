"""The pure agreement statistics against published worked examples (values written out here)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from reviewer.agreement import dispersion, severity, statistics
from reviewer.agreement.periods import PeriodError, parse_period
from reviewer.agreement.statistics import INSUFFICIENT, NO_VARIATION, Estimate

NAN = math.nan

# Shrout & Fleiss (1979), Table 2: six targets rated by four judges.
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C:
# four observers, twelve units, missing values.
KRIPPENDORFF_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]
# Same source, example B: two observers, ten units, binary values.
KRIPPENDORFF_B = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]


def _long(reliability_data):
    """Observers × units with NaN for missing → parallel (unit, value) arrays."""
    units, values = [], []
    for row in reliability_data:
        for unit, value in enumerate(row):
            if not math.isnan(value):
                units.append(unit)
                values.append(value)
    return units, values


def test_icc_matches_shrout_fleiss_table_4():
    # Table 4 of Shrout & Fleiss: ICC(1,1)=.17, ICC(2,1)=.29, ICC(2,4)=.62.
    result = statistics.icc(SHROUT_FLEISS)
    assert result.k == 4 and result.single.n == 6
    assert round(result.single.value, 2) == 0.29
    assert round(result.average.value, 2) == 0.62
    assert round(result.oneway.value, 2) == 0.17
    assert result.single.value == pytest.approx(0.2898, abs=1e-4)
    assert result.average.value == pytest.approx(0.6201, abs=1e-4)


def test_icc_confidence_intervals_match_mcgraw_wong_for_the_same_table():
    # F-based 95 % intervals (McGraw & Wong 1996, case 2A), as R psych::ICC reports for Table 2:
    # ICC2 [0.019, 0.761], ICC2k [0.071, 0.927].
    result = statistics.icc(SHROUT_FLEISS)
    assert result.single.low == pytest.approx(0.02, abs=0.006)
    assert result.single.high == pytest.approx(0.76, abs=0.006)
    assert result.average.low == pytest.approx(0.07, abs=0.006)
    assert result.average.high == pytest.approx(0.93, abs=0.006)


@pytest.mark.parametrize("rows", [SHROUT_FLEISS[:4], [[1], [2], [3], [4], [5], [6]], []])
def test_icc_on_too_few_subjects_or_raters_says_insufficient(rows):
    result = statistics.icc(rows)
    assert result.single.value is None and result.single.note == INSUFFICIENT
    assert statistics.icc_reading(result.single) == INSUFFICIENT


def test_icc_without_any_variation_is_not_a_number():
    result = statistics.icc([[5, 5]] * 6)
    assert result.single.value is None and result.single.note == NO_VARIATION


@pytest.mark.parametrize("level, expected", [
    ("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797),
])
def test_alpha_matches_krippendorff_example_c(level, expected):
    units, values = _long(KRIPPENDORFF_C)
    result = statistics.alpha(units, values, level)
    assert round(result.value, 3) == expected
    assert result.n == 11  # unit 12 has a single value: not pairable


def test_alpha_matches_krippendorff_example_b():
    units, values = _long(KRIPPENDORFF_B)
    assert round(statistics.alpha(units, values, "nominal").value, 3) == 0.095


def test_merging_agreeing_units_leaves_alpha_unchanged():
    rng = np.random.default_rng(7)
    units = np.repeat(np.arange(400), 2)
    values = rng.integers(0, 3, size=800).astype(float)
    values[1::2][:300] = values[0::2][:300]   # most units agree, like item deductions do
    table, domain = statistics.value_counts(units, values)
    assert table.shape[0] < 120                # the 300 agreeing units became ≤ 3 rows
    import krippendorff
    reliability = np.vstack([values[0::2], values[1::2]])
    direct = krippendorff.alpha(reliability_data=reliability, level_of_measurement="interval")
    assert statistics.alpha(units, values, "interval").value == pytest.approx(direct, abs=1e-12)


def test_alpha_on_few_units_or_one_value():
    assert statistics.alpha([1, 1, 2, 2], [0, 1, 0, 1]).note == INSUFFICIENT
    assert statistics.alpha(np.repeat(np.arange(6), 2), [3.0] * 12).note == NO_VARIATION


@pytest.mark.parametrize("value, icc_text, alpha_text", [
    (0.95, "一致性良好", "一致性良好"), (0.80, "一致性良好", "一致性良好"),
    (0.70, "一致性一般", "一致性一般"), (0.60, "一致性一般", "一致性较差"), (0.30, "一致性较差", "一致性较差"),
])
def test_readings_and_their_thresholds(value, icc_text, alpha_text):
    assert statistics.icc_reading(Estimate(value, n=10)) == icc_text
    assert statistics.alpha_reading(Estimate(value, n=10)) == alpha_text


def test_panel_table_keeps_subjects_with_the_usual_number_of_sheets_in_order():
    table = statistics.panel_table(
        subjects=[1, 1, 2, 2, 3, 3, 3, 4], order=[2, 1, 1, 2, 1, 2, 3, 1], values=[10, 20, 30, 40, 1, 2, 3, 9])
    assert table.tolist() == [[20, 10], [30, 40]]


def _severity_data():
    """Reviewer 9 deducts 6 points more than the others on every shared subject."""
    rng = np.random.default_rng(3)
    subjects, reviewers, totals, truth = [], [], [], {}
    for s in range(60):
        base = rng.uniform(5, 25)
        truth[s] = 100 - base
        for r in rng.choice([1, 2, 3, 9], size=2, replace=False):
            subjects.append(s)
            reviewers.append(int(r))
            totals.append(base + (6 if r == 9 else 0) + rng.normal(0, 0.5))
    return np.array(subjects), np.array(reviewers), np.array(totals), truth


def test_severity_finds_the_severe_reviewer_with_an_interval_and_shared_count():
    subjects, reviewers, totals, _ = _severity_data()
    rows = severity.severities(subjects, reviewers, totals)
    strict = rows[0]
    assert strict.reviewer_id == 9 and strict.reading == "偏严"
    assert strict.severity.low < strict.severity.value < strict.severity.high
    assert 5.5 < strict.severity.low and strict.severity.high < 8.5  # 6 vs the mean of the others
    assert strict.severity.n == (reviewers == 9).sum()
    assert strict.consistency < 1.5


def test_severity_of_a_reviewer_with_few_shared_subjects_is_insufficient():
    rows = severity.severities([1, 1, 2, 2, 3], [5, 6, 5, 6, 5], [10, 12, 8, 9, 4])
    assert all(r.severity.value is None and r.reading == INSUFFICIENT for r in rows)
    assert {r.reviewer_id: r.severity.n for r in rows} == {5: 2, 6: 2}


def test_additive_model_recovers_the_reviewer_effect_and_corrects_the_score():
    subjects, reviewers, totals, truth = _severity_data()
    rows = severity.severities(subjects, reviewers, totals)
    effects = {r.reviewer_id: r.effect for r in rows}
    # Effects average zero; the severe reviewer is 6 points above the other three.
    assert sum(effects.values()) == pytest.approx(0, abs=1e-6)
    assert effects[9] - np.mean([effects[1], effects[2], effects[3]]) == pytest.approx(6, abs=0.4)
    ids, raw, adjusted = severity.adjusted_scores(subjects, reviewers, 100 - totals, rows, 100)
    raw = dict(zip(ids.tolist(), raw))
    adjusted = dict(zip(ids.tolist(), adjusted))
    by_subject = set(ids.tolist())
    raw_error = np.std([raw[s] - truth[s] for s in by_subject])
    adjusted_error = np.std([adjusted[s] - truth[s] for s in by_subject])
    # Raw scores of subjects that drew reviewer 9 are 3 points low; adjusted ones are not.
    assert raw_error > 1.3 and adjusted_error < 0.6


def test_subject_and_item_shares_over_threshold():
    subjects = [1, 1, 2, 2, 3]
    totals = [10, 22, 5, 6, 40]
    assert dispersion.subject_share(subjects, totals, 10).as_dict() == {
        "over": 1, "subjects": 2, "share": 0.5}
    deductions = [[2, 0], [0, 0], [1, 1], [1, 0], [9, 9]]
    shares = dispersion.item_shares(subjects, deductions, [10, 0], 10, 100)
    assert [(s.over, s.subjects) for s in shares] == [(1, 2), (1, 2)]


def test_pairs_of_reviewers():
    rows = dispersion.pairs([1, 1, 2, 2, 3, 3, 3], [5, 6, 5, 6, 5, 6, 7], [10, 22, 5, 6, 1, 2, 3], 10)
    first = rows[0]
    assert (first.first_id, first.second_id, first.shared, first.over) == (5, 6, 3, 1)
    assert first.mean_abs_difference == pytest.approx((12 + 1 + 1) / 3)
    assert first.mean_difference == pytest.approx((-12 - 1 - 1) / 3)
    assert first.note == INSUFFICIENT


@pytest.mark.parametrize("text, canonical, months", [
    ("2021-04", "2021-04", ("2021-04",)),
    ("2021-Q2", "2021-Q2", ("2021-04", "2021-05", "2021-06")),
    ("2021q4", "2021-Q4", ("2021-10", "2021-11", "2021-12")),
    ("2021", "2021", tuple(f"2021-{m:02d}" for m in range(1, 13))),
])
def test_periods(text, canonical, months):
    period = parse_period(text)
    assert (period.text, period.months) == (canonical, months)


@pytest.mark.parametrize("text", ["", "2021-13", "2021-Q5", "四月", None])
def test_bad_period_has_a_chinese_message(text):
    with pytest.raises(PeriodError, match="无法识别"):
        parse_period(text)


def _pairs_by_hand(subjects, reviewers, totals, threshold):
    found = {}
    for i in range(len(subjects)):
        for j in range(len(subjects)):
            if subjects[i] == subjects[j] and reviewers[i] < reviewers[j]:
                found.setdefault((reviewers[i], reviewers[j]), []).append(totals[i] - totals[j])
    return {key: (len(d), sum(abs(x) for x in d) / len(d), sum(d) / len(d),
                  sum(abs(x) >= threshold - 1e-9 for x in d)) for key, d in found.items()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pairs_equal_every_pair_of_sheets_on_a_subject(seed):
    rng = np.random.default_rng(seed)
    subjects, reviewers = [], []
    for subject in range(60):
        chosen = rng.choice(12, size=int(rng.integers(1, 5)), replace=False)
        subjects += [subject] * len(chosen)
        reviewers += [int(r) for r in chosen]
    totals = [float(x) for x in np.round(rng.normal(8, 6, size=len(subjects)) * 2) / 2]
    rows = dispersion.pairs(subjects, reviewers, totals, 10)
    expected = _pairs_by_hand(subjects, reviewers, totals, 10)
    assert {(r.first_id, r.second_id): (r.shared, pytest.approx(r.mean_abs_difference), pytest.approx(r.mean_difference),
                                        r.over) for r in rows} == expected
    assert [(-r.shared, r.first_id, r.second_id) for r in rows] == sorted((-r.shared, r.first_id, r.second_id) for r in rows)
    assert dispersion.pairs([1], [2], [3.0], 10) == [] and dispersion.pairs([], [], [], 10) == []
