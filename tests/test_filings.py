"""Monthly filings: deadline rule, compiled month, filing once, lateness, the board, permissions."""
from datetime import date

import pytest
from sqlalchemy import select

from models import JudgmentStatus, Role
from models.filing import MonthlyFiling
from reviewer.errors import DomainError
from reviewer.filings import rules, services
from reviewer.filings.compile import compile_month
from tests.evaluation_factories import evaluate, make_reviewer
from tests.factories import make_court, make_judgment, make_user


@pytest.mark.parametrize("month, filed_on, today, expected", [
    ("2021-03", date(2021, 4, 5), date(2021, 6, 1), rules.BoardState.FILED),
    ("2021-03", date(2021, 4, 6), date(2021, 6, 1), rules.BoardState.LATE),
    ("2021-03", None, date(2021, 4, 3), rules.BoardState.OPEN),
    ("2021-03", None, date(2021, 4, 5), rules.BoardState.OPEN),
    ("2021-03", None, date(2021, 4, 6), rules.BoardState.MISSING),
    ("2021-03", None, date(2021, 3, 31), rules.BoardState.NOT_DUE),
    ("2021-12", None, date(2022, 1, 6), rules.BoardState.MISSING),
    ("2021-12", date(2022, 1, 5), date(2022, 1, 6), rules.BoardState.FILED),
])
def test_board_state_follows_the_deadline_rule(month, filed_on, today, expected):
    assert rules.board_state(month, filed_on, today) == expected


@pytest.mark.parametrize("month, day, expected", [
    ("2021-03", 5, date(2021, 4, 5)), ("2021-12", 10, date(2022, 1, 10)), ("2021-01", 31, date(2021, 2, 28)),
])
def test_deadline_is_a_day_of_the_following_month(month, day, expected):
    assert rules.deadline(month, day) == expected


def test_months_back_crosses_the_year():
    assert rules.months_back("2021-02", 4) == ["2020-11", "2020-12", "2021-01", "2021-02"]


def _court_month():
    court = make_court("豫0802")
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    reviewer = make_reviewer()
    good = make_judgment(court=court, month="2021-03", case_number="（2021）豫0802民初1号")
    evaluate(good, 95, "优秀", reviewers=[reviewer], deductions=[5], reason="个别表述不严谨")
    flawed = make_judgment(court=court, month="2021-03", case_number="（2021）豫0802民初2号")
    evaluate(flawed, 65, "瑕疵", reviewers=[reviewer], deductions=[35], reason="未回应被告抗辩",
             remark="此段事实认定缺少证据分析")
    make_judgment(court=court, month="2021-03", status=JudgmentStatus.SUBMITTED,
                  case_number="（2021）豫0802民初3号")
    make_judgment(court=court, month="2021-03", status=JudgmentStatus.DRAFT)  # not submitted
    make_judgment(court=court, month="2021-04")                              # another month
    return court, liaison, reviewer


def test_compiled_month_counts_grades_items_and_remarks(app, db):
    court, liaison, reviewer = _court_month()
    data = compile_month(court, "2021-03")
    assert data["submitted"] == 3 and data["evaluated"] == 2
    assert data["mean_score"] == "80.00"
    assert {g["label"]: g["count"] for g in data["grades"]} == {"优秀": 1, "合格": 0, "瑕疵": 1, "不合格": 0}
    assert [(i["case_number"], i["deduction"], i["reason"]) for i in data["flawed_items"]] == [
        ("（2021）豫0802民初1号", "5.00", "个别表述不严谨"), ("（2021）豫0802民初2号", "35.00", "未回应被告抗辩")]
    texts = [r["text"] for r in data["remarks"]]
    assert "此段事实认定缺少证据分析" in texts and "总体较好" in texts


def test_compiling_takes_a_fixed_number_of_queries(app, db):
    from tests.conftest import count_queries

    court, liaison, reviewer = _court_month()
    with count_queries() as small:
        compile_month(court, "2021-03")
    for n in range(10, 20):
        evaluate(make_judgment(court=court, month="2021-03"), 90, "优秀", reviewers=[reviewer])
    with count_queries() as large:
        compile_month(court, "2021-03")
    assert small[0] == large[0]


def test_filing_keeps_a_snapshot_and_records_lateness(app, db, monkeypatch):
    court, liaison, reviewer = _court_month()
    monkeypatch.setattr(services, "today_in_china", lambda: date(2021, 4, 3))
    filing = services.file_month(liaison, court, "2021-03", "  已组织整改。 ")
    assert filing.late is False and filing.comments == "已组织整改。"
    assert filing.snapshot["submitted"] == 3 and filing.deadline == date(2021, 4, 5)
    with pytest.raises(DomainError, match="已报备"):
        services.file_month(liaison, court, "2021-03", "")
    monkeypatch.setattr(services, "today_in_china", lambda: date(2021, 5, 9))
    assert services.file_month(liaison, court, "2021-04", "").late is True


def test_a_month_cannot_be_filed_before_it_ends(app, db, monkeypatch):
    court, liaison, reviewer = _court_month()
    monkeypatch.setattr(services, "today_in_china", lambda: date(2021, 3, 31))
    with pytest.raises(DomainError, match="尚未结束"):
        services.file_month(liaison, court, "2021-03", "")


def test_board_shows_filed_late_and_missing(app, db, monkeypatch):
    court, liaison, reviewer = _court_month()
    other = make_court("豫0883")
    make_court("豫08")                                        # intermediate: not on the board
    monkeypatch.setattr(services, "today_in_china", lambda: date(2021, 4, 3))
    services.file_month(liaison, court, "2021-03", "")
    monkeypatch.setattr(services, "today_in_china", lambda: date(2021, 5, 20))
    services.file_month(liaison, court, "2021-04", "")
    courts, cells = services.board(["2021-03", "2021-04", "2021-05"])
    assert [c.code for c in courts] == ["豫0802", "豫0883"]
    assert cells[(court.id, "2021-03")].state == rules.BoardState.FILED
    assert cells[(court.id, "2021-04")].state == rules.BoardState.LATE
    assert cells[(other.id, "2021-04")].state == rules.BoardState.MISSING
    assert cells[(court.id, "2021-05")].state == rules.BoardState.NOT_DUE
    assert services.filing_years() == ["2021"]  # the board links the years that have filings


# --- pages and permissions -----------------------------------------------------------------

def test_liaison_files_own_court_through_the_page(app, db, client, login):
    court, liaison, reviewer = _court_month()
    db.session.commit()
    login(liaison)
    page = client.get(f"/filings/{court.id}/2021-03").get_data(as_text=True)
    assert "未回应被告抗辩" in page and "报备" in page
    assert client.post(f"/filings/{court.id}/2021-03", data={"comments": "本院意见"}).status_code == 302
    filing = db.session.scalar(select(MonthlyFiling))
    assert filing.comments == "本院意见" and filing.filed_by_id == liaison.id
    assert client.get("/filings/").status_code == 200
    assert client.get("/filings/board").status_code == 403


def test_other_roles_cannot_file_or_see_another_court(app, db, client, login):
    court, liaison, reviewer = _court_month()
    other_liaison = make_user(roles=(Role.LIAISON,), court=make_court("豫0883"))
    judge = make_user(roles=(Role.JUDGE,), court=court)
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    db.session.commit()
    for user in (other_liaison, judge, reviewer):
        login(user)
        assert client.get(f"/filings/{court.id}/2021-03").status_code == 403
        assert client.post(f"/filings/{court.id}/2021-03", data={"comments": "x"}).status_code == 403
        assert client.get("/filings/board").status_code == 403
    login(admin)
    assert client.get(f"/filings/{court.id}/2021-03").status_code == 200
    assert client.post(f"/filings/{court.id}/2021-03", data={"comments": "x"}).status_code == 403
    assert client.get("/filings/board").status_code == 200
    assert client.get("/filings/board?year=2021").status_code == 200
    assert client.get("/filings/").status_code == 302
    assert db.session.scalar(select(MonthlyFiling)) is None


def test_intermediate_court_liaison_has_nothing_to_file(app, db, client, login):
    mid = make_court("豫08")
    liaison = make_user(roles=(Role.LIAISON,), court=mid)
    db.session.commit()
    login(liaison)
    assert client.post(f"/filings/{mid.id}/2021-03", data={"comments": "x"}).status_code == 403


def test_the_board_links_the_years_that_have_filings(app, db, client, login, monkeypatch):
    court, liaison, reviewer = _court_month()
    monkeypatch.setattr(services, "today_in_china", lambda: date(2021, 4, 3))
    services.file_month(liaison, court, "2021-03", "")
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    db.session.commit()
    login(admin)
    page = client.get("/filings/board").get_data(as_text=True)  # the recent months: none filed
    assert "有报备记录的年度" in page and "/filings/board?year=2021" in page
