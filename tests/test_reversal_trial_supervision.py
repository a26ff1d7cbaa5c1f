"""Issue #16, item 3: the intermediate court's 审判监督庭 evaluates the cases the provincial court changed
(measure 6: “经审监一庭评查后，逐案提交审委会”); the office keeps evaluating every case."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import CourtLevel, Notification, Role
from models.reversal import HigherLevel, ReversalStatus
from reviewer import clock, permissions as p
from reviewer.extensions import db as _db
from reviewer.reversals import register, todos, workflow
from tests.factories import make_court, make_user
from tests.reversal_helpers import record, reversal_world


@pytest.fixture
def w(app, db):
    w = reversal_world()
    w["monitor"] = make_user((Role.JUDGE,), court=w["city"], division=w["city"].divisions[1])   # 审判监督庭
    w["provincial"] = record(w, n=7, level=HigherLevel.PROVINCIAL)
    w["intermediate"] = record(w, n=8)
    db.session.flush()
    return w


def test_the_trial_supervision_division_is_the_intermediate_courts(w):
    assert w["city"].divisions[1].is_trial_supervision
    assert not w["city"].divisions[0].is_trial_supervision
    basic = make_court("豫0811", divisions=("审判监督庭",))
    assert basic.level == CourtLevel.BASIC and not basic.divisions[0].is_trial_supervision


@pytest.mark.parametrize("who, provincial, intermediate", [
    ("admin", True, True),
    ("monitor", True, False),
    ("city_head", False, False),
    ("judge", False, False),
    ("supervision", False, False),
])
def test_who_evaluates(w, who, provincial, intermediate):
    assert p.can_evaluate_reversal(w[who], w["provincial"]) is provincial
    assert p.can_evaluate_reversal(w[who], w["intermediate"]) is intermediate


def test_a_basic_courts_trial_supervision_judge_does_not_evaluate(w):
    court = make_court("豫0811", divisions=("审判监督庭",))
    judge = make_user((Role.JUDGE,), court=court, division=court.divisions[0])
    assert not p.can_evaluate_reversal(judge, w["provincial"])
    assert not p.can_view_reversal(judge, w["provincial"])


def test_the_division_sees_the_provincial_cases_only(w):
    seen = set(_db.session.scalars(register.visible_cases(w["monitor"])))
    assert w["provincial"] in seen and w["intermediate"] not in seen
    assert p.can_view_reversal(w["monitor"], w["provincial"])
    assert not p.can_view_reversal(w["monitor"], w["intermediate"])


def test_the_division_is_notified_and_has_the_to_do(w, app):
    workflow.submit_self_check(w["judge"], w["provincial"], "自查。")
    workflow.submit_self_check(w["judge"], w["intermediate"], "自查。")
    notes = list(_db.session.scalars(select(Notification).where(Notification.user_id == w["monitor"].id)))
    assert len(notes) == 1 and w["provincial"].case_number in notes[0].text
    with app.test_request_context():
        lines = todos.reversal_todos(w["monitor"], clock.today())
    assert [t.count for t in lines if "审判监督庭" in t.label] == [1]


def test_the_division_evaluates_through_the_page_and_the_case_goes_to_the_committee(w, client, login, db):
    workflow.submit_self_check(w["judge"], w["provincial"], "自查。")
    workflow.submit_self_check(w["judge"], w["intermediate"], "自查。")
    db.session.commit()
    login(w["monitor"])
    page = client.get(f"/reversals/{w['provincial'].id}").get_data(as_text=True)
    assert "由审判监督庭评查" in page and f"/reversals/{w['provincial'].id}/evaluate" in page
    form = {"confirmed": "1", "categories": ["fact_unclear"], "points": "-1", "opinion": "认定事实不清。",
            "basic_view": "一审意见", "intermediate_view": "审判监督庭意见"}
    assert client.post(f"/reversals/{w['intermediate'].id}/evaluate", data=form).status_code == 403
    response = client.post(f"/reversals/{w['provincial'].id}/evaluate", data=form)
    assert response.status_code == 302
    db.session.expire_all()
    case = db.session.get(type(w["provincial"]), w["provincial"].id)
    assert case.status == ReversalStatus.DISPUTED
    assert case.evaluation.evaluated_by_id == w["monitor"].id and case.evaluation.points == Decimal("-1")
    page = client.get(f"/reversals/{case.id}").get_data(as_text=True)
    assert "评查人：" in page and "审判监督庭" in page


def test_the_office_still_evaluates_a_provincial_case(w):
    case = w["provincial"]
    workflow.evaluate(w["admin"], case, confirmed=False, categories=[], points=Decimal("0"), opinion="无问题。",
                      basic_view=None, intermediate_view=None, today=case.self_check_due + timedelta(days=1))
    assert case.status == ReversalStatus.DISPUTED
