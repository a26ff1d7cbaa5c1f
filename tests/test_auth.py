"""Logging in and out, changing one's password, and the audit of each."""
from sqlalchemy import select

from models import AuditLog, Role
from tests.factories import make_court, make_user


def test_login_with_right_password_opens_dashboard_and_is_audited(client, db):
    user = make_user(roles=[Role.JUDGE], court=make_court())
    db.session.commit()
    response = client.post("/auth/login", data={"username": user.username, "password": "secret-pass"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    actions = db.session.scalars(select(AuditLog.action)).all()
    assert "login" in actions


def test_wrong_password_is_refused_with_chinese_message_and_audited(client, db):
    user = make_user()
    db.session.commit()
    response = client.post("/auth/login", data={"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "login.failed")) is not None


def test_inactive_user_cannot_log_in(client, db):
    user = make_user(active=False)
    db.session.commit()
    response = client.post("/auth/login", data={"username": user.username, "password": "secret-pass"})
    assert "已停用" in response.get_data(as_text=True)


def test_pages_require_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_open_redirect_after_login_is_refused(client, db):
    user = make_user()
    db.session.commit()
    response = client.post("/auth/login?next=//evil.example/x",
                           data={"username": user.username, "password": "secret-pass"})
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_logout_is_post_only(client, db, login):
    user = make_user()
    db.session.commit()
    login(user)
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_change_password(client, db, login):
    user = make_user()
    db.session.commit()
    login(user)
    response = client.post("/auth/password", data={"current": "secret-pass", "new": "new-pass-123",
                                                   "confirm": "new-pass-123"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password("new-pass-123")


def test_change_password_with_wrong_current_is_refused(client, db, login):
    user = make_user()
    db.session.commit()
    login(user)
    response = client.post("/auth/password", data={"current": "nope", "new": "new-pass-123",
                                                   "confirm": "new-pass-123"})
    assert "当前密码不正确" in response.get_data(as_text=True)


def test_account_locks_after_five_failures_even_for_right_password(client, db):
    user = make_user()
    db.session.commit()
    for _ in range(5):
        client.post("/auth/login", data={"username": user.username, "password": "wrong"})
    response = client.post("/auth/login", data={"username": user.username, "password": "secret-pass"})
    assert "临时锁定" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_security_headers_are_set(client):
    response = client.get("/auth/login")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_logging_in_twice_works_and_times_are_aware(client, db):
    user = make_user()
    db.session.commit()
    for _ in range(2):
        assert client.post("/auth/login", data={"username": user.username, "password": "secret-pass"}).status_code == 302
        client.post("/auth/logout")
    db.session.expire_all()
    assert db.session.get(type(user), user.id).last_login_at.tzinfo is not None
