"""The 发改 demo step gives every page of the programme real content, dated to the last months."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import Assignment, Review, ReviewStatus, User
from models.points import PointsEntry
from models.reversal import HigherLevel, QualityMeeting, ReversalCase, ReversalStatus
from reviewer import clock
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
    assert clock.today() - timedelta(days=125) <= min(decided) and max(decided) <= clock.today()
    assert db.session.scalar(select(func.count(PointsEntry.id))) >= 4
    assert db.session.scalar(select(func.count(QualityMeeting.id))) >= 1
    wang = db.session.scalar(select(User).where(User.username == "judge_wang"))
    if all(c.decided_on.year == clock.today().year for c in db.session.scalars(
            select(ReversalCase).where(ReversalCase.judge_id == wang.id))):
        assert [j.display_name for _f, j, _c, _t in flags.flagged(clock.today().year)] == ["王法官"]
    supervision = db.session.scalar(select(User).where(User.username == "supervision"))
    login(supervision, "demo1234")
    assert "王法官" in client.get("/reversals/flags").get_data(as_text=True) or clock.today().month <= 3
    login(wang, "demo1234")
    page = client.get("/").get_data(as_text=True)
    assert "评查意见已出" in page
    assert seed_reversals(DemoContext()) is None     # runs once


def test_demo_has_the_trial_supervision_division_and_a_score_sheet_review(demo, db, client, login):
    monitor = db.session.scalar(select(User).where(User.username == "judge_jd"))
    assert monitor.division.is_trial_supervision
    provincial = db.session.scalar(select(ReversalCase).where(ReversalCase.higher_level == HigherLevel.PROVINCIAL))
    assert provincial.evaluation.evaluated_by_id == monitor.id
    rows = db.session.execute(select(Assignment.reviewer_id, Review.status).outerjoin(Review).where(
        Assignment.subject_kind == "reversal")).all()
    assert len(rows) == 2 and ReviewStatus.SUBMITTED in {status for _r, status in rows}
    login(monitor, "demo1234")
    assert provincial.case_number in client.get(f"/reversals/?year={provincial.decided_on.year}").get_data(as_text=True)
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    login(admin, "demo1234")
    case_id = db.session.scalar(select(Assignment.subject_id).where(Assignment.subject_kind == "reversal").limit(1))
    assert "评查表评查（双向评析）" in client.get(f"/reversals/{case_id}").get_data(as_text=True)
