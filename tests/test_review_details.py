"""Reviewing details: adding a reviewer to a subject whose grade is confirmed asks first and then
withdraws the grade; the review screen's live total can say 不合格 when a veto item is ticked."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Assignment, AuditLog, Evaluation, JudgmentStatus
from reviewer.errors import DomainError
from reviewer.reviews import assigning
from reviewer.reviews.evaluations import confirm_grade
from tests.review_helpers import make_city, submit_review


@pytest.fixture
def confirmed(app, db):
    city = make_city()
    city.judgment.status = JudgmentStatus.SUBMITTED
    submit_review(city, city.r1, {})
    evaluation = db.session.scalar(select(Evaluation).where(Evaluation.subject_id == city.judgment.id))
    confirm_grade(evaluation, evaluation.computed_grade, None, city.admin)
    db.session.commit()
    return city, evaluation


def test_adding_a_reviewer_to_a_confirmed_grade_is_refused_without_saying_so(confirmed, db):
    city, evaluation = confirmed
    with pytest.raises(DomainError, match="撤回已确认的等级"):
        assigning.assign("judgment", city.judgment.id, city.r2, city.admin)


def test_the_board_asks_and_then_withdraws_the_grade(confirmed, client, login, db):
    city, evaluation = confirmed
    grade = evaluation.final_grade
    login(city.admin)
    board = client.get("/reviews/assign?kind=judgment&month=2021-04").get_data(as_text=True)
    assert "增加评查员将撤回已确认的等级" in board and 'name="withdraw_confirmed"' in board
    page = client.post(f"/reviews/assign/judgment/{city.judgment.id}", data={"reviewer_id": city.r2.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "请勾选“撤回已确认的等级”" in page
    assert db.session.scalar(select(Assignment).where(Assignment.reviewer_id == city.r2.id)) is None
    client.post(f"/reviews/assign/judgment/{city.judgment.id}",
                data={"reviewer_id": city.r2.id, "withdraw_confirmed": "y"})
    db.session.expire_all()
    assert db.session.get(Evaluation, evaluation.id).final_grade is None
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "review.assign",
                                                   AuditLog.summary.like("%撤回已确认的等级%")))
    assert log is not None and log.after["withdrawn_grade"] == grade.value


def test_the_review_screen_has_the_veto_verdict(app, db, client, login):
    city = make_city()
    city.judgment.status = JudgmentStatus.SUBMITTED
    assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    db.session.commit()
    login(city.r1)
    page = client.get(f"/reviews/judgment/{city.judgment.id}/review").get_data(as_text=True)
    assert 'id="total-verdict"' in page and "不合格（一票否决）" in page and "score-veto" in page
