"""The 发改 pages through HTTP: a case's path from register to decision, boards, export, notice."""
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models.points import PointsEntry
from models.reversal import ReversalCase, ReversalStatus
from reviewer import clock
from tests.reversal_helpers import reversal_world


@pytest.fixture
def w(app, db):
    world = reversal_world()
    db.session.commit()
    return world


def _register(client, w, number="（2025）豫0802民初77号", decided_on=None, reason="fact_unclear"):
    return client.post("/reversals/new", data={
        "court_id": w["basic"].id, "case_number": number, "division_id": w["division"].id,
        "judge_id": w["judge"].id, "higher_case_number": "（2025）豫08民终9号", "higher_level": "intermediate",
        "higher_division_id": w["city_division"].id, "result": "remanded",
        "decided_on": (decided_on or clock.today() - timedelta(days=3)).isoformat(),
        "reason_id": w["reasons"][reason].id})


def test_register_self_check_evaluate_object_decide(client, login, w, db):
    login(w["admin"])
    response = _register(client, w)
    assert response.status_code == 302
    case = db.session.scalar(select(ReversalCase))
    login(w["judge"])
    page = client.get("/").get_data(as_text=True)
    assert "提交自查报告：（2025）豫0802民初77号" in page
    client.post(f"/reversals/{case.id}/self-check", data={"text": "证据审查不细。"})
    login(w["admin"])
    assert "待评查的发改案件" in client.get("/").get_data(as_text=True)
    response = client.post(f"/reversals/{case.id}/evaluate", data={
        "confirmed": "1", "categories": ["fact_unclear"], "points": "-1", "opinion": "确有问题。",
        "basic_view": "一审意见", "intermediate_view": "二审意见"})
    assert response.status_code == 302
    detail = client.get(f"/reversals/{case.id}").get_data(as_text=True)
    assert "基层法院意见" in detail and "一审意见" in detail and "二审意见" in detail
    login(w["judge"])
    client.post(f"/reversals/{case.id}/object", data={"reasons": "新证据。"})
    again = client.post(f"/reversals/{case.id}/object", data={"reasons": "再次。"}, follow_redirects=True)
    assert "只能对已评查" in again.get_data(as_text=True)
    login(w["admin"])
    client.post(f"/reversals/{case.id}/decide", data={
        "body": "judges_meeting", "confirmed": "0", "points": "0", "text": "不存在问题。",
        "decided_on": clock.today().isoformat()})
    db.session.expire_all()
    case = db.session.get(ReversalCase, case.id)
    assert case.status == ReversalStatus.CLOSED
    assert db.session.scalar(select(PointsEntry.id)) is None


def test_bad_input_keeps_the_form_and_says_why(client, login, w, db):
    login(w["admin"])
    _register(client, w)
    response = _register(client, w)
    assert response.status_code == 200 and "已登记" in response.get_data(as_text=True)
    response = _register(client, w, number="（2025）豫0802民初78号", decided_on=clock.today() + timedelta(days=5))
    assert "不能晚于今天" in response.get_data(as_text=True)
    assert db.session.scalar(select(ReversalCase.id).where(ReversalCase.case_number.contains("78"))) is None


@pytest.mark.parametrize("path, text", [
    ("/reversals/", "发改案件登记簿"), ("/reversals/new", "登记发改案件"), ("/reversals/flags", "诫勉谈话名单"),
    ("/reversals/meetings", "案件质量评析会"), ("/reversals/meetings/new", "登记案件质量评析会"),
    ("/reversals/guidance", "审判业务指引库"), ("/reversals/guidance/new", "发布审判业务指引"),
    ("/reversals/points", "绩效考核分值"), ("/reversals/leaders", "院领导办案"), ("/reversals/notices", "月度发改案件通报"),
])
def test_office_pages_render(client, login, w, path, text):
    login(w["admin"])
    response = client.get(path)
    assert response.status_code == 200 and text in response.get_data(as_text=True)


def test_points_export_writes_text_never_formulas(client, login, w, db):
    from reviewer.reversals import ledger
    ledger.post(w["admin"], code="guidance", on=date(2025, 3, 1), source=None, note="=HYPERLINK(\"x\")",
                division_id=w["city_division"].id)
    w["city_division"].name = "=1+1"
    db.session.commit()
    login(w["admin"])
    response = client.get("/reversals/points/export.xlsx?year=2025")
    book = load_workbook(io.BytesIO(response.data))
    totals = list(book["部门合计"].iter_rows(values_only=True))
    assert totals[1][1:] == ("=1+1", 2)
    cell = book["计分明细"]["G2"]
    assert cell.value == "=HYPERLINK(\"x\")" and cell.data_type == "s"


def test_monthly_notice_publish_and_word(client, login, w, db):
    login(w["admin"])
    month = (clock.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    _register(client, w, decided_on=date.fromisoformat(f"{month}-15"))
    assert client.post(f"/reversals/notices/{month}/publish").status_code == 302
    login(w["reviewer"])
    assert "（2025）豫0802民初77号" in client.get(f"/reversals/notices/{month}").get_data(as_text=True)
    login(w["admin"])
    response = client.post(f"/reversals/notices/{month}/docx")
    assert response.status_code == 200 and response.data[:2] == b"PK"


def test_division_head_sees_last_months_meeting_due(client, login, w, db):
    from tests.reversal_helpers import record
    last = clock.today().replace(day=1) - timedelta(days=1)
    record(w, decided_on=last.replace(day=10), today=last.replace(day=10))
    db.session.commit()
    login(w["head"])
    page = client.get("/").get_data(as_text=True)
    assert f"{last:%Y-%m} 案件质量评析会（本部门发改案件 1 件）" in page
