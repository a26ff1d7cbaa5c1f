"""The dated to-do list (待办) on the home page: the urgency rule, what each role sees, and a
constant number of queries whatever the data."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from models import Role
from models.filing import MonthlyFiling
from reviewer.filings import rules as filing_rules
from reviewer.filings.services import today_in_china
from reviewer.todos.items import Todo, Urgency, arrange, urgency
from reviewer.todos.sources import previous_month
from tests.conftest import count_queries
from tests.factories import make_assignment, make_court, make_judgment, make_user

DAY = date(2026, 11, 10)


@pytest.mark.parametrize("due, expected", [
    (None, Urgency.UNDATED),
    (DAY - timedelta(days=1), Urgency.OVERDUE),
    (DAY, Urgency.SOON),                         # the deadline day itself is not overdue yet
    (DAY + timedelta(days=3), Urgency.SOON),     # soon_days = 3 includes the third day
    (DAY + timedelta(days=4), Urgency.LATER),
])
def test_urgency_of_a_deadline(due, expected):
    assert urgency(Todo("x", "/", "评查", due), DAY, soon_days=3) is expected


def test_overdue_first_then_soon_then_later_then_undated_ties_in_given_order():
    todos = [Todo("undated", "/", "a"), Todo("later", "/", "a", DAY + timedelta(days=9)),
             Todo("soon-2", "/", "a", DAY + timedelta(days=2)), Todo("old", "/", "a", DAY - timedelta(days=5)),
             Todo("soon-1a", "/", "a", DAY + timedelta(days=1)), Todo("soon-1b", "/", "b", DAY + timedelta(days=1)),
             Todo("new", "/", "a", DAY - timedelta(days=1))]
    assert [t.label for t, _ in arrange(todos, DAY)] == [
        "old", "new", "soon-1a", "soon-1b", "soon-2", "later", "undated"]


@pytest.mark.parametrize("today, expected", [(date(2026, 1, 3), "2025-12"), (date(2026, 11, 30), "2026-10"),
                                             (date(2024, 3, 1), "2024-02")])
def test_previous_month(today, expected):
    assert previous_month(today) == expected




def test_reviewer_sees_each_assignment_with_its_deadline_overdue_in_red(client, db, login):
    court = make_court("豫0802")
    reviewer = make_user(roles=[Role.REVIEWER], court=make_court("豫0883"))
    today = today_in_china()
    late = make_judgment(court=court, case_number="（2021）豫0802民初11号")
    soon = make_judgment(court=court, case_number="（2021）豫0802民初22号")
    make_assignment(reviewer, soon, today + timedelta(days=1))
    make_assignment(reviewer, late, today - timedelta(days=2))
    db.session.commit()
    login(reviewer)
    page = client.get("/").get_data(as_text=True)
    assert "待办事项" in page
    first, second = page.index("（2021）豫0802民初11号"), page.index("（2021）豫0802民初22号")
    assert first < second  # the overdue one comes first
    overdue_row = page[page.rindex("<tr", 0, first):page.index("</tr>", first)]
    assert "逾期" in overdue_row and "text-bg-danger" in overdue_row
    assert (today - timedelta(days=2)).isoformat() in overdue_row
    soon_row = page[page.rindex("<tr", 0, second):page.index("</tr>", second)]
    assert "即将到期" in soon_row
    assert f'href="/reviews/judgment/{late.id}/review"' in overdue_row


def test_liaison_sees_last_months_filing_until_it_is_filed(client, db, login):
    court = make_court("豫0802")
    liaison = make_user(roles=[Role.LIAISON], court=court)
    db.session.commit()
    prev = previous_month(today_in_china())
    login(liaison)
    page = client.get("/").get_data(as_text=True)
    assert f"{prev} 每月报备案" in page
    assert filing_rules.deadline(prev, 5).isoformat() in page
    db.session.add(MonthlyFiling(court_id=court.id, month=prev, comments="", snapshot={},
                                 deadline=filing_rules.deadline(prev, 5), filed_by_id=liaison.id))
    db.session.commit()
    assert f"{prev} 每月报备案" not in client.get("/").get_data(as_text=True)


def test_office_sees_the_months_list_filings_and_quotas(client, db, login):
    admin = make_user(roles=[Role.ADMIN], court=make_court("豫08"))
    make_court("豫0802"), make_court("豫0811")
    db.session.commit()
    prev = previous_month(today_in_china())
    login(admin)
    page = client.get("/").get_data(as_text=True)
    assert f"{prev} 月度优秀/瑕疵裁判文书榜单待编制" in page
    assert f"{prev} 每月报备案：2 个基层法院未报备" in page
    assert f"{prev} 庭审报送：2 个基层法院未报齐精品/瑕疵庭审" in page


def test_home_page_queries_do_not_grow_with_the_data(client, db, login):
    reviewer = make_user(roles=[Role.REVIEWER, Role.ADMIN], court=make_court("豫08"))
    court = make_court("豫0802")
    today = today_in_china()
    db.session.commit()
    login(reviewer)

    def queries(extra: int) -> int:
        for n in range(extra):
            make_assignment(reviewer, make_judgment(court=court), today + timedelta(days=n))
        make_court(f"豫09{extra:02d}")
        db.session.commit()
        with count_queries() as counter:
            assert client.get("/").status_code == 200
        return counter[0]

    assert queries(2) == queries(20)


def test_a_long_queue_shows_the_first_lines_and_how_many_more(client, db, login):
    reviewer = make_user(roles=[Role.REVIEWER], court=make_court("豫08"))
    court = make_court("豫0802")
    for n in range(18):
        make_assignment(reviewer, make_judgment(court=court), today_in_china() + timedelta(days=n))
    db.session.commit()
    login(reviewer)
    page = client.get("/").get_data(as_text=True)
    assert page.count("/review\"") == 15
    assert "另有 3 项评查任务" in page
