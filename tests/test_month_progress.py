"""Progress of the month on the office's assignment board: counted per court and programme in a
constant number of queries, and published items stay on the board, marked."""
from __future__ import annotations

from models import JudgmentStatus, Role
from reviewer.reviews.progress import month_progress
from tests.conftest import count_queries
from tests.evaluation_factories import evaluate, make_reviewer
from tests.factories import make_assignment, make_court, make_judgment, make_user


def _month(court, other):
    """Five judgments of 2021-04: published, confirmed, waiting for confirmation, assigned, bare."""
    published = make_judgment(court=court, status=JudgmentStatus.PUBLISHED, case_number="（2021）豫0802民初1号")
    evaluate(published, 95).locked = True
    evaluate(make_judgment(court=court, status=JudgmentStatus.EVALUATED), 90)
    waiting = make_judgment(court=other, status=JudgmentStatus.IN_REVIEW)
    evaluate(waiting, 80).final_grade = None
    make_assignment(make_reviewer(), make_judgment(court=other, status=JudgmentStatus.IN_REVIEW))
    make_judgment(court=other)
    make_judgment(court=other, month="2021-05")  # another month
    make_judgment(court=other, status=JudgmentStatus.DRAFT)  # not submitted: not on the board


def test_progress_counts_per_court_and_programme(app, db):
    court, other = make_court("豫0802"), make_court("豫0811")
    _month(court, other)
    db.session.flush()
    judgments = next(kp for kp in month_progress("2021-04") if kp.kind == "judgment")
    t = judgments.totals
    assert (t.total, t.assigned, t.reviewed, t.to_confirm, t.confirmed, t.published) == (5, 4, 3, 1, 2, 1)
    by_court = {name: (c.total, c.reviewed, c.to_confirm, c.published) for name, c in judgments.courts}
    assert by_court == {court.name: (2, 2, 0, 1), other.name: (3, 1, 1, 0)}


def test_board_shows_the_progress_and_keeps_published_items_marked(client, login, db):
    court, other = make_court("豫0802"), make_court("豫0811")
    _month(court, other)
    admin = make_user(roles=[Role.ADMIN], court=make_court("豫08"))
    db.session.commit()
    login(admin)
    page = client.get("/reviews/assign?kind=judgment&month=2021-04").get_data(as_text=True)
    assert "本月已评 <span data-count=\"reviewed\">3</span>/<span data-count=\"total\">5</span>" in page
    assert "待确认 <span data-count=\"to_confirm\">1</span>" in page
    assert "已公布 <span data-count=\"published\">1</span>" in page
    row = page[page.index("（2021）豫0802民初1号") - 300:page.index("（2021）豫0802民初1号") + 200]
    assert "data-published" in row and "已公布" in row


def test_progress_costs_the_same_queries_whatever_the_data(app, db):
    def queries(n: int) -> int:
        court = make_court(f"豫09{n:02d}")
        for _ in range(n):
            evaluate(make_judgment(court=court), 90)
            make_judgment(court=court)
        db.session.flush()
        with count_queries() as counter:
            month_progress("2021-04")
        return counter[0]

    assert queries(1) == queries(12)


def test_the_board_costs_the_same_queries_whatever_the_month_holds(client, login, db):
    admin = make_user(roles=[Role.ADMIN], court=make_court("豫08"))
    court = make_court("豫0802")
    reviewer = make_reviewer()
    db.session.commit()
    login(admin)

    def queries(n: int) -> int:
        for _ in range(n):
            evaluate(make_judgment(court=court, status=JudgmentStatus.EVALUATED), 90)
            make_assignment(reviewer, make_judgment(court=court, status=JudgmentStatus.IN_REVIEW))
        db.session.commit()
        with count_queries() as counter:
            assert client.get("/reviews/assign?kind=judgment&month=2021-04").status_code == 200
        return counter[0]

    assert queries(2) == queries(8)


def test_the_office_home_page_shows_the_evaluation_months_progress(client, login, db):
    from models.month import current_evaluation_month

    month = current_evaluation_month()
    court = make_court("豫0802")
    evaluate(make_judgment(court=court, month=month, status=JudgmentStatus.EVALUATED), 90)
    make_judgment(court=court, month=month)
    admin = make_user(roles=[Role.ADMIN], court=make_court("豫08"))
    db.session.commit()
    login(admin)
    page = client.get("/").get_data(as_text=True)
    assert f"{month} 裁判文书：已评 1/2 · 已公布 0 · 待确认" in page
