"""Every /api/v1 route × every role (issue 15 item 4): refused roles get 403 problem details,
allowed roles never 401/403/500. A new API route without a row here fails the first test.

Roles: the office (admin), the liaison of the judgment's court, another court's liaison, a judge
(judges hold no tokens: 403 everywhere). Tokens are read-write; read-only tokens are refused every
change (tests/test_api.py)."""
from __future__ import annotations

import io

import pytest

from models import Notification, NotificationKind, Role, TokenScope
from reviewer.auth import tokens
from reviewer.caselists.reading import csv_bytes
from tests.draw_helpers import HEADER as CASELIST_HEADER
from tests.evaluation_factories import evaluate
from tests.factories import make_court, make_judgment, make_user
from tests.indicator_helpers import HEADER as REGISTER_HEADER, ROWS as REGISTER_ROWS

ALL = {"admin", "liaison", "other_liaison"}
OWN = {"admin", "liaison"}
ROLES = ("admin", "liaison", "other_liaison", "judge")

# (method, path, allowed roles); {j} judgment, {n} the liaison's notification, {c}/{r} imports
TABLE = [
    ("get", "/api/v1/judgments/", ALL),
    ("post", "/api/v1/judgments/", ALL),          # another court's liaison: 4xx by the rule, not 403
    ("get", "/api/v1/judgments/{j}", OWN),
    ("patch", "/api/v1/judgments/{d}", OWN),      # {d}: a draft (liaisons correct until submitted)
    ("get", "/api/v1/judgments/{j}/evaluation", OWN),
    ("post", "/api/v1/judgments/{d}/submit", OWN),
    ("get", "/api/v1/me", ALL),
    ("get", "/api/v1/notifications", ALL),
    ("post", "/api/v1/notifications/{n}/read", {"liaison"}),   # others: 404, not their notification
    ("post", "/api/v1/notifications/read-all", ALL),
    ("get", "/api/v1/rankings/2021-04", ALL),
    ("get", "/api/v1/exemplars", ALL),
    ("get", "/api/v1/draws", ALL),
    ("get", "/api/v1/top-ten/2021", ALL),
    ("post", "/api/v1/caselists/imports", OWN),   # for the liaison's court
    ("get", "/api/v1/caselists/imports/{c}", OWN),
    ("post", "/api/v1/caselists/imports/{c}/apply", OWN),
    ("post", "/api/v1/register/imports", OWN),
    ("get", "/api/v1/register/imports/{r}", OWN),
    ("post", "/api/v1/register/imports/{r}/apply", OWN),
]
NOT_API_CALLS = {"/api/v1/docs", "/api/v1/openapi.json"}   # the published description: no token


def test_every_api_route_is_in_the_table(app):
    import re

    served = {(method.lower(), re.sub(r"<(?:\w+:)?(\w+)>", "{}", rule.rule))
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1")
              and rule.rule not in NOT_API_CALLS for method in rule.methods - {"HEAD", "OPTIONS"}}
    listed = {(method, re.sub(r"\{\w\}|2021-04|2021$", "{}", path)) for method, path, _ in TABLE}
    assert served == listed


@pytest.fixture
def world(db):
    home, other = make_court("豫0802"), make_court("豫0811")
    people = {"admin": make_user(roles=[Role.ADMIN], court=make_court("豫08")),
              "liaison": make_user(roles=[Role.LIAISON], court=home),
              "other_liaison": make_user(roles=[Role.LIAISON], court=other),
              "judge": make_user(roles=[Role.JUDGE], court=home)}
    judgment = make_judgment(court=home)
    evaluate(judgment, 88, grade="合格")
    note = Notification(user_id=people["liaison"].id, kind=list(NotificationKind)[0], text="通知")
    db.session.add(note)
    db.session.flush()
    return home, people, {"j": judgment.id, "n": note.id}


def _draft(home):
    from models import JudgmentStatus

    return make_judgment(court=home, status=JudgmentStatus.DRAFT).id


def _body(method, path, home):
    if method == "post" and path.endswith("/judgments/"):
        return {"data": {"month": "2021-04", "file": (io.BytesIO(b"not a docx"), "a.docx")}}
    if method == "post" and path.endswith("/caselists/imports"):
        return {"data": {"month": "2021-03", "court_id": str(home.id),
                         "file": (io.BytesIO(csv_bytes([CASELIST_HEADER, ["1", "（2021）豫0802民初1号", "借款",
                                                                          "民一庭", "张三", "2021-03-02", "判决"]])),
                                  "清单.csv")}}
    if method == "post" and path.endswith("/register/imports"):
        return {"data": {"court_id": str(home.id), "as_of": "2021-06-30",
                         "file": (io.BytesIO(csv_bytes([REGISTER_HEADER, *REGISTER_ROWS])), "台账.csv")}}
    if method == "patch":
        return {"json": {"cause": "民间借贷纠纷"}}
    return {}


def _bearer(user) -> dict:
    return {"Authorization": "Bearer " + tokens.create_token(user, "表", TokenScope.WRITE, 30)[1]}


@pytest.mark.parametrize("role", ROLES)
def test_every_api_route_for_every_role(client, db, world, role):
    home, people, ids = world
    headers, office = _bearer(people[role]), _bearer(people["admin"])
    db.session.commit()
    failures = []
    for method, path, allowed in TABLE:
        # fresh imports for each route (made by the office), so an earlier apply changes nothing here
        made = {kind: client.post(f"/api/v1/{kind}/imports", headers=office,
                                  **_body("post", f"/api/v1/{kind}/imports", home))
                for kind in ("caselists", "register")}
        assert all(r.status_code in (201, 202) for r in made.values()), {k: r.get_json() for k, r in made.items()}
        url = path.format(j=ids["j"], n=ids["n"], d=_draft(home), c=made["caselists"].get_json()["id"],
                          r=made["register"].get_json()["id"])
        code = getattr(client, method)(url, headers=headers, **_body(method, path, home)).status_code
        refused = 404 if path.endswith("/{n}/read") else 403   # someone else's notification: not found
        if role == "judge":
            expected_ok = code == 403                          # judges hold no tokens
        elif role in allowed:
            expected_ok = code not in (401, 403, 500)
        else:
            expected_ok = code == refused
        if not expected_ok:
            failures.append((method, path, code))
    assert failures == []
