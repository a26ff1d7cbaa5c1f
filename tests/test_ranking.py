"""The monthly ranking rule (reviewer.rankings.rules)."""
from datetime import datetime

import pytest

from reviewer.rankings.rules import (
    RankingEntry, RankingPolicy, check_list_size, describe_rule, natural_key, rank_month,
)


CODES = {"优秀": "EXCELLENT", "合格": "PASS", "瑕疵": "FLAWED", "不合格": "FAIL"}


def entry(n, score, grade, vetoes=0, day=1):
    return RankingEntry(
        subject_id=n, case_number=f"（2024）豫08民终{n}号", score=score, grade=CODES.get(grade, grade),
        veto_count=vetoes, confirmed_at=datetime(2024, 3, day),
    )


def ids(ranked):
    return [e.subject_id for e in ranked.entries]


@pytest.mark.parametrize("rows, expected", [
    # plain order, best first, at most five
    ([(1, 91, "优秀"), (2, 99, "优秀"), (3, 95, "优秀"), (4, 93, "优秀"), (5, 97, "优秀"), (6, 92, "优秀")],
     [2, 5, 3, 4, 6]),
    # grades other than 优秀 never enter, whatever the score
    ([(1, 95, "优秀"), (2, 89.9, "合格"), (3, 92, "优秀"), (4, 90, "优秀"), (5, 99, "瑕疵")], [1, 3, 4]),
    # tie on score: earlier confirmation first
    ([(1, 95, "优秀", 0, 9), (2, 95, "优秀", 0, 3), (3, 96, "优秀", 0, 20)], [3, 2, 1]),
    # tie on score and date: natural case-number order (9 before 10)
    ([(10, 95, "优秀"), (9, 95, "优秀"), (100, 95, "优秀")], [9, 10, 100]),
    # fewer veto hits first
    ([(1, 95, "优秀", 1), (2, 95, "优秀", 0), (3, 94, "优秀", 0)], [2, 1, 3]),
])
def test_excellent_list_order(rows, expected):
    result = rank_month([entry(*r) for r in rows])
    assert ids(result.excellent) == expected


@pytest.mark.parametrize("rows, expected", [
    # lowest first, 瑕疵 and 不合格 both qualify
    ([(1, 65, "瑕疵"), (2, 40, "不合格"), (3, 61, "瑕疵"), (4, 75, "合格")], [2, 3, 1]),
    # a veto-forced 不合格 with a high score still qualifies; on equal score more vetoes first
    ([(1, 85, "不合格", 1), (2, 62, "瑕疵", 0, 1), (3, 62, "不合格", 2), (4, 62, "瑕疵", 0, 2)], [3, 2, 4, 1]),
    # at most five
    ([(n, 50 + n, "瑕疵") for n in range(1, 9)], [1, 2, 3, 4, 5]),
])
def test_flawed_list_order(rows, expected):
    result = rank_month([entry(*r) for r in rows])
    assert ids(result.flawed) == expected


@pytest.mark.parametrize("excellent_count, short", [(0, True), (1, True), (2, True), (3, False), (7, False)])
def test_fewer_than_three_are_all_listed_and_flagged(excellent_count, short):
    rows = [entry(n, 90 + n / 10, "优秀") for n in range(excellent_count)]
    result = rank_month(rows)
    assert len(result.excellent.entries) == min(excellent_count, 5)
    assert result.excellent.qualifying == excellent_count
    assert result.excellent.short is short
    assert any(note.startswith("本月符合条件的优秀") for note in result.notes) is short


def test_short_list_is_never_padded_with_other_grades():
    rows = [entry(1, 95, "优秀"), entry(2, 89, "合格"), entry(3, 88, "合格"), entry(4, 87, "合格")]
    result = rank_month(rows)
    assert ids(result.excellent) == [1]
    assert result.excellent.short
    assert "未以其他等级的文书补足" in result.notes[0]


def test_empty_month_gives_two_empty_short_lists():
    result = rank_month([])
    assert result.excellent.entries == () and result.flawed.entries == ()
    assert result.excellent.short and result.flawed.short
    assert len(result.notes) == 2


def test_unconfirmed_entries_without_score_are_ignored():
    result = rank_month([entry(1, None, "优秀"), entry(2, 91, "优秀")])
    assert ids(result.excellent) == [2]


def test_tie_at_the_cut_is_reported():
    rows = [entry(n, 95, "优秀", 0, n) for n in range(1, 8)]
    result = rank_month(rows)
    assert ids(result.excellent) == [1, 2, 3, 4, 5]
    assert [e.subject_id for e in result.excellent.tied_at_cut] == [6, 7]
    assert any("得分相同" in note for note in result.notes)


def test_policy_is_configurable():
    policy = RankingPolicy(min_size=1, max_size=2, excellent_grades=("A",), flawed_grades=("D",))
    assert "等级为A的" in describe_rule(policy)[0]
    rows = [entry(1, 99, "A"), entry(2, 98, "A"), entry(3, 97, "A"), entry(4, 10, "D")]
    result = rank_month(rows, policy)
    assert ids(result.excellent) == [1, 2]
    assert ids(result.flawed) == [4] and not result.flawed.short


@pytest.mark.parametrize("kwargs", [
    {"min_size": 0}, {"min_size": 6, "max_size": 5}, {"excellent_grades": ("A",), "flawed_grades": ("A",)},
])
def test_invalid_policy_is_refused(kwargs):
    with pytest.raises(ValueError):
        RankingPolicy(**kwargs)


@pytest.mark.parametrize("count, available, refused", [
    (3, 10, False), (5, 10, False), (6, 10, True), (2, 10, True), (2, 2, False), (1, 2, True), (0, 0, False),
])
def test_list_size_check(count, available, refused):
    assert (check_list_size(count, available) is not None) is refused


def test_rule_text_states_thresholds_and_tie_breaks():
    text = "".join(describe_rule())
    for fragment in ("优秀", "瑕疵、不合格", "前 5 篇", "3–5", "否决项", "确认时间", "案号", "不以其他等级"):
        assert fragment in text


def test_natural_key_orders_numbers_numerically():
    assert sorted(["号10", "号9", "号100"], key=natural_key) == ["号9", "号10", "号100"]
