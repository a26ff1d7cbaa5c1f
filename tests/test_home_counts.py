"""The office's counts shown twice on the home page (panel and to-do list) are read once per request,
and the home page's panels and to-do sources run in the order `reviewer.wiring` lists them."""
import re

from sqlalchemy import event

from models import Role
from models.objection import Objection
from reviewer import signals, wiring
from reviewer.extensions import db as _db
from tests.evaluation_factories import evaluate
from tests.factories import make_court, make_judgment, make_user


def _statements(client, url):
    seen = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    event.listen(_db.engine, "before_cursor_execute", record)
    try:
        page = client.get(url).get_data(as_text=True)
    finally:
        event.remove(_db.engine, "before_cursor_execute", record)
    return page, seen


def test_office_counts_are_read_once_and_shown_in_panel_and_list(client, db, login):
    admin, judge = make_user(roles=[Role.ADMIN]), make_user(roles=[Role.JUDGE], court=make_court())
    for n in range(3):
        evaluation = evaluate(make_judgment(court=judge.court, judge=judge), 80 + n)
        evaluation.final_grade = None   # computed, not yet confirmed
    evaluation.spread_flag = True
    db.session.add(Objection(judgment_id=evaluation.subject_id, evaluation_id=evaluation.id,
                             raised_by_id=judge.id, text="异议"))
    db.session.commit()
    login(admin)
    page, statements = _statements(client, "/")
    assert len([s for s in statements if "FROM objections" in s]) == 1
    assert len([s for s in statements if "FROM evaluations WHERE evaluations.final_grade IS NULL" in s]) == 1
    assert re.search(r"待确认等级</a><span[^>]*>3<", page) and re.search(r"分歧较大</a><span[^>]*>1<", page)
    assert re.search(r"待答复的异议</a><span[^>]*>1<", page)
    assert "待确认等级（3 件）" in page and "待答复的异议（1 件）" in page
    # a second request reads them again (nothing is kept between requests)
    db.session.add(Objection(judgment_id=evaluation.subject_id, evaluation_id=evaluation.id,
                             raised_by_id=judge.id, text="又一异议"))
    db.session.commit()
    assert "待答复的异议（2 件）" in client.get("/").get_data(as_text=True)


def test_announced_draws_are_counted_once_for_the_panel_and_the_list(client, db, login):
    from models.draw import DrawStatus, MonthlyDraw
    court = make_court()
    db.session.add(MonthlyDraw(court_id=court.id, month="2026-10", algorithm="sha256", status=DrawStatus.ANNOUNCED,
                               value_source="2026年11月6日福彩3D开奖号码"))
    db.session.commit()
    login(make_user(roles=[Role.ADMIN]))
    page, statements = _statements(client, "/")
    assert len([s for s in statements if "FROM monthly_draws WHERE monthly_draws.status" in s]) == 1
    assert re.search(r"已公告待录入随机值的抽取</a><span[^>]*>1<", page)
    assert "待录入公开随机值的抽取（1 次）" in page


def test_receivers_run_in_the_order_wiring_lists_them(app):
    for signal in (signals.home_panels, signals.todo_items):
        wired = [receiver for listened, receiver in wiring.LISTENERS if listened is signal]
        assert list(signal.receivers_for(None)) == wired
