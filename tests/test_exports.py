"""Spreadsheet exports: every review item by item, statistics, fixed query count, admin only."""
import io

import pytest
from openpyxl import load_workbook

from models import Role
from reviewer.errors import DomainError
from reviewer.exports import workbooks
from tests.conftest import count_queries
from tests.evaluation_factories import evaluate, make_reviewer
from tests.factories import make_court, make_judgment, make_user


def _rows(stream, sheet=None):
    workbook = load_workbook(stream if hasattr(stream, "read") else io.BytesIO(stream), read_only=True)
    ws = workbook[sheet] if sheet else workbook.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _data():
    court = make_court("豫0802")
    judge = make_user(court=court, display_name="王法官")
    first, second = make_reviewer(), make_reviewer()
    first.display_name, second.display_name = "甲评查员", "乙评查员"
    j1 = make_judgment(court=court, month="2021-03", case_number="（2021）豫0802民初1号", judge=judge)
    evaluate(j1, 90, "优秀", reviewers=[first, second], deductions=[8, 12], reason="说理略简")
    j2 = make_judgment(court=court, month="2021-04", case_number="（2021）豫0802民初2号", judge=judge)
    evaluate(j2, 60, "瑕疵", reviewers=[first], deductions=[40], reason="未回应抗辩")
    return court, first, second


def test_reviews_export_lists_every_item_of_every_review_with_reasons(app, db):
    _data()
    rows = _rows(workbooks.reviews_workbook("2021-03"))
    assert rows[0] == workbooks.REVIEW_COLUMNS
    body = rows[1:]
    assert len(body) == 2 * 3                       # two reviews × three items of the sheet
    reasoning = [r for r in body if r[10] == "释法说理充分"]
    assert sorted((r[6], r[12], r[13]) for r in reasoning) == [
        ("乙评查员", 12.0, "说理略简"), ("甲评查员", 8.0, "说理略简")]
    assert all(r[3] == "（2021）豫0802民初1号" and r[5] == "王法官" and r[16] == 90.0 and r[17] == "优秀"
               for r in body)
    untouched = [r for r in body if r[10] == "裁判主文明确"]
    assert untouched and all(r[12] == 0.0 and not r[13] for r in untouched)


def test_year_export_covers_every_month(app, db):
    _data()
    body = _rows(workbooks.reviews_workbook("2021"))[1:]
    assert {r[1] for r in body} == {"2021-03", "2021-04"}
    assert len(body) == 3 * 3


def test_statistics_per_court_and_reviewer(app, db):
    court, first, second = _data()
    stream = workbooks.statistics_workbook("2021")
    courts = _rows(stream, "法院统计")
    assert courts[0] == ["法院", "报送文书", "已评定", "平均分", "优秀", "合格", "瑕疵", "不合格"]
    assert ["解放区法院", 2, 2, 75.0, 1, 0, 1, 0] in courts
    stream.seek(0)
    people = {r[0]: r for r in _rows(stream, "评查员统计")[1:]}
    assert people["甲评查员"][2:4] == [2, 24.0]
    assert people["乙评查员"][2:4] == [1, 12.0]
    assert people["乙评查员"][4] == round(12.0 - 60 / 3, 2)


def test_export_query_count_does_not_grow_with_rows(app, db):
    court, first, second = _data()
    with count_queries() as small:
        workbooks.reviews_workbook("2021")
    for n in range(10):
        evaluate(make_judgment(court=court, month="2021-05"), 80, "合格", reviewers=[first])
    with count_queries() as large:
        workbooks.reviews_workbook("2021")
    assert small[0] == large[0]


@pytest.mark.parametrize("period", ["2021-13", "21", "", "2021/03"])
def test_bad_period_is_refused(app, db, period):
    with pytest.raises(DomainError):
        workbooks.reviews_workbook(period)


@pytest.mark.parametrize("roles", [(Role.LIAISON,), (Role.JUDGE,), (Role.REVIEWER,)])
def test_only_the_admin_exports(app, db, client, login, roles):
    user = make_user(roles=roles, court=make_court("豫0802"))
    db.session.commit()
    login(user)
    for url in ("/exports/", "/exports/reviews.xlsx?period=2021", "/exports/statistics.xlsx?period=2021"):
        assert client.get(url).status_code == 403, url


def test_admin_downloads_both_workbooks(app, db, client, login):
    _data()
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    db.session.commit()
    login(admin)
    assert client.get("/exports/").status_code == 200
    response = client.get("/exports/reviews.xlsx?period=2021-03")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert len(_rows(response.data)) == 7
    assert client.get("/exports/statistics.xlsx?period=2021").status_code == 200
    assert client.get("/exports/reviews.xlsx?period=bad").status_code == 302


def test_statistics_query_count_does_not_grow_with_rows(app, db):
    court, first, second = _data()
    with count_queries() as small:
        workbooks.statistics_workbook("2021")
    other = make_court("豫0883")
    for n in range(6):
        evaluate(make_judgment(court=other if n % 2 else court, month="2021-05"), 80, "合格",
                 reviewers=[first, make_reviewer()])
    with count_queries() as large:
        workbooks.statistics_workbook("2021")
    assert small[0] == large[0]


def test_statistics_count_only_confirmed_grades_like_the_statistics_page(app, db):
    court, first, second = _data()
    pending = evaluate(make_judgment(court=court, month="2021-03"), 50, "不合格", reviewers=[first])
    pending.final_grade = None
    pending.confirmed_at = None
    db.session.flush()
    courts = _rows(workbooks.statistics_workbook("2021"), "法院统计")
    assert ["解放区法院", 3, 2, 75.0, 1, 0, 1, 0] in courts


def test_statistics_workbook_has_hearing_sheets(app, db):
    from tests.evaluation_factories import make_evaluated_hearing

    court, first, second = _data()
    make_evaluated_hearing(court, 90, "优秀", month="2021-04", reviewers=[first], deductions=[10])
    make_evaluated_hearing(court, 70, "合格", month="2021-04", reviewers=[second], deductions=[30])
    stream = workbooks.statistics_workbook("2021")
    hearings = _rows(stream, "庭审法院统计")
    assert hearings[0][:2] == ["法院", "报送录像"]
    assert ["解放区法院", 2, 2, 80.0, 1, 1, 0, 0] in hearings
    stream.seek(0)
    people = {r[0]: r for r in _rows(stream, "庭审评查员统计")[1:]}
    assert people["甲评查员"][2:4] == [1, 10.0] and people["乙评查员"][2:4] == [1, 30.0]
    stream.seek(0)
    assert ["解放区法院", 2, 2, 75.0, 1, 0, 1, 0] in _rows(stream, "法院统计")  # judgments unchanged
