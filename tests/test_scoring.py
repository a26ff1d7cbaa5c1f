"""Specification of the scoring rules (reviewer.scoresheets.scoring)."""
from decimal import Decimal as D

import pytest

from reviewer.scoresheets.scoring import (
    EXCELLENT,
    FAIL,
    FLAWED,
    PASS,
    ItemRule,
    ScoringError,
    SheetEntry,
    combine,
    fmt,
    grade_for,
    score_item,
    validate_grade_bands,
    validate_item_rule,
)

FREE = ItemRule("reasoning.focus", D("10"), title="争议焦点")
PER = ItemRule("language.typos", D("10"), mode="per_occurrence", step=D("1"), title="错别字")
PER_CAPPED = ItemRule("format.x", D("6"), mode="per_occurrence", step=D("2.5"), cap=D("5"), title="x")
VETO = ItemRule("ruling.wrong_party", D("0"), veto=True, title="主文当事人错误")


@pytest.mark.parametrize(
    "rule, kwargs, expected",
    [
        (FREE, {"deduction": "0"}, D("0")),
        (FREE, {"deduction": None}, D("0")),
        (FREE, {"deduction": "", "reason": ""}, D("0")),
        (FREE, {"deduction": "2.5", "reason": "焦点归纳不全"}, D("2.5")),
        (FREE, {"deduction": 10, "reason": "未归纳"}, D("10")),
        (FREE, {"deduction": "3.333", "reason": "r"}, D("3.33")),
        (PER, {"occurrences": 0}, D("0")),
        (PER, {"occurrences": 3, "reason": "三处错字"}, D("3")),
        (PER, {"occurrences": 12, "reason": "很多"}, D("10")),  # capped at the points
        (PER_CAPPED, {"occurrences": 1, "reason": "r"}, D("2.5")),
        (PER_CAPPED, {"occurrences": 3, "reason": "r"}, D("5")),  # capped at the cap
        (VETO, {"veto_hit": True, "reason": "主文写错被告"}, D("0")),
    ],
)
def test_valid_entries_count_the_expected_deduction(rule, kwargs, expected):
    assert score_item(rule, **kwargs).deduction == expected


@pytest.mark.parametrize(
    "rule, kwargs, message",
    [
        (FREE, {"deduction": "10.5", "reason": "r"}, "超过了该项分值 10"),
        (FREE, {"deduction": "-1", "reason": "r"}, "不能为负数"),
        (FREE, {"deduction": "abc"}, "不是有效的数字"),
        (FREE, {"deduction": "nan"}, "不是有效的数字"),
        (FREE, {"deduction": "2"}, "必须填写扣分理由"),
        (FREE, {"deduction": "2", "reason": "   "}, "必须填写扣分理由"),
        (PER, {"occurrences": 2}, "必须填写扣分理由"),
        (PER, {"occurrences": -1, "reason": "r"}, "处数不能为负数"),
        (PER, {"occurrences": "1.5", "reason": "r"}, "处数必须是整数"),
        (VETO, {"veto_hit": True}, "命中一票否决项，必须填写扣分理由"),
        (FREE, {"veto_hit": True, "reason": "r"}, "不是一票否决项"),
    ],
)
def test_invalid_entries_are_refused_with_a_chinese_message(rule, kwargs, message):
    with pytest.raises(ScoringError) as error:
        score_item(rule, **kwargs)
    assert message in error.value.message
    assert error.value.key == rule.key


@pytest.mark.parametrize(
    "rule, message",
    [
        (ItemRule("a", D("-1")), "不能为负数"),
        (ItemRule("a", D("5"), mode="per_occurrence"), "每处扣分必须大于 0"),
        (ItemRule("a", D("5"), mode="per_occurrence", step=D("1"), cap=D("6")), "扣分上限"),
        (ItemRule("a", D("5"), mode="other"), "扣分方式无效"),
    ],
)
def test_item_definitions_are_checked(rule, message):
    with pytest.raises(ScoringError, match=message):
        validate_item_rule(rule)


@pytest.mark.parametrize(
    "score, bands, vetoed, expected",
    [
        (D("100"), None, False, EXCELLENT),
        (D("90"), None, False, EXCELLENT),
        (D("89.99"), None, False, PASS),
        (D("70"), None, False, PASS),
        (D("69.99"), None, False, FLAWED),
        (D("60"), None, False, FLAWED),
        (D("59.99"), None, False, FAIL),
        (D("0"), None, False, FAIL),
        (D("99"), None, True, FAIL),  # a veto beats any score
        (D("85"), {EXCELLENT: 85, PASS: 75, FLAWED: 65}, False, EXCELLENT),
        (D("70"), {EXCELLENT: 85, PASS: 75, FLAWED: 65}, False, FLAWED),
    ],
)
def test_grade_bands(score, bands, vetoed, expected):
    assert grade_for(score, bands, vetoed=vetoed) == expected


@pytest.mark.parametrize(
    "bands, message",
    [
        ({EXCELLENT: 90, PASS: 90, FLAWED: 60}, "依次降低"),
        ({EXCELLENT: 60, PASS: 70, FLAWED: 80}, "依次降低"),
        ({EXCELLENT: 90, PASS: 70}, "瑕疵"),
        ({EXCELLENT: 90, PASS: 70, FLAWED: -1}, "0 到 1000"),
    ],
)
def test_invalid_grade_bands_are_refused(bands, message):
    with pytest.raises(ScoringError, match=message):
        validate_grade_bands(bands)


ITEMS = [
    ItemRule("a", D("40")),
    ItemRule("b", D("50")),
    ItemRule("typos", D("10"), mode="per_occurrence", step=D("1")),
    VETO,
]


def sheet(reviewer_id, submitted=True, veto=(), **deductions):
    return SheetEntry(reviewer_id, submitted, {k: D(str(v)) for k, v in deductions.items()}, frozenset(veto))


@pytest.mark.parametrize(
    "sheets, expected_score, expected_grade, spread, flagged",
    [
        # one clean sheet
        ([sheet(1)], D("100"), EXCELLENT, D("0"), False),
        # item-wise mean: a = (4+2)/2 = 3, b = (0+6)/2 = 3 → 94
        ([sheet(1, a=4), sheet(2, a=2, b=6)], D("94"), EXCELLENT, D("4"), False),
        # band edge exactly at 90 after averaging
        ([sheet(1, a=10), sheet(2, a=10)], D("90"), EXCELLENT, D("0"), False),
        # mean with a repeating decimal: (1+1+2)/3 = 1.333… → 98.67
        ([sheet(1, a=1), sheet(2, a=1), sheet(3, a=2)], D("98.67"), EXCELLENT, D("1"), False),
        # spread of exactly 10 is flagged (≥ threshold)
        ([sheet(1), sheet(2, b=10)], D("95"), EXCELLENT, D("10"), True),
        ([sheet(1), sheet(2, b=9.99)], D("95.01"), EXCELLENT, D("9.99"), False),
        # lower bands
        ([sheet(1, a=20, b=15), sheet(2, a=20, b=15)], D("65"), FLAWED, D("0"), False),
        ([sheet(1, a=30, b=20, typos=10)], D("40"), FAIL, D("0"), False),
    ],
)
def test_combining_takes_the_item_wise_mean(sheets, expected_score, expected_grade, spread, flagged):
    result = combine(ITEMS, sheets, expected=len(sheets))
    assert result.combinable
    assert result.score == expected_score
    assert result.grade == expected_grade
    assert result.spread == spread
    assert result.spread_flag is flagged


def test_a_veto_hit_by_any_reviewer_forces_fail_whatever_the_score():
    result = combine(ITEMS, [sheet(1), sheet(2, veto=["ruling.wrong_party"])], expected=2)
    assert result.score == D("100")
    assert result.vetoed and result.grade == FAIL
    assert result.veto_keys == ("ruling.wrong_party",)


@pytest.mark.parametrize(
    "sheets, expected, problem",
    [
        ([], 2, "尚无评查表"),
        ([sheet(1)], 2, "只收到 1 份"),
        ([sheet(1), sheet(2, submitted=False)], 2, "1 份评查表未提交"),
        ([sheet(1, submitted=False)], None, "未提交"),
    ],
)
def test_missing_or_unsubmitted_sheets_are_not_combinable(sheets, expected, problem):
    result = combine(ITEMS, sheets, expected=expected)
    assert not result.combinable
    assert problem in result.problem
    assert result.score is None and result.grade is None


def test_custom_spread_threshold_and_bands():
    result = combine(
        ITEMS, [sheet(1), sheet(2, a=5)], spread_threshold=5, bands={EXCELLENT: 98, PASS: 80, FLAWED: 50}
    )
    assert result.spread_flag
    assert result.score == D("97.5") and result.grade == PASS


def test_deductions_for_unknown_items_are_refused():
    with pytest.raises(ScoringError, match="不属于本评分表"):
        combine(ITEMS, [sheet(1, zzz=1)])


def test_reviewer_totals_are_reported_per_sheet():
    result = combine(ITEMS, [sheet(7, a=3), sheet(9, typos=2)])
    assert result.reviewer_totals == {7: D("97"), 9: D("98")}
    assert result.mean_deductions["a"] == D("1.5")


@pytest.mark.parametrize("value, text", [(D("10.00"), "10"), (D("7.50"), "7.5"), (D("0"), "0"), (None, "—")])
def test_display_format(value, text):
    assert fmt(value) == text


def test_a_draft_may_omit_the_reason_but_not_break_the_points():
    assert score_item(FREE, deduction="2", require_reason=False).deduction == D("2")
    with pytest.raises(ScoringError, match="超过"):
        score_item(FREE, deduction="11", require_reason=False)
