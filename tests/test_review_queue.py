"""The reviewer's queue (我的评查): open assignments first by due date (none last), then the submitted
ones in the same order, read in the order of `ix_assignments_queue` — the same statements whatever
the reviewer's history."""
from __future__ import annotations

from datetime import date

from models import Role
from tests.conftest import count_queries
from tests.factories import make_assignment, make_court, make_judgment, make_user
from tests.review_helpers import make_city, submit_review


def test_open_work_first_by_due_date_then_the_submitted_sheets(app, client, login):
    city = make_city()
    submit_review(city, city.r1, {})           # city.judgment: submitted, no due date
    court = city.third
    for number, due in ((3, date(2021, 6, 1)), (2, date(2021, 5, 1)), (1, None)):
        make_assignment(city.r1, make_judgment(court=court, case_number=f"（2021）豫0811民初{number}号"),
                        due_date=due)
    make_assignment(city.r2, make_judgment(court=court, case_number="（2021）豫0811民初9号"))   # someone else's
    login(city.r1)
    page = client.get("/reviews/").get_data(as_text=True)
    shown = [number for number in ("（2021）豫0811民初2号", "（2021）豫0811民初3号", "（2021）豫0811民初1号",
                                   city.judgment.case_number, "（2021）豫0811民初9号") if number in page]
    # 2 (due 5-1), 3 (due 6-1), 1 (no due date), then the submitted sheet; the other reviewer's not at all
    assert sorted(shown, key=page.index) == ["（2021）豫0811民初2号", "（2021）豫0811民初3号", "（2021）豫0811民初1号",
                                             city.judgment.case_number]


def test_the_queue_costs_the_same_statements_whatever_the_history(app, client, login):
    reviewer = make_user(roles=(Role.REVIEWER,), court=make_court("豫0802"))
    court = make_court("豫0811")
    make_assignment(reviewer, make_judgment(court=court))
    login(reviewer)

    def statements() -> int:
        with count_queries() as counter:
            assert client.get("/reviews/").status_code == 200
        return counter[0]

    before = statements()
    for _ in range(25):
        make_assignment(reviewer, make_judgment(court=court), due_date=date(2021, 5, 1))
    assert statements() == before
