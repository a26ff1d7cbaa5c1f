"""API: the indicators' case register import (issue 15 item 1), checked then applied in the
background by the same jobs as the site, with the site's permissions."""
from __future__ import annotations

import io

from sqlalchemy import func, select

from models import Role, TokenScope
from models.case_register import CaseRecord
from reviewer.auth import tokens
from reviewer.caselists.reading import csv_bytes
from tests.factories import make_court, make_user
from tests.indicator_helpers import HEADER, ROWS


def bearer(user, scope=TokenScope.WRITE) -> dict:
    _token, secret = tokens.create_token(user, "台账对接", scope, 30)
    return {"Authorization": f"Bearer {secret}"}


def _post(client, headers, rows, name="台账.csv", **form):
    data = {"file": (io.BytesIO(csv_bytes([HEADER, *rows])), name), "as_of": "2021-06-30", **form}
    return client.post("/api/v1/register/imports", data=data, headers=headers, content_type="multipart/form-data")


def test_a_court_system_uploads_checks_and_applies_its_register(client, db):
    court = make_court("豫0802")
    liaison = make_user(roles=[Role.LIAISON], court=court)
    headers = bearer(liaison)
    db.session.commit()
    response = _post(client, headers, ROWS)
    assert response.status_code == 202
    item = response.get_json()
    assert item["court_id"] == court.id and item["as_of"] == "2021-06-30"
    checked = client.get(f"/api/v1/register/imports/{item['id']}", headers=headers).get_json()
    assert (checked["status"], checked["row_count"], checked["error_count"]) == ("pending", len(ROWS), 0)
    applied = client.post(f"/api/v1/register/imports/{item['id']}/apply", headers=headers)
    assert applied.status_code == 202
    final = client.get(f"/api/v1/register/imports/{item['id']}", headers=headers).get_json()
    assert final["status"] == "applied" and final["applied_at"]
    assert db.session.scalar(select(func.count()).select_from(CaseRecord)) == len(ROWS)
    again = client.post(f"/api/v1/register/imports/{item['id']}/apply", headers=headers)
    assert again.status_code == 409 and again.mimetype == "application/problem+json"


def test_rows_with_problems_are_listed_and_cannot_be_applied(client, db):
    court = make_court("豫0802")
    liaison = make_user(roles=[Role.LIAISON], court=court)
    headers = bearer(liaison)
    db.session.commit()
    bad = [list(ROWS[0]), ["不是案号", *ROWS[1][1:]]]
    item = _post(client, headers, bad).get_json()
    checked = client.get(f"/api/v1/register/imports/{item['id']}", headers=headers).get_json()
    assert checked["error_count"] == 1 and checked["problems"][0]["problems"]
    refused = client.post(f"/api/v1/register/imports/{item['id']}/apply", headers=headers)
    assert refused.status_code == 409 and "1 行存在问题" in refused.get_json()["detail"]
    assert db.session.scalar(select(func.count()).select_from(CaseRecord)) == 0


def test_permissions_and_bad_input(client, db):
    court, other = make_court("豫0802"), make_court("豫0883")
    own = bearer(make_user(roles=[Role.LIAISON], court=court))
    foreign = bearer(make_user(roles=[Role.LIAISON], court=other))
    read_only = bearer(make_user(roles=[Role.LIAISON], court=court), TokenScope.READ)
    db.session.commit()
    item = _post(client, own, ROWS).get_json()
    assert client.get(f"/api/v1/register/imports/{item['id']}", headers=foreign).status_code == 403
    assert _post(client, foreign, ROWS, court_id=str(court.id)).status_code == 403
    assert _post(client, read_only, ROWS).status_code == 403
    assert _post(client, own, ROWS, name="台账.pdf").status_code == 409
    future = _post(client, own, ROWS, as_of="2999-01-01")
    assert future.status_code == 422 and "as_of" in future.get_json()["errors"]


def test_field_errors_under_an_empty_or_missing_name_still_make_problem_details(app):
    """schemathesis found it: a multipart part whose name decoded to nothing made marshmallow report
    {'': [...], None: [...]}, and JSON could not sort None beside text keys (a 500)."""
    from reviewer.errors import problem

    with app.test_request_context("/api/v1/register/imports"):
        response = problem(422, errors={"": ["Unknown field."], None: ["Unknown field."],
                                        "rows": {0: {None: ["x"]}}})
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"": ["Unknown field."], "rows": {"0": {"": ["x"]}}}
