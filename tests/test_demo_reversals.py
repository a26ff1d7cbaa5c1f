"""The 发改 demo step gives every page of the programme real content, dated to the last months."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from models import User
from models.points import PointsEntry
from models.reversal import QualityMeeting, ReversalCase, ReversalStatus
from reviewer.demo.steps import DemoContext
from reviewer.demo.people import seed_people
from reviewer.demo.reference import seed_reference
from reviewer.demo.reversals import seed_reversals
from reviewer.reversals import flags


@pytest.fixture
def demo(app, db):
    ctx = DemoContext()
    seed_reference(ctx)
    seed_people(ctx)
    line = seed_reversals(ctx)
    db.session.commit()
    return line


def test_demo_covers_every_state_and_page(demo, db, client, login):
    assert "发改案件：9 件" in demo
    states = set(db.session.scalars(select(ReversalCase.status)))
    assert states == set(ReversalStatus)
    decided = list(db.session.scalars(select(ReversalCase.decided_on)))
    assert date.today() - timedelta(days=125) <= min(decided) and max(decided) <= date.today()
    assert db.session.scalar(select(func.count(PointsEntry.id))) >= 4
    assert db.session.scalar(select(func.count(QualityMeeting.id))) >= 1
    wang = db.session.scalar(select(User).where(User.username == "judge_wang"))
    if all(c.decided_on.year == date.today().year for c in db.session.scalars(
            select(ReversalCase).where(ReversalCase.judge_id == wang.id))):
        assert [j.display_name for _f, j, _c, _t in flags.flagged(date.today().year)] == ["王法官"]
    supervision = db.session.scalar(select(User).where(User.username == "supervision"))
    login(supervision, "demo1234")
    assert "王法官" in client.get("/reversals/flags").get_data(as_text=True) or date.today().month <= 3
    login(wang, "demo1234")
    page = client.get("/").get_data(as_text=True)
    assert "评查意见已出" in page
    assert seed_reversals(DemoContext()) is None     # runs once
