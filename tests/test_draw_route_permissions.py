"""Every route of case lists, draws, filings, bulletins and exports, for every role.

The matrix names who may use each route; the test fails when a route of these blueprints is
missing from it, so a new route cannot go without a permission check.
"""
from datetime import date

import pytest

from models import Role
from models.caselist import CaseListImport, ImportStatus
from reviewer.caselists import services as caselists
from reviewer.draws import services as draws
from reviewer.exports import kinds as export_kinds
from reviewer.exports import requests as export_requests
from reviewer.filings import services as filings
from tests.draw_helpers import case_rows, court_with_case_list, court_with_heads, csv_file
from tests.factories import make_court, make_user

BLUEPRINTS = ("caselists", "draws", "filings", "bulletins", "exports")
ROLES = ("anonymous", "admin", "liaison", "other_liaison", "reviewer", "judge")
SIGNED_IN = set(ROLES) - {"anonymous"}

# (endpoint, method, url template, roles allowed). {court}, {other}, {import_id}, {draw}, {entry}
# are filled in from the world below; "liaison" is the court's own liaison, "judge" its division head.
MATRIX = [
    ("caselists.index", "GET", "/caselists/", {"admin", "liaison", "other_liaison"}),
    ("caselists.upload", "GET", "/caselists/upload", {"admin", "liaison", "other_liaison"}),
    ("caselists.from_case_register", "POST", "/caselists/from-register", {"admin", "liaison", "other_liaison"}),
    ("caselists.preview", "GET", "/caselists/imports/{import_id}", {"admin", "liaison"}),
    ("caselists.apply", "POST", "/caselists/imports/{import_id}/apply", {"admin", "liaison"}),
    ("caselists.discard", "POST", "/caselists/imports/{import_id}/discard", {"admin", "liaison"}),
    ("caselists.month", "GET", "/caselists/{court}/2021-04", {"admin", "liaison"}),
    ("draws.index", "GET", "/draws/", SIGNED_IN),
    ("draws.detail", "GET", "/draws/{draw}", SIGNED_IN),
    ("draws.entry", "GET", "/draws/entries/{entry}", SIGNED_IN),
    ("draws.upload_drawn", "POST", "/draws/entries/{entry}/upload", {"admin", "liaison"}),
    ("draws.announce", "GET", "/draws/announce", {"admin"}),
    ("draws.perform", "POST", "/draws/{draw}/perform", {"admin"}),
    ("filings.index", "GET", "/filings/", {"admin", "liaison", "other_liaison"}),
    ("filings.board", "GET", "/filings/board", {"admin"}),
    ("filings.detail", "GET", "/filings/{court}/2021-03", {"admin", "liaison"}),
    ("filings.detail", "POST", "/filings/{court}/2021-02", {"liaison"}),
    ("bulletins.index", "GET", "/bulletins/", {"admin"}),
    ("bulletins.published", "GET", "/bulletins/published", SIGNED_IN),
    ("bulletins.published_download", "GET", "/bulletins/published/999999.docx", SIGNED_IN),
    ("bulletins.ranking", "POST", "/bulletins/ranking/2021-03", {"admin"}),
    ("bulletins.draw", "POST", "/bulletins/draw/2021-03", {"admin"}),
    ("bulletins.top_ten", "POST", "/bulletins/top-ten/2021", {"admin"}),
    ("bulletins.filing", "POST", "/bulletins/filing/{court}/2021-03", {"admin", "liaison"}),
    ("exports.index", "GET", "/exports/", {"admin"}),
    ("exports.reviews", "GET", "/exports/reviews.xlsx?period=2021", {"admin"}),
    ("exports.statistics", "GET", "/exports/statistics.xlsx?period=2021", {"admin"}),
    ("exports.judgments_list", "GET", "/exports/lists/judgments.xlsx?month=2021-03", {"admin", "liaison", "other_liaison"}),
    ("exports.hearings_list", "GET", "/exports/lists/hearings.xlsx?month=2021-03", SIGNED_IN),
    ("exports.objections_list", "GET", "/exports/lists/objections.xlsx?status=all", {"admin"}),
    ("exports.evaluations_list", "GET", "/exports/lists/evaluations.xlsx?kind=judgment&month=2021-03", {"admin"}),
    ("exports.reviews", "POST", "/exports/reviews.xlsx", {"admin"}),
    ("exports.statistics", "POST", "/exports/statistics.xlsx", {"admin"}),
    ("exports.judgments_list", "POST", "/exports/lists/judgments.xlsx", {"admin", "liaison", "other_liaison"}),
    ("exports.hearings_list", "POST", "/exports/lists/hearings.xlsx", SIGNED_IN),
    ("exports.objections_list", "POST", "/exports/lists/objections.xlsx", {"admin"}),
    ("exports.mine", "GET", "/exports/mine", SIGNED_IN),
    # an export the admin asked for: only they (or another admin) see and download it
    ("exports.request_page", "GET", "/exports/requests/{export}", {"admin"}),
    ("exports.request_progress", "GET", "/exports/requests/{export}/progress", {"admin"}),
    ("exports.download", "GET", "/exports/requests/{export}/download", {"admin"}),
]


def test_matrix_covers_every_route_and_method(app):
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              if rule.endpoint.split(".")[0] in BLUEPRINTS
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    covered = {(endpoint, method) for endpoint, method, _, _ in MATRIX}
    # A GET+POST form page is covered by its GET when the POST needs the same permission.
    covered |= {("caselists.upload", "POST"), ("draws.announce", "POST")}
    assert routes == covered


@pytest.fixture
def world(app, db, monkeypatch):
    court, heads, liaison = court_with_case_list("豫0802")
    other_court, _, other_liaison = court_with_heads("豫0883")
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    reviewer = make_user(roles=(Role.REVIEWER,), court=make_court("豫0811"))
    draw = draws.announce(admin, court, "2021-03", "福彩3D")
    draws.perform(admin, draw, "3 0 9")
    monkeypatch.setattr(filings, "today_in_china", lambda: date(2021, 4, 2))
    filings.file_month(liaison, court, "2021-03", "")
    export = export_requests.ask(admin, export_kinds.get("reviews"), {"period": "2021"}, 20000)
    db.session.commit()
    return {
        "users": {"admin": admin, "liaison": liaison, "other_liaison": other_liaison,
                  "reviewer": reviewer, "judge": heads[0]},
        "court": court, "other": other_court, "draw": draw, "entry": draw.entries[0], "export": export,
    }


def _pending_import(db, world):
    court, liaison = world["court"], world["users"]["liaison"]
    head = next(h for h in draws.division_heads(court.id) if h.division is not None)
    item = caselists.upload(liaison, court, "2021-04",
                            csv_file(case_rows(court, head, 1, month="2021-04", start=500)), "四月.csv")
    db.session.commit()
    return item


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_routes_it_may(app, db, client, login, world, role):
    if role != "anonymous":
        login(world["users"][role])
    failures = []
    for endpoint, method, template, allowed in MATRIX:
        item = _pending_import(db, world) if "{import_id}" in template else None
        url = template.format(court=world["court"].id, other=world["other"].id,
                              import_id=item.id if item else 0, draw=world["draw"].id,
                              entry=world["entry"].id, export=world["export"].id)
        response = client.open(url, method=method, data={"comments": "x", "public_value": "1"})
        status = response.status_code
        if role == "anonymous":
            ok = status == 302 and "/auth/login" in response.headers.get("Location", "")
        elif role in allowed:
            ok = status < 500 and status != 403 and "/auth/login" not in response.headers.get("Location", "")
        else:
            ok = status == 403
        if not ok:
            failures.append(f"{method} {url} ({endpoint}) → {status}")
        if item is not None and role not in allowed:
            db.session.expire_all()
            assert db.session.get(CaseListImport, item.id).status == ImportStatus.PENDING, url
    assert failures == [], failures
