"""Province-ranked indicators entered by hand (issue 17; INDICATORS.md: basic courts' 诉前化解成功率、
万人成诉率、诉前调解程序适用率 in the province's top 80): entry, checks, stale saves, audit, dashboard."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import AuditLog, CourtLevel, Role
from models.province_rank import ProvinceRank
from reviewer.errors import DomainError
from reviewer.indicators import province
from reviewer.indicators.periods import parse_period
from tests.factories import make_court, make_user


@pytest.fixture
def courts(db):
    basic, other = make_court("豫0802"), make_court("豫0883")
    middle = make_court("豫08", level=CourtLevel.INTERMEDIATE)
    admin = make_user(roles=(Role.ADMIN,))
    liaison = make_user(roles=(Role.LIAISON,), court=basic)
    db.session.commit()
    return {"basic": basic, "other": other, "middle": middle, "admin": admin, "liaison": liaison}


def _version(client, month):
    page = client.get(f"/indicators/province-ranks?month={month}").get_data(as_text=True)
    return re.search(r'name="version" type="hidden" value="([0-9a-f]*)"', page).group(1)


def test_the_office_enters_a_month_and_the_dashboard_shows_it_against_the_top_80(client, login, courts, db):
    basic, other = courts["basic"], courts["other"]
    login(courts["admin"])
    page = client.get("/indicators/province-ranks?month=2021-05").get_data(as_text=True)
    assert basic.name in page and courts["middle"].name not in page   # basic courts only
    form = {"month": "2021-05", "version": _version(client, "2021-05"),
            f"rank_{basic.id}_pre_litigation_success": "12", f"total_{basic.id}_pre_litigation_success": "158",
            f"value_{basic.id}_pre_litigation_success": "63.5",
            f"rank_{other.id}_cases_per_10k": "95"}
    response = client.post("/indicators/province-ranks", data=form)
    assert response.status_code == 302
    rows = {(r.court_id, r.key): r for r in db.session.scalars(select(ProvinceRank))}
    assert (rows[(basic.id, "pre_litigation_success")].rank, rows[(basic.id, "pre_litigation_success")].total,
            rows[(basic.id, "pre_litigation_success")].value) == (12, 158, 63.5)
    assert rows[(other.id, "cases_per_10k")].rank == 95
    audit = db.session.scalars(select(AuditLog).where(AuditLog.action == "indicators.province_rank")).all()
    assert len(audit) == 2 and audit[0].actor_id == courts["admin"].id

    board = client.get("/indicators/?period=2021Q2").get_data(as_text=True)
    table = board[board.index('id="province-ranks"'):]
    assert "第 12 名 / 158" in table and "达标" in table
    assert "第 95 名" in table and "未达标" in table


def test_a_court_sees_only_its_own_ranks(client, login, courts, db):
    basic, other = courts["basic"], courts["other"]
    province.save_month(courts["admin"], "2021-05", {(basic.id, "cases_per_10k"): province.Entry(7),
                                                      (other.id, "cases_per_10k"): province.Entry(99)},
                        province.version("2021-05"))
    db.session.commit()
    login(courts["liaison"])
    board = client.get("/indicators/?period=2021-05").get_data(as_text=True)
    table = board[board.index('id="province-ranks"'):]
    assert "第 7 名" in table and "第 99 名" not in table and other.name not in table
    assert client.get("/indicators/province-ranks").status_code == 403


def test_a_stale_form_is_refused_and_keeps_what_was_typed(client, login, courts, db):
    basic = courts["basic"]
    login(courts["admin"])
    seen = _version(client, "2021-06")
    province.save_month(courts["admin"], "2021-06", {(basic.id, "cases_per_10k"): province.Entry(3)},
                        province.version("2021-06"))   # someone else saved in between
    db.session.commit()
    response = client.post("/indicators/province-ranks", data={
        "month": "2021-06", "version": seen, f"rank_{basic.id}_cases_per_10k": "40"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and province.STALE_MESSAGE in page and 'value="40"' in page
    assert db.session.scalar(select(ProvinceRank.rank)) == 3


@pytest.mark.parametrize("entry, message", [
    (province.Entry(0), "名次应为从 1 开始的整数"),
    (province.Entry(90, total=80), "不能大于参评法院总数"),
    (province.Entry(5, value=120.0), "数值超出范围"),
    (province.Entry(None, total=10), "请同时填写名次"),
])
def test_impossible_figures_are_refused_with_a_chinese_message(courts, db, entry, message):
    with pytest.raises(DomainError, match=message):
        province.save_month(courts["admin"], "2021-05", {(courts["basic"].id, "pre_litigation_success"): entry},
                            province.version("2021-05"))


def test_only_basic_courts_and_known_keys(courts, db):
    for key in ((courts["middle"].id, "cases_per_10k"), (courts["basic"].id, "acceptance")):
        with pytest.raises(DomainError, match="基层法院"):
            province.save_month(courts["admin"], "2021-05", {key: province.Entry(1)}, province.version("2021-05"))


def test_an_empty_rank_removes_the_figure_and_the_latest_month_in_the_period_is_shown(courts, db):
    basic = courts["basic"]
    key = (basic.id, "pre_litigation_mediation")
    for month, rank in (("2021-04", 30), ("2021-05", 20), ("2021-07", 10)):
        province.save_month(courts["admin"], month, {key: province.Entry(rank)}, province.version(month))
    assert province.latest_in(parse_period("2021Q2"), [basic.id])[key].rank == 20
    province.save_month(courts["admin"], "2021-05", {key: province.Entry(None)}, province.version("2021-05"))
    assert province.latest_in(parse_period("2021Q2"), [basic.id])[key].rank == 30
    assert province.latest_in(parse_period("2021Q1"), [basic.id]) == {}
