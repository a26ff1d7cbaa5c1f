"""Print and download for everyone: print stylesheet and header, print buttons, published Word
bulletins for judges, list pages exported to Excel with their filters (formula-like text kept text)."""
import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from models import Objection, Role
from models.ranking import ListKind, MonthlyRanking, RankingStatus
from tests.conftest import REPO
from tests.evaluation_factories import evaluate, publish_exemplars
from tests.factories import make_court, make_judgment, make_user


def test_every_page_carries_the_print_stylesheet_and_a_header_with_court_and_date(client, login, db):
    login(make_user(roles=(Role.JUDGE,), court=make_court("豫0802")))
    page = client.get("/exemplars/").get_data(as_text=True)
    assert "css/print.css" in page
    header = re.search(r'<header class="print-header".*?</header>', page, re.S).group(0)
    assert "河南省焦作市解放区人民法院" in header and "打印日期：" in header and "范例库" in header
    css = (REPO / "reviewer/static/css/print.css").read_text(encoding="utf-8")
    assert "counter(page)" in css and "@page" in css and "nav" in css and "display: none" in css


def test_the_monthly_list_compare_and_evaluation_pages_have_a_print_button(client, login, db):
    court = make_court("豫0802")
    judge = make_user(roles=(Role.JUDGE,), court=court)
    judgment = make_judgment(court=court, judge=judge)
    evaluate(judgment, 92)
    publish_exemplars([(judgment, ListKind.EXCELLENT)])
    db.session.commit()
    login(make_user(roles=(Role.ADMIN,), court=make_court("豫08")))
    for url in ("/rankings/2021-04", f"/reviews/judgment/{judgment.id}/compare"):
        response = client.get(url)
        assert response.status_code == 200 and "data-print" in response.get_data(as_text=True), url
    login(judge)
    assert "data-print" in client.get(f"/objections/judgment/{judgment.id}").get_data(as_text=True)


@pytest.fixture
def issued(client, login, db):
    court = make_court("豫0802")
    judgment = make_judgment(court=court, case_number="（2021）豫0802民初77号")
    evaluate(judgment, 93)
    publish_exemplars([(judgment, ListKind.EXCELLENT)])
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    db.session.commit()
    login(admin)
    assert client.post("/bulletins/ranking/2021-04").status_code == 200
    return judgment


def test_a_judge_downloads_the_published_word_bulletin(client, login, db, issued):
    login(make_user(roles=(Role.JUDGE,), court=make_court("豫0883")))
    page = client.get("/bulletins/published").get_data(as_text=True)
    assert "2021年4月优秀、瑕疵裁判文书张榜通报" in page
    link = re.search(r'href="(/bulletins/published/\d+\.docx)"', page).group(1)
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    number = re.search(r"〔\d{4}〕\d+号", page).group(0)
    assert number in text


def test_a_withdrawn_list_takes_its_bulletin_away(client, login, db, issued):
    ranking = db.session.scalar(select(MonthlyRanking))
    ranking.status = RankingStatus.DRAFT
    db.session.commit()
    login(make_user(roles=(Role.JUDGE,), court=make_court("豫0883")))
    assert "优秀、瑕疵裁判文书张榜通报" not in client.get("/bulletins/published").get_data(as_text=True)
    from models.bulletin import Bulletin
    bulletin = db.session.scalar(select(Bulletin))
    response = client.get(f"/bulletins/published/{bulletin.id}.docx")
    assert response.status_code == 302
    assert "已撤回或尚未公布" in client.get(response.headers["Location"]).get_data(as_text=True)


def _sheet(response):
    assert response.status_code == 200, response.status_code
    return [list(r) for r in load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True)]


def test_the_judgment_list_exports_with_its_filters_and_keeps_formulas_as_text(client, login, db):
    court = make_court("豫0802")
    make_judgment(court=court, month="2021-03", cause="=HYPERLINK(\"http://x\")")
    make_judgment(court=court, month="2021-04", cause="民间借贷纠纷")
    login(make_user(roles=(Role.LIAISON,), court=court))
    page = client.get("/judgments/?month=2021-03").get_data(as_text=True)
    assert "/exports/lists/judgments.xlsx?month=2021-03" in page
    rows = _sheet(client.get("/exports/lists/judgments.xlsx?month=2021-03"))
    assert rows[0][:4] == ["月份", "法院", "案号", "案由"] and len(rows) == 2
    assert rows[1][0] == "2021-03" and rows[1][3] == "=HYPERLINK(\"http://x\")"
    cell = load_workbook(io.BytesIO(client.get("/exports/lists/judgments.xlsx?month=2021-03").data)).active["D2"]
    assert cell.data_type == "s"


def test_a_liaison_exports_only_their_own_courts_judgments(client, login, db):
    mine, other = make_court("豫0802"), make_court("豫0883")
    make_judgment(court=mine), make_judgment(court=other)
    login(make_user(roles=(Role.LIAISON,), court=mine))
    rows = _sheet(client.get("/exports/lists/judgments.xlsx"))
    assert {r[1] for r in rows[1:]} == {mine.name}


def test_objections_hearings_and_evaluations_export(client, login, db):
    court = make_court("豫0802")
    judge = make_user(roles=(Role.JUDGE,), court=court)
    judgment = make_judgment(court=court, judge=judge)
    evaluate(judgment, 81, "合格")
    db.session.add(Objection(judgment_id=judgment.id, raised_by_id=judge.id, text="+请复核"))
    db.session.commit()
    login(make_user(roles=(Role.ADMIN,), court=make_court("豫08")))
    rows = _sheet(client.get("/exports/lists/objections.xlsx?status=open"))
    assert rows[1][5] == "+请复核" and rows[1][3] == judge.display_name
    assert "/exports/lists/objections.xlsx?status=open" in client.get("/objections/").get_data(as_text=True)
    evaluations = _sheet(client.get("/exports/lists/evaluations.xlsx?kind=judgment&month=2021-04"))
    assert len(evaluations) == 2 and evaluations[1][9] == "合格"
    assert "/exports/lists/evaluations.xlsx" in client.get("/reviews/assign?kind=judgment&month=2021-04").get_data(as_text=True)
    assert _sheet(client.get("/exports/lists/hearings.xlsx?month=2021-04"))[0][0] == "月份"
    assert client.get("/exports/lists/hearings.xlsx?status=nonsense").status_code == 400
    assert client.get("/exports/lists/evaluations.xlsx?kind=judgment&month=2021-13").status_code == 404
