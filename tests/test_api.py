"""The JSON API under /api/v1: tokens, authentication, problem details, the judgment endpoints with
the site's permissions, cursor pagination, rate limits. A standard HTTP client (the Flask test
client here; tests/test_api_schema.py runs schemathesis over the whole OpenAPI document)."""
from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from models import ApiToken, AuditLog, Notification, NotificationKind, Role, TokenScope, utcnow
from reviewer import create_app
from reviewer.auth import tokens
from tests.evaluation_factories import evaluate
from tests.factories import make_court, make_judgment, make_user

PROBLEM = "application/problem+json"


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def token_for(user, scope=TokenScope.READ, days=30) -> str:
    _token, secret = tokens.create_token(user, "测试对接", scope, days)
    return secret


@pytest.fixture
def city(db):
    home, other = make_court("豫0802"), make_court("豫0811")
    people = {
        "admin": make_user(roles=[Role.ADMIN], court=make_court("豫08")),
        "liaison": make_user(roles=[Role.LIAISON], court=home),
        "other_liaison": make_user(roles=[Role.LIAISON], court=other),
        "judge": make_user(roles=[Role.JUDGE], court=home),
    }
    db.session.commit()
    return home, other, people


def test_the_openapi_document_is_3_1_and_describes_every_endpoint(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    assert {"/api/v1/judgments/", "/api/v1/judgments/{judgment_id}", "/api/v1/judgments/{judgment_id}/evaluation",
            "/api/v1/me", "/api/v1/notifications", "/api/v1/top-ten/{year}",
            "/api/v1/notifications/{notification_id}/read", "/api/v1/notifications/read-all"} <= set(spec["paths"])
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in page and "<script>" not in page  # vendored, CSP-clean


@pytest.mark.parametrize("header", [None, "Bearer ", "Bearer rv_not-a-token", "Basic abc", "Bearer " + "x" * 500])
def test_without_a_valid_token_every_call_is_401_problem_details(client, header):
    response = client.get("/api/v1/me", headers={"Authorization": header} if header else {})
    assert response.status_code == 401 and response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == 401 and body["title"] == "未认证" and "Authorization" in body["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_site_session_does_not_authorise_the_api(client, login, city):
    _home, _other, people = city
    login(people["admin"])
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me").status_code == 401  # no CSRF on the API, so never a cookie


def test_token_is_stored_hashed_shown_once_and_works_until_revoked(client, db, login, city):
    _home, _other, people = city
    login(people["liaison"])
    page = client.post("/account/tokens/", data={"name": "审判流程系统", "scope": "read", "days": "30"}).get_data(
        as_text=True)
    secret = page.split('id="new-token">')[1].split("<")[0]
    assert secret.startswith("rv_") and len(secret) > 40
    row = db.session.scalar(select(ApiToken))
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest() and secret not in row.token_hash
    assert secret not in client.get("/account/tokens/").get_data(as_text=True)  # shown once only
    me = client.get("/api/v1/me", headers=bearer(secret)).get_json()
    assert me["username"] == people["liaison"].username and me["token_name"] == "审判流程系统"
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "api_token.create")) is not None
    client.post(f"/account/tokens/{row.id}/revoke")
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401


def test_expired_tokens_and_deactivated_users_are_refused(client, db, city):
    _home, _other, people = city
    secret = token_for(people["liaison"])
    db.session.scalar(select(ApiToken)).expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401
    other = token_for(people["admin"])
    people["admin"].active = False
    db.session.commit()
    assert client.get("/api/v1/me", headers=bearer(other)).status_code == 401


def test_a_read_only_token_cannot_change_anything(client, db, city):
    _home, _other, people = city
    secret = token_for(people["admin"], TokenScope.READ)
    db.session.commit()
    response = client.post("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 403 and response.mimetype == PROBLEM and "只读" in response.get_json()["detail"]


def test_only_the_office_and_liaisons_hold_tokens(client, login, city):
    _home, _other, people = city
    login(people["judge"])
    assert client.get("/account/tokens/").status_code == 403
    login(people["liaison"])
    assert client.get("/account/tokens/").status_code == 200


def test_judgment_list_is_scoped_like_the_site_and_pages_by_cursor(client, db, city):
    home, other, people = city
    mine = [make_judgment(court=home) for _ in range(5)]
    make_judgment(court=other)
    liaison, admin, judge = (token_for(people[k]) for k in ("liaison", "admin", "judge"))
    db.session.commit()
    seen, cursor = [], None
    for _ in range(3):
        page = client.get("/api/v1/judgments/", query_string={"limit": 2, **({"cursor": cursor} if cursor else {})},
                          headers=bearer(liaison)).get_json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert seen == sorted((j.id for j in mine), reverse=True) and cursor is None
    assert len(client.get("/api/v1/judgments/", headers=bearer(admin)).get_json()["items"]) == 6
    assert client.get("/api/v1/judgments/", headers=bearer(judge)).status_code == 403


@pytest.mark.parametrize("query, field", [({"month": "2021-13"}, "month"), ({"cursor": str(2**31)}, "cursor"),
                                          ({"limit": "0"}, "limit"), ({"status": "x"}, "status")])
def test_bad_filters_are_422_with_the_field(client, db, city, query, field):
    secret = token_for(city[2]["admin"])
    db.session.commit()
    response = client.get("/api/v1/judgments/", query_string=query, headers=bearer(secret))
    assert response.status_code == 422 and response.mimetype == PROBLEM
    assert field in response.get_json()["errors"]


def test_one_judgment_with_findings_and_its_confirmed_evaluation(client, db, city):
    home, _other, people = city
    judgment = make_judgment(court=home, case_number="（2021）豫0802民初77号")
    pending = make_judgment(court=home)
    evaluate(judgment, 86, grade="合格")
    liaison, stranger = token_for(people["liaison"]), token_for(people["other_liaison"])
    db.session.commit()
    detail = client.get(f"/api/v1/judgments/{judgment.id}", headers=bearer(liaison)).get_json()
    assert detail["case_number"] == "（2021）豫0802民初77号" and detail["evaluation_status"] == "已确认"
    assert detail["paragraph_count"] == 12 and isinstance(detail["findings"], list)
    result = client.get(f"/api/v1/judgments/{judgment.id}/evaluation", headers=bearer(liaison)).get_json()
    assert result["score"] == "86.00" and result["grade_label"] == "合格" and result["published"] is False
    assert result["deductions"][0]["deduction"] == "14.00" and result["deductions"][0]["reason"] == "说理不充分"
    missing = client.get(f"/api/v1/judgments/{pending.id}/evaluation", headers=bearer(liaison))
    assert missing.status_code == 404 and "尚未确认" in missing.get_json()["detail"]
    assert client.get(f"/api/v1/judgments/{judgment.id}", headers=bearer(stranger)).status_code == 403
    gone = client.get("/api/v1/judgments/999999", headers=bearer(liaison))
    assert gone.status_code == 404 and gone.mimetype == PROBLEM


def test_notifications_are_the_token_users_own(client, db, city):
    _home, _other, people = city
    db.session.add_all([Notification(user_id=people["liaison"].id, kind=list(NotificationKind)[0], text="给联络员"),
                        Notification(user_id=people["admin"].id, kind=list(NotificationKind)[0], text="给审管办")])
    secret = token_for(people["liaison"])
    db.session.commit()
    texts = [n["text"] for n in client.get("/api/v1/notifications", headers=bearer(secret)).get_json()]
    assert texts == ["给联络员"]


def test_api_and_log_in_are_rate_limited(app, db, city):
    limited = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                          "WTF_CSRF_ENABLED": False, "UPLOAD_ROOT": app.config["UPLOAD_ROOT"],
                          "SERVER_NAME": "localhost", "RATELIMIT_ENABLED": True,
                          "RATELIMIT_STORAGE_URI": "memory://", "API_RATE_LIMIT": "3/minute",
                          "LOGIN_RATE_LIMIT": "2/minute"})
    secret = token_for(city[2]["admin"])
    db.session.commit()
    with limited.app_context():
        client = limited.test_client()
        codes = [client.get("/api/v1/me", headers=bearer(secret)).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        response = client.get("/api/v1/me", headers=bearer(secret))
        assert response.mimetype == PROBLEM and response.get_json()["title"] == "请求过于频繁"
        logins = [client.post("/auth/login", data={"username": "nobody", "password": "x"}).status_code
                  for _ in range(3)]
        assert logins[-1] == 429


ROUTES = ["/api/v1/judgments/", "/api/v1/judgments/{id}", "/api/v1/judgments/{id}/evaluation", "/api/v1/me",
          "/api/v1/notifications"]
EXPECTED = {  # route × role: the same predicates as the site
    "admin": [200, 200, 200, 200, 200],
    "liaison": [200, 200, 200, 200, 200],
    "other_liaison": [200, 403, 403, 200, 200],
    "judge": [403, 403, 403, 403, 403],        # judges hold no tokens
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_every_api_route_for_every_role(client, db, city, role):
    home, _other, people = city
    judgment = make_judgment(court=home)
    evaluate(judgment, 88, grade="合格")
    secret = token_for(people[role])
    db.session.commit()
    codes = [client.get(route.replace("{id}", str(judgment.id)), headers=bearer(secret)).status_code
             for route in ROUTES]
    assert codes == EXPECTED[role]


def test_a_court_system_submits_a_judgment_and_reads_back_its_evaluation_over_http(app, db, city, tmp_path):
    """End to end with a standard HTTP client (requests) against a real server on loopback."""
    import requests

    from tests.browser import live_server
    from tests.docx_builders import docx_bytes

    home, _other, people = city
    secret = token_for(people["liaison"], TokenScope.WRITE)
    db.session.commit()
    lines = ["河南省焦作市解放区人民法院", "民事判决书", "（2021）豫0802民初4321号", "原告：张三。", "被告：李四。",
             "原告张三与被告李四民间借贷纠纷一案，本院依法审理。", "本院认为，借贷关系合法有效。", "判决如下：",
             "被告李四于本判决生效之日起十日内偿还原告张三借款10000元。", "审判员　王五", "二〇二一年四月一日", "书记员　赵六"]
    document = docx_bytes(lines)  # built once: the same bytes twice are a duplicate
    with live_server(app, tmp_path) as base, requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {secret}"
        created = http.post(f"{base}/api/v1/judgments/", data={"month": "2021-04"},
                            files={"file": ("判决书.docx", document, "application/octet-stream")}, timeout=30)
        assert created.status_code == 201, created.text
        judgment = created.json()
        assert judgment["case_number"] == "（2021）豫0802民初4321号" and judgment["status"] == "draft"
        again = http.post(f"{base}/api/v1/judgments/", data={"month": "2021-04"},
                          files={"file": ("判决书.docx", document, "application/octet-stream")}, timeout=30)
        assert again.status_code == 409 and again.headers["Content-Type"].startswith(PROBLEM)
        fixed = http.patch(f"{base}/api/v1/judgments/{judgment['id']}", json={"cause": "民间借贷纠纷"}, timeout=30)
        assert fixed.status_code == 200 and fixed.json()["cause"] == "民间借贷纠纷"
        bad = http.patch(f"{base}/api/v1/judgments/{judgment['id']}", json={"case_number": "不是案号"}, timeout=30)
        assert bad.status_code == 409 and "案号" in bad.json()["detail"]
        submitted = http.post(f"{base}/api/v1/judgments/{judgment['id']}/submit", json={}, timeout=30)
        assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
        assert http.get(f"{base}/api/v1/judgments/{judgment['id']}/evaluation", timeout=30).status_code == 404
        db.session.expire_all()
        from models import Judgment
        evaluate(db.session.get(Judgment, judgment["id"]), 92, grade="优秀")
        db.session.commit()
        result = http.get(f"{base}/api/v1/judgments/{judgment['id']}/evaluation", timeout=30).json()
        assert result["grade_label"] == "优秀" and result["score"] == "92.00"
    entries = db.session.scalars(select(AuditLog).where(AuditLog.action.like("judgment.%"))).all()
    assert entries and all("[API 令牌“测试对接”]" in (e.summary or "") for e in entries)


def _published_month(judgment, month="2021-04"):
    from datetime import datetime, timezone

    from models.ranking import ListKind, MonthlyRanking, RankingEntry, RankingStatus
    from reviewer.exemplars import search

    ranking = MonthlyRanking(month=month, status=RankingStatus.PUBLISHED,
                             published_at=datetime(2021, 5, 10, tzinfo=timezone.utc))
    ranking.entries.append(RankingEntry(kind=ListKind.EXCELLENT, position=1, judgment_id=judgment.id, score=92,
                                        grade="EXCELLENT", reason="说理充分"))
    search.index_judgment(judgment)
    db_session = search.db.session
    db_session.add(ranking)
    db_session.flush()
    return ranking


def test_published_lists_and_the_exemplar_search(client, db, city):
    home, _other, people = city
    judgment = make_judgment(court=home, case_number="（2021）豫0802民初5号", cause="机动车交通事故责任纠纷")
    _published_month(judgment)
    secret = token_for(people["other_liaison"])
    db.session.commit()
    board = client.get("/api/v1/rankings/2021-04", headers=bearer(secret)).get_json()
    assert board["entries"][0]["case_number"] == "（2021）豫0802民初5号" and board["entries"][0]["reason"] == "说理充分"
    assert board["entries"][0]["score"] == "92.00"
    assert client.get("/api/v1/rankings/2021-05", headers=bearer(secret)).status_code == 404
    assert client.get("/api/v1/rankings/2021-13", headers=bearer(secret)).status_code == 404
    found = client.get("/api/v1/exemplars", query_string={"q": "交通事故"}, headers=bearer(secret)).get_json()
    assert [e["judgment_id"] for e in found] == [judgment.id]
    assert client.get("/api/v1/exemplars", query_string={"q": "没有这个词语"}, headers=bearer(secret)).get_json() == []


def test_draws_carry_what_is_needed_to_verify_them(client, db, city):
    from reviewer.draws import services as draws
    from tests.draw_helpers import court_with_case_list

    court, _heads, liaison = court_with_case_list("豫0821", counts=(4, 2, 0))
    draw = draws.announce(city[2]["admin"], court, "2021-03", "福彩3D")
    draws.perform(city[2]["admin"], draw, "3 0 9")
    secret = token_for(liaison)
    db.session.commit()
    [record] = client.get("/api/v1/draws", query_string={"month": "2021-03"}, headers=bearer(secret)).get_json()
    assert record["public_value"] == "3 0 9" and record["status"] == "drawn"
    drawn = [e for e in record["entries"] if e["result_case_number"]]
    assert len(drawn) == 2 and all(e["list_hash"] and e["seed"] and e["candidates"] for e in drawn)
    assert all(problems == [] for problems in record["problems"].values())  # re-run by the platform: verified


def test_the_draws_list_runs_the_same_statements_for_one_draw_and_for_several(client, db, city):
    """The verification of every listed draw reads the case lists in one query (it was one per draw:
    206 statements for the 200 draws of ten years' data, scripts/bench_pages.py)."""
    from reviewer.draws import services as draws
    from tests.conftest import count_queries
    from tests.draw_helpers import court_with_case_list

    admin = city[2]["admin"]
    court, _heads, liaison = court_with_case_list("豫0821", counts=(4, 2, 0))
    secret = token_for(liaison)

    def listed() -> tuple[int, int]:
        db.session.commit()
        with count_queries() as n:
            records = client.get("/api/v1/draws", headers=bearer(secret)).get_json()
        return len(records), n[0]

    draws.perform(admin, draws.announce(admin, court, "2021-03", "福彩3D"), "3 0 9")
    listed()                                # the token's first use writes its last-use time
    one, statements = listed()
    for code, value in (("豫0822", "1 2 3"), ("豫0823", "4 5 6"), ("豫0882", "7 8 9")):
        other, _heads, _liaison = court_with_case_list(code, counts=(3, 1, 2))
        draws.perform(admin, draws.announce(admin, other, "2021-03", "福彩3D"), value)
    several, statements_then = listed()
    assert (one, several) == (1, 4)
    assert statements_then == statements
    newest = client.get("/api/v1/draws", query_string={"limit": 2}, headers=bearer(secret)).get_json()
    assert [(r["month"], r["court"]) for r in newest] == [(r["month"], r["court"]) for r in
                                                          client.get("/api/v1/draws", headers=bearer(secret)).get_json()[:2]]
    assert client.get("/api/v1/draws", query_string={"limit": 0}, headers=bearer(secret)).status_code == 422


def test_case_lists_are_previewed_then_applied_as_one_unit(client, db):
    from models import ClosedCase
    from tests.draw_helpers import case_rows, court_with_heads, csv_file

    court, heads, liaison = court_with_heads("豫0822")
    write, read = token_for(liaison, TokenScope.WRITE), token_for(liaison, TokenScope.READ)
    db.session.commit()
    rows = case_rows(court, heads[0], 3) + [[9, "不是案号", "民间借贷纠纷", heads[0].division.name,
                                                heads[0].display_name, "2021-03-09", "判决"]]
    upload = {"month": "2021-03", "file": (csv_file(rows), "结案清单.csv")}
    assert client.post("/api/v1/caselists/imports", data=upload, headers=bearer(read)).status_code == 403
    upload = {"month": "2021-03", "file": (csv_file(rows), "结案清单.csv")}
    preview = client.post("/api/v1/caselists/imports", data=upload, headers=bearer(write))
    assert preview.status_code == 201, preview.get_data(as_text=True)
    body = preview.get_json()
    assert body["row_count"] == 4 and body["error_count"] == 1 and body["rows"][3]["problems"]
    refused = client.post(f"/api/v1/caselists/imports/{body['id']}/apply", headers=bearer(write))
    assert refused.status_code == 409 and "1 行存在问题" in refused.get_json()["detail"]
    assert db.session.query(ClosedCase).count() == 0
    good = {"month": "2021-03", "file": (csv_file(rows[:3]), "结案清单.csv")}
    clean = client.post("/api/v1/caselists/imports", data=good, headers=bearer(write)).get_json()
    applied = client.post(f"/api/v1/caselists/imports/{clean['id']}/apply", headers=bearer(write)).get_json()
    assert applied["status"] == "applied"
    assert db.session.query(ClosedCase).filter_by(court_id=court.id, month="2021-03").count() == 3


def test_a_case_list_whose_sheet_declares_a1_is_read_whole(client, db, shared_dir):
    from tests.draw_helpers import court_with_heads

    _court, _heads, liaison = court_with_heads("豫0811")
    secret = token_for(liaison, TokenScope.WRITE)
    db.session.commit()
    sample = (shared_dir / "data" / "field" / "caselist_dimension_a1.xlsx").read_bytes()
    import io
    response = client.post("/api/v1/caselists/imports", headers=bearer(secret),
                           data={"month": "2021-03", "file": (io.BytesIO(sample), "结案清单.xlsx")})
    assert response.status_code == 201 and response.get_json()["row_count"] == 3


def test_rate_limits_are_read_from_the_environment():
    """README and docs/api.md name LOGIN_RATE_LIMIT and API_RATE_LIMIT as settings: the
    configuration reads them (a court behind one proxy address raises the log-in limit)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, LOGIN_RATE_LIMIT="200/minute", API_RATE_LIMIT="50/minute")
    out = subprocess.run([sys.executable, "-c", "from reviewer.config import Config as C; "
                          "print(C.LOGIN_RATE_LIMIT, C.API_RATE_LIMIT)"],
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    assert out == ["200/minute", "50/minute"]
