"""The request's unit of work (reviewer/web/unit_of_work.py): one commit after the view, a rollback
and the user's message for a broken rule, and views that leave the transaction alone."""
from __future__ import annotations

import ast
from pathlib import Path

from flask import Blueprint

from models import Court, CourtLevel
from reviewer import create_app
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.web.unit_of_work import CONFLICT_MESSAGE, attempt, install, on_error_redirect, each_in_savepoint

ROOT = Path(__file__).resolve().parent.parent
# Views that still handle the transaction themselves, each with its reason: none; keep it so.
STILL_BY_HAND: dict[str, str] = {}


def _transaction_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ("commit", "rollback") \
                and isinstance(node.value, ast.Attribute) and node.value.attr == "session":
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} session.{node.attr}")
        if isinstance(node, ast.ExceptHandler) and isinstance(node.type, ast.Name) and node.type.id == "DomainError":
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} except DomainError")
    return found


def test_views_leave_the_transaction_to_the_request():
    offenders = [hit for path in sorted((ROOT / "reviewer").rglob("*views.py"))
                 if str(path.relative_to(ROOT)) not in STILL_BY_HAND for hit in _transaction_calls(path)]
    assert offenders == []


def _client_with(app, view, methods=("POST",)):
    """A test client of a fresh app (same database) with one throwaway route, wrapped like every view."""
    fresh = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                        "WTF_CSRF_ENABLED": False, "UPLOAD_ROOT": app.config["UPLOAD_ROOT"],
                        "SERVER_NAME": "localhost"})
    bp = Blueprint(f"uow_{view.__name__}", __name__)
    bp.add_url_rule(f"/uow-test/{view.__name__}", view_func=view, methods=list(methods))
    fresh.register_blueprint(bp)
    install(fresh)
    return fresh.test_client(), f"/uow-test/{view.__name__}"


def test_the_request_commits_once_after_the_view(app):
    def makes_a_court():
        db.session.add(Court(code="测1", name="测试法院", full_name="测试法院全称", level=CourtLevel.BASIC))
        db.session.flush()
        return "ok"

    client, url = _client_with(app, makes_a_court)
    assert client.post(url).status_code == 200
    db.session.remove()
    assert db.session.query(Court).filter_by(code="测1").count() == 1


def test_a_broken_rule_rolls_back_and_goes_back_with_the_message(app):
    def refuses():
        db.session.add(Court(code="测2", name="测试法院2", full_name="测试法院全称2", level=CourtLevel.BASIC))
        db.session.flush()
        on_error_redirect("/somewhere")
        raise DomainError("不符合规则。")

    client, url = _client_with(app, refuses)
    response = client.post(url)
    assert response.status_code == 302 and response.location.endswith("/somewhere")
    with client.session_transaction() as session:
        assert ("danger", "不符合规则。") in session["_flashes"]
    db.session.remove()
    assert db.session.query(Court).filter_by(code="测2").count() == 0


def test_a_duplicate_key_becomes_the_conflict_message_and_a_get_gets_409(app):
    def duplicates():
        for _ in range(2):
            db.session.add(Court(code="测3", name="重复", full_name="重复", level=CourtLevel.BASIC))
        db.session.flush()

    client, url = _client_with(app, duplicates, methods=("GET",))
    response = client.get(url)
    assert response.status_code == 409 and CONFLICT_MESSAGE in response.get_data(as_text=True)


def test_attempt_keeps_the_page_and_rolls_back_only_the_attempt(app):
    class Field:
        errors = ()

    field = Field()

    def stays():
        with attempt(field) as outcome:
            db.session.add(Court(code="测4", name="x", full_name="x", level=CourtLevel.BASIC))
            db.session.flush()
            raise DomainError("名称重复。")
        return "failed" if outcome.failed else "ok"

    client, url = _client_with(app, stays)
    assert client.post(url).get_data(as_text=True) == "failed"
    assert field.errors == ["名称重复。"]
    db.session.remove()
    assert db.session.query(Court).filter_by(code="测4").count() == 0


def test_each_in_savepoint_reports_each_refusal_and_keeps_the_others(app):
    def batch():
        def add(code):
            db.session.add(Court(code=code, name=f"批{code}", full_name=f"批量{code}", level=CourtLevel.BASIC))
            db.session.flush()
            if code == "测6":
                raise DomainError("第二项不符合规则。")

        report = each_in_savepoint(["测5", "测6", "测7"], add)
        return ";".join(f"{code}:{message or 'ok'}" for code, message in report)

    client, url = _client_with(app, batch)
    assert client.post(url).get_data(as_text=True) == "测5:ok;测6:第二项不符合规则。;测7:ok"
    db.session.remove()
    assert sorted(c.code for c in db.session.query(Court).filter(Court.code.like("测%"))) == ["测5", "测7"]


def test_a_failure_after_the_savepoints_rolls_back_the_whole_request(app):
    """All or nothing on both databases: a request that read, kept items in savepoints, then failed
    leaves no row. (pysqlite used to begin no transaction before the first SAVEPOINT of a session
    that had only read, so on SQLite releasing that savepoint committed the item for good.)"""
    def batch_then_refuse():
        db.session.query(Court).count()  # the request reads first, as views do
        each_in_savepoint(["测8", "测9"], lambda code: db.session.add(
            Court(code=code, name=f"批{code}", full_name=f"批量{code}", level=CourtLevel.BASIC)))
        on_error_redirect("/somewhere")
        raise DomainError("整批不符合规则。")

    client, url = _client_with(app, batch_then_refuse)
    assert client.post(url).status_code == 302
    db.session.remove()
    assert db.session.query(Court).filter(Court.code.in_(["测8", "测9"])).count() == 0
