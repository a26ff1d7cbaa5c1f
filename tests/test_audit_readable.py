"""A readable audit log: Chinese action names, changes as before → after in words, the operator
by name, filters by person, action and date (keyset pages), log-ins in their own view."""
from datetime import datetime, timezone

import pytest

from models import AuditLog, Role
from reviewer.admin.audit_words import Change, action_label, changes, words
from tests.conftest import count_queries
from tests.factories import make_court, make_user


@pytest.mark.parametrize("action, label", [
    ("review.submit", "提交评查表"), ("ranking.publish", "公布月度榜单"), ("login.failed", "登录失败"),
    ("review.brand_new", "评查：brand_new"), ("unknown", "unknown"),
])
def test_action_names_are_chinese_and_new_ones_stay_readable(action, label):
    assert action_label(action) == label


@pytest.mark.parametrize("before, after, expected", [
    ({"status": "draft"}, {"status": "published"}, [Change("状态", "草稿", "已公布")]),
    ({"active": True, "display_name": "甲"}, {"active": False, "display_name": "甲"}, [Change("启用", "是", "否")]),
    (None, {"roles": ["admin", "judge"], "email": None}, [Change("角色", None, "审管办、法官"), Change("邮箱", None, "（空）")]),
    ({"case_number": "（2021）豫0802民初1号"}, None, [Change("案号", "（2021）豫0802民初1号", None)]),
    ({"x": 1}, {"x": 1}, []),
])
def test_changes_are_listed_in_words(before, after, expected):
    assert changes(before, after) == expected


def test_nested_values_are_compact_words():
    assert words({"month": "2021-04", "entries": 6}) == "月份：2021-04；条目：6"


@pytest.fixture
def office(db):
    court = make_court("豫08")
    admin = make_user(roles=(Role.ADMIN,), court=court, username="boss", display_name="审管办张三")
    judge = make_user(roles=(Role.JUDGE,), court=make_court("豫0802"), username="wang", display_name="王法官")
    return admin, judge, court


def _log(actor, action, at, **kw):
    from reviewer.extensions import db
    db.session.add(AuditLog(actor_id=actor.id if actor else None, action=action, at=at, **kw))


def test_the_log_reads_in_chinese_with_names_and_changes(client, login, db, office):
    admin, judge, court = office
    _log(admin, "user.updated", datetime(2021, 5, 3, 2, tzinfo=timezone.utc), summary="修改用户 wang",
         before={"active": True, "court_id": court.id}, after={"active": False, "court_id": court.id})
    _log(None, "evaluation.compute", datetime(2021, 5, 4, 2, tzinfo=timezone.utc))
    db.session.commit()
    login(admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "修改用户" in page and "汇总评查结果" in page and "系统" in page
    assert "审管办张三（boss · 焦作中院）" in page
    assert "启用：</span>是 → 否" in page
    assert '{"active"' not in page and "user.updated</" not in page


def test_court_and_division_ids_are_shown_by_name(client, login, db, office):
    admin, judge, court = office
    other = make_court("豫0802")
    _log(admin, "user.updated", datetime(2021, 5, 3, 2, tzinfo=timezone.utc),
         before={"court_id": court.id}, after={"court_id": other.id})
    db.session.commit()
    login(admin)
    assert "焦作中院 → 解放区法院" in client.get("/admin/audit").get_data(as_text=True)


def test_filters_by_person_action_and_date(client, login, db, office):
    admin, judge, _court = office
    _log(judge, "objection.lodge", datetime(2021, 5, 1, 3, tzinfo=timezone.utc), summary="甲异议")
    _log(admin, "objection.answer", datetime(2021, 5, 2, 3, tzinfo=timezone.utc), summary="乙答复")
    _log(admin, "ranking.publish", datetime(2021, 5, 2, 17, tzinfo=timezone.utc), summary="丙公布")  # 3 May in China
    db.session.commit()
    login(admin)

    def shown(**args):
        page = client.get("/admin/audit", query_string=args).get_data(as_text=True)
        return {s for s in ("甲异议", "乙答复", "丙公布") if s in page}

    assert shown() == {"甲异议", "乙答复", "丙公布"}
    assert shown(actor=judge.id) == {"甲异议"}
    assert shown(action="objection.") == {"甲异议", "乙答复"}
    assert shown(action="ranking.publish") == {"丙公布"}
    assert shown(**{"from": "2021-05-02", "to": "2021-05-02"}) == {"乙答复"}
    assert shown(**{"from": "2021-05-03"}) == {"丙公布"}
    assert shown(**{"from": "not-a-date", "to": "2021-13-40"}) == {"甲异议", "乙答复", "丙公布"}


def test_logins_have_their_own_view(client, login, db, office):
    admin, judge, _court = office
    _log(judge, "login", datetime(2021, 5, 1, 1, tzinfo=timezone.utc), ip="10.0.0.8")
    _log(None, "login.failed", datetime(2021, 5, 1, 2, tzinfo=timezone.utc), summary="用户名 wang", ip="10.0.0.9")
    _log(admin, "ranking.publish", datetime(2021, 5, 2, 3, tzinfo=timezone.utc), summary="丙公布")
    db.session.commit()
    login(admin)   # adds a log-in of its own
    logins = client.get("/admin/audit/logins").get_data(as_text=True)
    assert "10.0.0.8" in logins and "登录失败" in logins and "丙公布" not in logins
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "丙公布" in log and "10.0.0.8" not in log


def test_keyset_pages_keep_the_filters_and_queries_stay_constant(client, login, db, office):
    admin, judge, _court = office
    for n in range(120):
        _log(judge if n % 2 else admin, "review.submit", datetime(2021, 5, 1, tzinfo=timezone.utc),
             summary=f"第{n}条", before={"status": "draft", "court_id": judge.court_id}, after={"status": "submitted"})
    db.session.commit()
    login(admin)
    first = client.get("/admin/audit", query_string={"actor": judge.id}).get_data(as_text=True)
    assert "共 60 条" in first and "下一页" in first and f"actor={judge.id}" in first
    with count_queries() as small:
        client.get("/admin/audit", query_string={"action": "review.submit"})
    for n in range(120):
        _log(admin, "review.submit", datetime(2021, 5, 2, tzinfo=timezone.utc), before={"court_id": judge.court_id})
    db.session.commit()
    with count_queries() as large:
        client.get("/admin/audit", query_string={"action": "review.submit"})
    assert large[0] == small[0]


def test_the_person_is_typed_by_username_or_name_not_picked_from_every_person(client, login, db, office):
    admin, judge, _court = office
    namesake = make_user(roles=(Role.JUDGE,), court=judge.court, username="wang2", display_name="王法官")
    _log(judge, "objection.lodge", datetime(2021, 5, 1, 3, tzinfo=timezone.utc), summary="甲异议")
    _log(namesake, "objection.lodge", datetime(2021, 5, 1, 4, tzinfo=timezone.utc), summary="丁异议")
    _log(admin, "objection.answer", datetime(2021, 5, 2, 3, tzinfo=timezone.utc), summary="乙答复")
    db.session.commit()
    login(admin)

    def shown(**args):
        page = client.get("/admin/audit", query_string=args).get_data(as_text=True)
        return {s for s in ("甲异议", "乙答复", "丁异议") if s in page}

    assert shown(person="wang") == {"甲异议"}
    assert shown(person=" 王法官 ") == {"甲异议", "丁异议"}     # a name two people share
    assert shown(person="无此人") == set()
    assert shown(person="王法官", action="objection.answer") == set()
    assert shown(person="x" * 500) == set()
    page = client.get("/admin/audit", query_string={"actor": judge.id}).get_data(as_text=True)
    assert 'name="person" value="wang"' in page          # a link by id fills in the username
    assert "<option value=\"%d\"" % namesake.id not in page  # no menu of every person
    logins = client.get("/admin/audit/logins", query_string={"person": "boss"}).get_data(as_text=True)
    assert 'value="boss"' in logins and "审管办张三（boss" in logins


def test_the_page_does_not_grow_with_the_people(client, login, db, office):
    admin, _judge, court = office
    _log(admin, "objection.answer", datetime(2021, 5, 2, 3, tzinfo=timezone.utc), summary="乙答复")
    db.session.commit()
    login(admin)
    client.get("/admin/audit")
    with count_queries() as few:
        small = client.get("/admin/audit").get_data(as_text=True)
    for n in range(30):
        make_user(roles=(Role.JUDGE,), court=court, username=f"extra{n}", display_name=f"法官{n}")
    db.session.commit()
    with count_queries() as many:
        large = client.get("/admin/audit").get_data(as_text=True)
    assert many[0] == few[0] and len(large) == len(small) and "extra7" not in large
