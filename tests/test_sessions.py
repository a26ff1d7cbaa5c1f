"""Sessions can be ended: logging out, a password change, an admin's reset or deactivation end
every other session and remember-me token of that user; a copied cookie stops working."""
from __future__ import annotations

import pytest
from flask import g

from models import Role
from reviewer.auth_loader import parse_session_id
from tests.factories import make_court, make_user


def _fresh_request_globals():
    """In tests the fixture's app context (and so `g`) outlives each request, and Flask-Login keeps
    the loaded user in `g`; in production every request has its own. Start each request afresh."""
    g.pop("_login_user", None)


def _log_in(app, user, remember=False):
    _fresh_request_globals()
    client = app.test_client()
    data = {"username": user.username, "password": "secret-pass"}
    if remember:
        data["remember"] = "y"
    assert client.post("/auth/login", data=data).status_code == 302
    return client


def _copy(app, client, names=("session", "remember_token")):
    """A second browser holding copies of `client`'s cookies (a stolen or shared cookie)."""
    other = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        if cookie is not None:
            other.set_cookie(name, cookie.value)
    return other


def _logged_in(client) -> bool:
    _fresh_request_globals()
    return client.get("/").status_code == 200


def test_a_copied_session_cookie_stops_working_after_logout(app, db):
    user = make_user(court=make_court())
    db.session.commit()
    browser = _log_in(app, user)
    thief = _copy(app, browser, names=("session",))
    assert _logged_in(thief)
    browser.post("/auth/logout")
    assert not _logged_in(browser)
    assert not _logged_in(thief)


def test_a_copied_remember_token_stops_working_after_logout(app, db):
    user = make_user(court=make_court())
    db.session.commit()
    browser = _log_in(app, user, remember=True)
    thief = _copy(app, browser, names=("remember_token",))
    assert _logged_in(thief)  # the remember-me cookie alone opens a new session
    other_device = _log_in(app, user)
    other_device.post("/auth/logout")
    assert not _logged_in(_copy(app, browser, names=("remember_token",)))
    assert not _logged_in(thief)
    assert not _logged_in(browser)


def test_changing_ones_password_ends_other_sessions_but_keeps_this_one(app, db):
    user = make_user(court=make_court())
    db.session.commit()
    laptop, phone = _log_in(app, user, remember=True), _log_in(app, user)
    response = laptop.post("/auth/password", data={"current": "secret-pass", "new": "Qz7-harbour-lamp",
                                                   "confirm": "Qz7-harbour-lamp"})
    assert response.status_code == 302
    assert _logged_in(laptop)
    assert _logged_in(_copy(app, laptop, names=("remember_token",)))  # re-issued with the new version
    assert not _logged_in(phone)


@pytest.mark.parametrize("change", ["password", "deactivate"])
def test_admin_reset_or_deactivation_ends_the_users_sessions(app, db, change):
    court = make_court()
    admin = make_user(roles=(Role.ADMIN,), court=court)
    user = make_user(court=court, display_name="被管理者")
    db.session.commit()
    session = _log_in(app, user, remember=True)
    remembered = _copy(app, session, names=("remember_token",))
    office = _log_in(app, admin)
    data = {"username": user.username, "display_name": user.display_name, "email": "",
            "roles": ["judge"], "court_id": str(court.id), "division_id": "", "active": "y"}
    if change == "password":
        data["password"] = "Qz7-harbour-lamp"
    else:
        del data["active"]
    assert office.post(f"/admin/users/{user.id}/edit", data=data).status_code == 302
    assert not _logged_in(session)
    assert not _logged_in(remembered)
    if change == "deactivate":  # switching the account back on does not revive the old sessions
        data["active"] = "y"
        assert office.post(f"/admin/users/{user.id}/edit", data=data).status_code == 302
        assert not _logged_in(session)


def test_an_ordinary_admin_edit_keeps_the_users_sessions(app, db):
    court = make_court()
    admin = make_user(roles=(Role.ADMIN,), court=court)
    user = make_user(court=court)
    db.session.commit()
    session = _log_in(app, user)
    data = {"username": user.username, "display_name": "改了名字", "email": "", "roles": ["judge"],
            "court_id": str(court.id), "division_id": "", "active": "y"}
    assert _log_in(app, admin).post(f"/admin/users/{user.id}/edit", data=data).status_code == 302
    assert _logged_in(session)


@pytest.mark.parametrize("value, parsed", [("5:2", (5, 2)), ("5", None), ("", None), ("a:1", None),
                                           ("5:", None), ("1:2:3", None), ("9" * 40 + ":1", None)])
def test_session_ids_without_a_current_version_are_refused(value, parsed):
    assert parse_session_id(value) == parsed
