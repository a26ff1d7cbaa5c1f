"""Administration: users with several roles, courts and divisions, the audit log, create-admin."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import AuditLog, Court, Division, Role, User
from tests.factories import make_court, make_user


@pytest.fixture
def admin(db):
    user = make_user(roles=[Role.ADMIN], username="boss")
    db.session.commit()
    return user


def user_data(court, **overrides):
    data = {"username": "newjudge", "display_name": "新法官", "password": "long-enough-1",
            "roles": ["judge", "reviewer"], "court_id": str(court.id), "division_id": "",
            "active": "y"}
    data.update(overrides)
    return data


def test_admin_creates_user_with_several_roles_and_it_is_audited(client, db, login, admin):
    court = make_court()
    db.session.commit()
    login(admin)
    response = client.post("/admin/users/new", data=user_data(court))
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.username == "newjudge"))
    assert user.roles == {Role.JUDGE, Role.REVIEWER}
    assert user.check_password("long-enough-1")
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "user.created"))
    assert entry.actor_id == admin.id and entry.after["roles"] == ["judge", "reviewer"]
    assert "password" not in str(entry.after)


def test_admin_marks_division_head_and_changes_roles(client, db, login, admin):
    court = make_court(divisions=("民一庭", "刑事审判庭"))
    division = court.divisions[0]
    user = make_user(roles=[Role.JUDGE], court=court)
    db.session.commit()
    login(admin)
    response = client.post(f"/admin/users/{user.id}/edit", data=user_data(
        court, username=user.username, display_name=user.display_name, password="",
        roles=["judge", "liaison"], division_id=str(division.id), is_division_head="y"))
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.is_division_head and user.division_id == division.id
    assert user.roles == {Role.JUDGE, Role.LIAISON}
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "user.updated"))
    assert entry.before["roles"] == ["judge"] and entry.after["roles"] == ["judge", "liaison"]


def test_division_must_belong_to_the_users_court(client, db, login, admin):
    court = make_court("豫0802")
    other = make_court("豫0883", divisions=("执行局",))
    db.session.commit()
    login(admin)
    page = client.post("/admin/users/new", data=user_data(court, division_id=str(other.divisions[0].id)))
    assert "不属于所选法院" in page.get_data(as_text=True)


def test_admin_deactivates_user_who_then_cannot_log_in(client, db, login, admin):
    court = make_court()
    user = make_user(roles=[Role.JUDGE], court=court)
    db.session.commit()
    login(admin)
    data = user_data(court, username=user.username, display_name=user.display_name, password="",
                     roles=["judge"])
    data.pop("active")
    client.post(f"/admin/users/{user.id}/edit", data=data)
    db.session.refresh(user)
    assert user.active is False
    client.post("/auth/logout")
    page = client.post("/auth/login", data={"username": user.username, "password": "secret-pass"})
    assert "已停用" in page.get_data(as_text=True)


def test_admin_cannot_remove_own_admin_role(client, db, login, admin):
    login(admin)
    page = client.post(f"/admin/users/{admin.id}/edit", data={
        "username": "boss", "display_name": "x", "roles": ["judge"], "active": "y", "court_id": "", "division_id": ""})
    assert "不能取消自己的管理员角色" in page.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.has_role(Role.ADMIN)


def test_duplicate_username_is_refused(client, db, login, admin):
    court = make_court()
    db.session.commit()
    login(admin)
    page = client.post("/admin/users/new", data=user_data(court, username="boss"))
    assert "已被使用" in page.get_data(as_text=True)


def test_liaison_needs_a_court(client, db, login, admin):
    court = make_court()
    db.session.commit()
    login(admin)
    page = client.post("/admin/users/new", data=user_data(court, roles=["liaison"], court_id=""))
    assert "必须选择所属法院" in page.get_data(as_text=True)


def test_admin_edits_courts_and_divisions(client, db, login, admin):
    login(admin)
    response = client.post("/admin/courts/new", data={
        "name": "测试法院", "full_name": "河南省测试县人民法院", "code": "豫0899", "level": "basic",
        "sort_order": "20", "active": "y"})
    assert response.status_code == 302
    court = db.session.scalar(select(Court).where(Court.code == "豫0899"))
    response = client.post(f"/admin/courts/{court.id}/divisions/new", data={"name": "民三庭", "active": "y"})
    assert response.status_code == 302
    assert db.session.scalar(select(Division).where(Division.name == "民三庭")).court_id == court.id
    page = client.post(f"/admin/courts/{court.id}/divisions/new", data={"name": "民三庭", "active": "y"})
    assert "已有名为" in page.get_data(as_text=True)
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"court.created", "division.created"} <= actions


@pytest.mark.parametrize("role", [Role.JUDGE, Role.REVIEWER, Role.LIAISON])
@pytest.mark.parametrize("url", ["/admin/users", "/admin/users/new", "/admin/courts", "/admin/courts/new", "/admin/audit", "/admin/audit/logins"])
def test_only_admins_reach_administration(client, db, login, role, url):
    user = make_user(roles=[role], court=make_court())
    db.session.commit()
    login(user)
    assert client.get(url).status_code == 403


def test_admin_pages_render(client, db, login, admin):
    make_court()
    db.session.commit()
    login(admin)
    for url in ["/admin/users", "/admin/users/new", "/admin/courts", "/admin/courts/new", "/admin/audit", "/admin/audit/logins"]:
        assert client.get(url).status_code == 200, url


def test_create_admin_command(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "--username", "root2", "--name", "审管办",
                                 "--password", "a-long-pass"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "root2"))
    assert user.has_role(Role.ADMIN) and user.check_password("a-long-pass")
    again = runner.invoke(args=["create-admin", "--username", "root2", "--name", "x", "--password", "a-long-pass"])
    assert again.exit_code != 0 and "已存在" in again.output


def test_production_refuses_default_secret():
    from reviewer import create_app
    from reviewer.config import DEV_SECRET

    with pytest.raises(RuntimeError):
        create_app({"ENV_NAME": "production", "SECRET_KEY": DEV_SECRET, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SECRET_KEY"] == "x" * 40
