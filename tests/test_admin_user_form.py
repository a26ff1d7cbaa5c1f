"""The new-user form lists only the chosen court's divisions, with or without the script;
score-sheet item keys appear only in the sheet editor."""
import re

from sqlalchemy import func, select

from models import Role, User
from tests.factories import make_court, make_user


def division_options(page: str) -> list[str]:
    select_ = re.search(r'<select[^>]*name="division_id".*?</select>', page, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select_)


def test_no_division_is_offered_before_a_court_is_chosen(client, login, db):
    make_court("豫08", divisions=("民一庭", "刑一庭")), make_court("豫0802", divisions=("城区人民法庭",))
    login(make_user(roles=(Role.ADMIN,)))
    assert division_options(client.get("/admin/users/new").get_data(as_text=True)) == ["（请先选择法院）"]


def test_choosing_a_court_lists_its_divisions_and_saves_nothing(client, login, db):
    mid = make_court("豫08", divisions=("民一庭", "刑一庭"))
    make_court("豫0802", divisions=("城区人民法庭",))
    login(make_user(roles=(Role.ADMIN,)))
    before = db.session.scalar(select(func.count(User.id)))
    page = client.post("/admin/users/new", data={"username": "newbie", "display_name": "新人", "court_id": mid.id,
                                                 "pick_court": "1"}).get_data(as_text=True)
    assert division_options(page) == ["（无）", "民一庭", "刑一庭"]
    assert 'value="newbie"' in page and "请至少选择一个角色" not in page
    assert db.session.scalar(select(func.count(User.id))) == before
    assert "js/user-form.js" in page and "<script>" not in page   # the script is a file (CSP)


def test_editing_a_user_lists_their_courts_divisions_and_saving_still_checks(client, login, db):
    mid = make_court("豫08", divisions=("民一庭",))
    basic = make_court("豫0802", divisions=("城区人民法庭",))
    judge = make_user(roles=(Role.JUDGE,), court=basic)
    login(make_user(roles=(Role.ADMIN,)))
    assert division_options(client.get(f"/admin/users/{judge.id}/edit").get_data(as_text=True)) == ["（无）", "城区人民法庭"]
    foreign = mid.divisions[0]
    page = client.post(f"/admin/users/{judge.id}/edit", data={
        "username": judge.username, "display_name": judge.display_name, "roles": ["judge"],
        "court_id": basic.id, "division_id": foreign.id, "active": "y", "lock_version": judge.lock_version})
    assert page.status_code == 200 and "所选部门不属于所选法院" in page.get_data(as_text=True)
    db.session.refresh(judge)
    assert judge.division_id != foreign.id


def test_item_keys_are_shown_only_in_the_sheet_editor(client, login, db):
    from reviewer.scoresheets.services import install_default_sheets
    install_default_sheets()
    db.session.commit()
    login(make_user(roles=(Role.ADMIN,)))
    from models import ScoreSheet
    sheet = db.session.scalar(select(ScoreSheet).limit(1))
    key = sheet.items[0].key
    assert key not in client.get(f"/scoresheets/{sheet.id}").get_data(as_text=True)
    assert key in client.get(f"/scoresheets/{sheet.id}/edit").get_data(as_text=True)
