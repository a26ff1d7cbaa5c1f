"""Batch actions: 全部报送 after an upload and confirming a month's unflagged grades in one step.
Each batch is one unit (all or nothing) with a line per item, audited; the routes per role."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from models import AuditLog, Evaluation, JudgmentStatus, Role
from tests.docx_builders import docx_bytes
from tests.evaluation_factories import evaluate
from tests.factories import make_court, make_judgment, make_user


@pytest.fixture
def court(db):
    return make_court("豫0802")


def _drafts(court, n=3):
    return [make_judgment(court=court, status=JudgmentStatus.DRAFT) for _ in range(n)]


def test_all_checked_drafts_are_submitted_at_once_and_audited(client, login, db, court):
    liaison = make_user(roles=[Role.LIAISON], court=court)
    drafts = _drafts(court)
    db.session.commit()
    login(liaison)
    page = client.post("/judgments/submit-batch", data={"judgment_ids": [j.id for j in drafts]}).get_data(as_text=True)
    assert "已全部报送（3 份）" in page and page.count('data-ok="yes"') == 3
    db.session.expire_all()
    assert {j.status for j in drafts} == {JudgmentStatus.SUBMITTED}
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.actor_id == liaison.id)).all()
    assert actions.count("judgment.submitted") == 3 and "judgment.batch_submitted" in actions


def test_one_refused_draft_refuses_the_batch_with_its_reason(client, login, db, court):
    liaison = make_user(roles=[Role.LIAISON], court=court)
    drafts = _drafts(court, 2)
    drafts[1].case_number = None
    foreign = make_judgment(court=make_court("豫0811"), status=JudgmentStatus.DRAFT)
    db.session.commit()
    login(liaison)
    page = client.post("/judgments/submit-batch",
                       data={"judgment_ids": [j.id for j in drafts] + [foreign.id]}).get_data(as_text=True)
    assert "本批文书均未报送" in page
    assert "请先填写案号再报送" in page and "不属于您的法院" in page
    assert page.count('data-ok="no"') == 2 and page.count('data-ok="yes"') == 1
    db.session.expire_all()
    assert {j.status for j in drafts + [foreign]} == {JudgmentStatus.DRAFT}


def test_nothing_checked_is_refused(client, login, db, court):
    login(make_user(roles=[Role.LIAISON], court=court))
    db.session.commit()
    page = client.post("/judgments/submit-batch", data={}).get_data(as_text=True)
    assert "没有选择任何项目" in page


def judgment_docx(court, number: int) -> bytes:
    return docx_bytes([court.full_name, "民事判决书", f"（2021）{court.code}民初{number}号",
                       "原告：张三，男，汉族。", "被告：李四，男，汉族。",
                       "原告张三与被告李四民间借贷纠纷一案，本院依法适用简易程序公开开庭进行了审理。",
                       "本院认为，借贷关系合法有效。", "判决如下：", "被告李四偿还原告张三借款10000元。",
                       "审判员　王五", "二〇二一年四月一日", "书记员　赵六"])


def test_the_upload_result_offers_every_recognised_draft_checked(client, login, db, court):
    liaison = make_user(roles=[Role.LIAISON], court=court)
    db.session.commit()
    login(liaison)
    files = [(io.BytesIO(judgment_docx(court, n)), f"判决书{n}.docx") for n in (7, 8)]
    page = client.post("/judgments/upload", data={"court_id": str(court.id), "month": "2021-04", "purpose": "routine",
                                                  "files": files}, content_type="multipart/form-data").get_data(as_text=True)
    assert 'id="batch-submit"' in page and "全部报送" in page
    checked = re.findall(r'name="judgment_ids" value="(\d+)"[^>]* checked', page)
    assert len(checked) == 2


def _month(court):
    plain = [evaluate(make_judgment(court=court, status=JudgmentStatus.IN_REVIEW), 90) for _ in range(2)]
    flagged = evaluate(make_judgment(court=court, status=JudgmentStatus.IN_REVIEW), 85)
    flagged.spread_flag = True
    vetoed = evaluate(make_judgment(court=court, status=JudgmentStatus.IN_REVIEW), 50, "不合格", vetoes=1)
    for evaluation in plain + [flagged, vetoed]:
        evaluation.final_grade = None
        evaluation.confirmed_at = None
    done = evaluate(make_judgment(court=court, status=JudgmentStatus.EVALUATED), 95)
    return plain, flagged, vetoed, done


def test_confirming_in_one_step_lists_only_unflagged_grades_first(client, login, db, court):
    plain, flagged, vetoed, done = _month(court)
    admin = make_user(roles=[Role.ADMIN], court=make_court("豫08"))
    db.session.commit()
    login(admin)
    page = client.get("/reviews/confirm-batch?kind=judgment&month=2021-04").get_data(as_text=True)
    listed = {int(v) for v in re.findall(r'name="evaluation_ids" value="(\d+)"', page)}
    assert listed == {e.id for e in plain}
    page = client.post("/reviews/confirm-batch?kind=judgment&month=2021-04",
                       data={"evaluation_ids": sorted(listed)}).get_data(as_text=True)
    assert "已确认 2 件的等级" in page
    db.session.expire_all()
    assert [db.session.get(Evaluation, e.id).final_grade.label for e in plain] == ["优秀", "优秀"]
    assert db.session.get(Evaluation, flagged.id).final_grade is None
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "evaluation.batch_confirm")) is not None


def test_a_flagged_grade_refuses_the_batch(client, login, db, court):
    plain, flagged, vetoed, _done = _month(court)
    admin = make_user(roles=[Role.ADMIN], court=make_court("豫08"))
    db.session.commit()
    login(admin)
    page = client.post("/reviews/confirm-batch?kind=judgment&month=2021-04",
                       data={"evaluation_ids": [e.id for e in plain] + [flagged.id, vetoed.id]}).get_data(as_text=True)
    assert "本批均未确认" in page and "分差过大" in page and "有否决项" in page
    db.session.expire_all()
    assert all(db.session.get(Evaluation, e.id).final_grade is None for e in plain)


ROLES = ("admin", "liaison", "reviewer", "judge")
# (method, url, roles that get the page: 200; the others get 403)
ROUTES = [
    ("POST", "/judgments/submit-batch", {"admin", "liaison"}),
    ("GET", "/reviews/confirm-batch?kind=judgment&month=2021-04", {"admin"}),
    ("POST", "/reviews/confirm-batch?kind=judgment&month=2021-04", {"admin"}),
]
NEW_ENDPOINTS = {"judgments.submit_batch", "reviews.confirm_batch"}


def test_the_batch_routes_are_all_in_the_table(app):
    served = {rule.endpoint for rule in app.url_map.iter_rules() if "batch" in rule.endpoint}
    assert served == NEW_ENDPOINTS


@pytest.mark.parametrize("method, url, allowed", ROUTES, ids=[f"{m} {u}" for m, u, _a in ROUTES])
@pytest.mark.parametrize("who", ROLES)
def test_batch_route_per_role(client, login, db, court, method, url, allowed, who):
    roles = {"admin": Role.ADMIN, "liaison": Role.LIAISON, "reviewer": Role.REVIEWER, "judge": Role.JUDGE}
    user = make_user(roles=[roles[who]], court=court)
    db.session.commit()
    login(user)
    response = client.open(url, method=method, data={})
    assert response.status_code == (200 if who in allowed else 403)


def test_assigning_a_whole_month_is_all_or_nothing_with_a_line_per_judgment(client, login, db):
    from models import Assignment
    from tests.review_helpers import make_city

    city = make_city()
    db.session.commit()
    login(city.admin)
    url = "/reviews/assign/auto?kind=judgment&month=2021-04"
    page = client.post(url, data={"per_subject": "5"}).get_data(as_text=True)
    assert "本月均未分配" in page and 'data-ok="no"' in page and city.judgment.case_number in page
    assert db.session.scalar(select(Assignment)) is None
    page = client.post(url, data={"per_subject": "5", "partial": "y"}).get_data(as_text=True)
    assert "未能配齐" in page and "新增：" in page
    assert len(db.session.scalars(select(Assignment)).all()) == 3
    page = client.post(url, data={"per_subject": "2"}).get_data(as_text=True)
    assert 'data-ok="yes"' in page and "无需新增" in page


def test_the_drafts_list_offers_the_same_batch_submit(client, login, db, court):
    liaison = make_user(roles=[Role.LIAISON], court=court)
    drafts = _drafts(court, 2)
    make_judgment(court=court)  # already submitted: not offered
    db.session.commit()
    login(liaison)
    page = client.get("/judgments/?status=draft").get_data(as_text=True)
    offered = {int(v) for v in re.findall(r'name="judgment_ids" value="(\d+)"', page)}
    assert offered == {j.id for j in drafts} and 'id="batch-submit"' in page
    assert 'id="batch-submit"' not in client.get("/judgments/").get_data(as_text=True)
