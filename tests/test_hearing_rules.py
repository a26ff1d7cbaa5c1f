"""Pure rules of the hearing programme: monthly quota, annual top-ten proposal, observation draw."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D

import pytest

from reviewer.hearings.observation_draw import DrawCandidate, draw
from reviewer.hearings.quota_rules import QuotaState, default_deadline, needs_reminder, quota_cell
from reviewer.hearings.topten_rules import Candidate, propose

CN = timezone(timedelta(hours=8))


def at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=CN)


@pytest.mark.parametrize("month, expected", [("2021-04", date(2021, 5, 5)), ("2021-12", date(2022, 1, 5))])
def test_default_deadline_is_day_five_of_next_month(month, expected):
    assert default_deadline(month) == expected


@pytest.mark.parametrize("submissions, today, state", [
    ([("excellent", at("2021-04-10")), ("flawed", at("2021-05-05", 23))], date(2021, 5, 20), QuotaState.MET),
    ([("excellent", at("2021-04-10")), ("flawed", at("2021-05-06", 1))], date(2021, 5, 20), QuotaState.LATE),
    ([("excellent", at("2021-04-10"))], date(2021, 5, 6), QuotaState.MISSING),
    ([("excellent", at("2021-04-10"))], date(2021, 5, 5), QuotaState.PENDING),
    ([], date(2021, 4, 2), QuotaState.PENDING),
    ([], date(2021, 3, 31), QuotaState.NOT_DUE),
    ([("sample", at("2021-04-10")), ("sample", at("2021-04-11"))], date(2021, 6, 1), QuotaState.MISSING),
    ([("excellent", at("2021-04-10")), ("excellent", at("2021-04-11")), ("flawed", None)],
     date(2021, 6, 1), QuotaState.MISSING),
])
def test_quota_cell_state(submissions, today, state):
    assert quota_cell("2021-04", submissions, date(2021, 5, 5), today).state == state


@pytest.mark.parametrize("today, remind", [
    (date(2021, 5, 1), False), (date(2021, 5, 2), True), (date(2021, 5, 5), True), (date(2021, 5, 6), False)])
def test_reminders_go_out_in_the_last_days_before_the_deadline(today, remind):
    cell = quota_cell("2021-04", [("excellent", at("2021-04-10"))], date(2021, 5, 5), today)
    assert needs_reminder(cell, today, days_before=3) is remind


def test_met_quota_is_never_reminded():
    cell = quota_cell("2021-04", [("excellent", at("2021-04-10")), ("flawed", at("2021-04-12"))],
                      date(2021, 5, 5), date(2021, 5, 4))
    assert not needs_reminder(cell, date(2021, 5, 4), 3) and cell.missing == []


def c(hid, score, grade, vetoed=False, reviewers=2, day=None):
    return Candidate(hid, D(score), grade, vetoed, reviewers, day)


@pytest.mark.parametrize("candidates, size, best, flawed", [
    # plain ordering
    ([c(1, 95, "excellent"), c(2, 98, "excellent"), c(3, 65, "flawed"), c(4, 50, "fail")], 10, [2, 1], [4, 3]),
    # 合格 is on neither list
    ([c(1, 80, "pass"), c(2, 91, "excellent")], 10, [2], []),
    # a vetoed hearing goes to the problem list even with a high score
    ([c(1, 96, "excellent", vetoed=True), c(2, 92, "excellent")], 10, [2], [1]),
    # ties: more reviewers first, then earlier date, then id
    ([c(5, 95, "excellent", reviewers=2), c(3, 95, "excellent", reviewers=3)], 10, [3, 5], []),
    ([c(5, 95, "excellent", day=date(2021, 3, 1)), c(3, 95, "excellent", day=date(2021, 6, 1))], 10, [5, 3], []),
    ([c(7, 60, "flawed"), c(4, 60, "flawed")], 10, [], [4, 7]),
    # cut at `size`
    ([c(i, 90 + i % 10, "excellent") for i in range(1, 15)], 3, [9, 8, 7], []),
    # nothing eligible
    ([], 10, [], []),
])
def test_top_ten_proposal(candidates, size, best, flawed):
    result = propose(candidates, size)
    assert [x.hearing_id for x in result.best] == best
    assert [x.hearing_id for x in result.flawed] == flawed


def test_top_ten_lists_never_share_a_hearing():
    candidates = [c(i, 50 + i * 3, g, vetoed=(i % 4 == 0)) for i, g in
                  enumerate(["excellent", "flawed", "fail", "excellent", "pass"] * 4, start=1)]
    result = propose(candidates)
    assert not {x.hearing_id for x in result.best} & {x.hearing_id for x in result.flawed}


CANDIDATES = ([DrawCandidate(f"recording:{i}", "basic", court_id=i % 3) for i in range(10)]
              + [DrawCandidate(f"schedule:{i}", "intermediate", court_id=99) for i in range(4)])


def test_draw_is_repeatable_from_its_seed_and_candidate_order_does_not_matter():
    first = draw(CANDIDATES, {"basic": 3, "intermediate": 2}, seed="2021Q2-abc")
    again = draw(list(reversed(CANDIDATES)), {"basic": 3, "intermediate": 2}, seed="2021Q2-abc")
    assert first == again
    assert [x.level for x in first].count("basic") == 3 and [x.level for x in first].count("intermediate") == 2


@pytest.mark.parametrize("per_level, max_per_court, expected_basic, expected_inter", [
    ({"basic": 20, "intermediate": 1}, None, 10, 1),     # fewer candidates than asked: all of them
    ({"basic": 5, "intermediate": 0}, 1, 3, 0),           # one per court: only three basic courts exist
    ({"basic": 0, "intermediate": 9}, None, 0, 4),
])
def test_draw_counts(per_level, max_per_court, expected_basic, expected_inter):
    result = draw(CANDIDATES, per_level, seed="s", max_per_court=max_per_court)
    assert sum(1 for x in result if x.level == "basic") == expected_basic
    assert sum(1 for x in result if x.level == "intermediate") == expected_inter
    assert len({x.key for x in result}) == len(result)
