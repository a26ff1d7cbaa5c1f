"""Log-in answers reveal nothing about which accounts exist; weak passwords are refused."""
from __future__ import annotations

import pytest

import reviewer.auth.services as auth_services
from forms.passwords import MIN_LENGTH, password_problem
from tests.factories import make_court, make_user


def _answer(client, username, password="wrong-password"):
    return client.post("/auth/login", data={"username": username, "password": password}).get_data(as_text=True)


def test_unknown_and_known_names_get_the_same_refusal_and_lock(client, db):
    user = make_user(court=make_court())
    db.session.commit()
    for _ in range(auth_services.MAX_FAILURES):
        assert auth_services.WRONG_CREDENTIALS in _answer(client, user.username)
        assert auth_services.WRONG_CREDENTIALS in _answer(client, "no-such-person")
    assert auth_services.LOCKED in _answer(client, user.username, "secret-pass")
    assert auth_services.LOCKED in _answer(client, "no-such-person", "secret-pass")


def test_unknown_name_costs_a_password_hash_like_a_known_one(client, db, monkeypatch):
    user = make_user(court=make_court())
    db.session.commit()
    checked = []
    real = auth_services.check_password_hash
    monkeypatch.setattr(auth_services, "check_password_hash", lambda h, p: checked.append(p) or real(h, p))
    _answer(client, "no-such-person", "guess-1")
    assert checked == ["guess-1"]
    _answer(client, user.username, "guess-2")  # a known name checks its own hash (models.user)
    assert checked == ["guess-1"]


@pytest.mark.parametrize("password", ["short-1", "password123", "1234567890", "qwertyuiop",
                                      "admin123456", "abc12345678", "zhangsan2021"])
def test_short_or_common_passwords_are_refused(password):
    assert password_problem(password, ("zhangsan", "张三")) is not None


@pytest.mark.parametrize("password", ["Qz7-harbour-lamp", "焦作法院评查2021", "reset-pass-456"])
def test_long_uncommon_passwords_are_accepted(password):
    assert len(password) >= MIN_LENGTH
    assert password_problem(password) is None


def test_change_password_form_refuses_a_common_password(client, db, login):
    user = make_user(court=make_court())
    db.session.commit()
    login(user)
    page = client.post("/auth/password", data={"current": "secret-pass", "new": "password1234",
                                               "confirm": "password1234"}).get_data(as_text=True)
    assert "过于常见" in page
    db.session.refresh(user)
    assert user.check_password("secret-pass")
