"""The home page shows each role what waits for them, in a constant number of queries."""
from datetime import timedelta

from models import Role
from reviewer import clock
from tests.conftest import count_queries
from tests.factories import make_assignment, make_court, make_judgment, make_user




def test_reviewer_sees_open_overdue_and_due_soon_counts(client, db, login):
    court = make_court("豫0802")
    reviewer = make_user(roles=[Role.REVIEWER], court=make_court("豫0883"))
    today = clock.today()
    make_assignment(reviewer, make_judgment(court=court), today - timedelta(days=2))
    make_assignment(reviewer, make_judgment(court=court), today + timedelta(days=1))
    make_assignment(reviewer, make_judgment(court=court), today + timedelta(days=20))
    db.session.commit()
    login(reviewer)
    page = client.get("/").get_data(as_text=True)
    assert "我的评查任务" in page
    assert 'href="/reviews/">待完成</a><span class="badge bg-secondary rounded-pill">3' in page
    assert '已逾期</a><span class="badge bg-secondary rounded-pill">1' in page
    assert '3 日内到期</a><span class="badge bg-secondary rounded-pill">1' in page
    assert "审管办待办" not in page


def test_admin_sees_office_panel_and_judge_sees_own_results(client, db, login):
    admin = make_user(roles=[Role.ADMIN])
    judge = make_user(roles=[Role.JUDGE], court=make_court())
    db.session.commit()
    login(admin)
    page = client.get("/").get_data(as_text=True)
    assert "审管办待办" in page and "待答复的异议" in page and "我的评查任务" not in page
    login(judge)
    page = client.get("/").get_data(as_text=True)
    assert "我的文书评查结果" in page and "审管办待办" not in page


def test_home_page_queries_do_not_grow_with_assignments(client, db, login):
    court = make_court("豫0802")
    reviewer = make_user(roles=[Role.REVIEWER], court=make_court("豫0883"))
    make_assignment(reviewer, make_judgment(court=court), clock.today())
    db.session.commit()
    login(reviewer)
    with count_queries() as few:
        client.get("/")
    for _ in range(10):
        make_assignment(reviewer, make_judgment(court=court), clock.today())
    db.session.commit()
    with count_queries() as many:
        client.get("/")
    assert many[0] == few[0]
