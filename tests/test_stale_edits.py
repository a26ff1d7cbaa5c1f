"""No silent overwrite: edit forms refuse a save made from a stale page and keep what was typed."""
from __future__ import annotations

import re

import pytest
from flask import g

from models import Court, Division, Judgment, Role, User
from tests.factories import make_court, make_judgment, make_user

VERSION = re.compile(r'name="lock_version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="lock_version"')


def _seen_version(client, url) -> str:
    g.pop("_login_user", None)
    html = client.get(url).get_data(as_text=True)
    match = VERSION.search(html)
    assert match, "the edit form carries the version it was loaded at"
    return match.group(1) or match.group(2)


def _post(client, url, data):
    g.pop("_login_user", None)
    return client.post(url, data=data)


def _cases(db):
    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,), court=court)
    judge = make_user(court=court, display_name="原名")
    division = court.divisions[0]
    judgment = make_judgment(court=court)
    db.session.commit()
    user_data = {"username": judge.username, "email": "", "roles": ["judge"], "court_id": str(court.id),
                 "division_id": "", "active": "y"}
    court_data = {"name": court.name, "full_name": court.full_name, "code": court.code, "level": "basic",
                  "sort_order": "0", "active": "y"}
    meta = {"case_number": judgment.case_number, "court_name_text": judgment.court_name_text or "",
            "doc_type": judgment.doc_type, "cause": judgment.cause, "procedure": "一审", "purpose": "routine",
            "judge_id": "", "parties_text": "原告：张三\n被告：李四", "signatories_text": "审判员：王五"}
    return admin, {
        "user": (f"/admin/users/{judge.id}/edit", user_data, "display_name", User, judge.id, "display_name"),
        "court": (f"/admin/courts/{court.id}/edit", court_data, "full_name", Court, court.id, "full_name"),
        "division": (f"/admin/courts/{court.id}/divisions/{division.id}/edit", {"sort_order": "0", "active": "y"},
                     "name", Division, division.id, "name"),
        "judgment": (f"/judgments/{judgment.id}/edit", meta, "cause", Judgment, judgment.id, "cause"),
    }


@pytest.mark.parametrize("form", ["user", "court", "division", "judgment"])
def test_a_stale_save_is_refused_and_keeps_what_was_typed(app, db, form):
    admin, cases = _cases(db)
    url, base, field, model, row_id, column = cases[form]
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        g.pop("_login_user", None)
        assert client.post("/auth/login", data={"username": admin.username, "password": "secret-pass"}).status_code == 302
    seen_first, seen_second = _seen_version(first, url), _seen_version(second, url)
    assert seen_first == seen_second
    saved = _post(second, url, {**base, field: "第二人的修改", "lock_version": seen_second})
    assert saved.status_code == 302
    stale = _post(first, url, {**base, field: "第一人的修改", "lock_version": seen_first})
    page = stale.get_data(as_text=True)
    assert stale.status_code == 200
    assert "已被他人修改" in page and "第一人的修改" in page
    db.session.expire_all()
    assert getattr(db.session.get(model, row_id), column) == "第二人的修改"
    again = _post(first, url, {**base, field: "第一人重新打开后的修改", "lock_version": _seen_version(first, url)})
    assert again.status_code == 302
    db.session.expire_all()
    assert getattr(db.session.get(model, row_id), column) == "第一人重新打开后的修改"
