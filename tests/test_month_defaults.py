"""Sensible defaults: month fields are month pickers set to the current evaluation month, the
judgment upload's purpose is 常规评查, and imported files may name a court by its short name."""
import io
import re
from datetime import date

import pytest

from models import Role, ScheduledHearing
from models.court import courts_by_alias
from models.month import current_evaluation_month, evaluation_month
from reviewer.hearings import rounds
from tests.factories import make_court, make_user


@pytest.mark.parametrize("today, expected", [
    (date(2026, 11, 30), "2026-10"),
    (date(2026, 12, 1), "2026-11"),
    (date(2027, 1, 15), "2026-12"),
    (date(2024, 3, 1), "2024-02"),
])
def test_the_evaluation_month_is_the_previous_calendar_month(today, expected):
    assert evaluation_month(today) == expected


def month_input(page: str, name: str = "month") -> str:
    """The value of the month picker named `name` ('' when it has none)."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag is not None, f"no input named {name}"
    assert 'type="month"' in tag.group(0), tag.group(0)
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


@pytest.mark.parametrize("path, name", [
    ("/judgments/upload", "month"),
    ("/caselists/upload", "month"),
    ("/rankings/", "month"),
    ("/bulletins/", "month"),
    ("/exports/", "period"),
    ("/hearings/quotas", "month"),
    ("/hearings/new", "month"),
])
def test_month_pickers_default_to_the_evaluation_month(client, login, db, path, name):
    make_court("豫08")
    login(make_user(roles=(Role.ADMIN,)))
    response = client.get(path)
    assert response.status_code == 200
    assert month_input(response.get_data(as_text=True), name) == current_evaluation_month()


def test_list_filters_stay_empty_meaning_every_month(client, login, db):
    make_court("豫08")
    login(make_user(roles=(Role.ADMIN,)))
    assert month_input(client.get("/draws/").get_data(as_text=True)) == ""


def test_judgment_upload_purpose_defaults_to_routine(client, login, db):
    court = make_court("豫0802")
    login(make_user(roles=(Role.LIAISON,), court=court))
    page = client.get("/judgments/upload").get_data(as_text=True)
    assert re.search(r'<option selected value="routine">常规评查</option>|<option value="routine" selected>', page), page


def test_an_export_of_the_whole_year_takes_the_pickers_year(client, login, db):
    login(make_user(roles=(Role.ADMIN,)))
    response = client.get("/exports/statistics.xlsx", query_string={"period": "2021-04", "scope": "year"})
    assert response.status_code == 200
    assert "2021%E8%AF%84" in response.headers["Content-Disposition"]  # 2021评查统计.xlsx


@pytest.mark.parametrize("written", ["解放区", "解放区法院", "解放区人民法院", "河南省焦作市解放区人民法院", "豫0802"])
def test_a_court_is_found_by_every_name_a_file_may_use(db, written):
    jiefang, wen = make_court("豫0802"), make_court("豫0825", name="温县法院", full_name="河南省温县人民法院")
    found = courts_by_alias([jiefang, wen])
    assert found[written] is jiefang
    assert found["温县"] is wen and found["温县人民法院"] is wen


def test_an_alias_two_courts_share_names_neither(db):
    a = make_court("豫0901", name="甲法院", full_name="河南省甲人民法院")
    b = make_court("豫0902", name="甲县法院", full_name="河南省甲县人民法院")
    b.name = "甲法院x"
    found = courts_by_alias([a, b])
    assert found["甲"] is a and found["甲县"] is b
    c = make_court("豫0903", name="乙法院", full_name="河南省丙人民法院")
    d = make_court("豫0904", name="丙法院", full_name="河南省乙人民法院")
    found = courts_by_alias([c, d])
    assert "乙" not in found and "丙" not in found and found["乙法院"] is c


def test_schedule_import_accepts_short_court_names(db):
    make_court("豫0802"), make_court("豫0825", name="温县法院", full_name="河南省温县人民法院")
    admin = make_user(roles=(Role.ADMIN,))
    schedule = ("法院,案号,案由,开庭时间,法庭,审判长\n"
                "解放区,（2021）豫0802民初5号,民间借贷纠纷,2021-06-01 14:00,第三法庭,王审判长\n"
                "温县,（2021）豫0825民初6号,离婚纠纷,2021-06-02 14:00,第一法庭,赵审判长\n")
    assert rounds.import_schedule(admin, io.BytesIO(schedule.encode())) == (2, 0)
    codes = {h.court.code for h in db.session.query(ScheduledHearing)}
    assert codes == {"豫0802", "豫0825"}
