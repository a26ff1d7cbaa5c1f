"""Every route of the indicators blueprint, for every role: allowed (anything but 403) or 403.

A new `indicators.*` route without a row here fails `test_every_indicators_route_is_in_the_table`.
"""
from __future__ import annotations

import pytest

from models import Role
from reviewer.indicators import imports, reports
from tests.factories import make_court, make_user
from tests.indicator_helpers import ROWS, csv_file, upload

ROLES = ("anonymous", "admin", "liaison", "other_liaison", "judge", "head", "reviewer")
ADMIN = {"admin"}
WITH_COURT = {"admin", "liaison", "other_liaison", "judge", "head"}
OWN_COURT = {"admin", "liaison", "judge", "head"}
LIAISONS = {"admin", "liaison", "other_liaison"}
IMPORTERS = {"admin", "liaison"}
CASES = "court={court}&key=acceptance&period=2021-03"

ROUTES = [
    ("get", "indicators.index", "/indicators/?period=2021Q1", WITH_COURT),
    ("get", "indicators.export", "/indicators/export.csv?period=2021-03", WITH_COURT),
    ("get", "indicators.cases", "/indicators/cases?" + CASES, OWN_COURT),
    ("get", "indicators.cases_csv", "/indicators/cases.csv?" + CASES, OWN_COURT),
    ("get", "indicators.watch_lists", "/indicators/watch", WITH_COURT),
    ("post", "indicators.remind", "/indicators/watch/remind", ADMIN),
    ("get", "indicators.imports_index", "/indicators/imports", LIAISONS),
    ("get", "indicators.upload", "/indicators/imports/new", LIAISONS),
    ("get", "indicators.preview", "/indicators/imports/{pending}", IMPORTERS),
    ("get", "indicators.import_progress", "/indicators/imports/{pending}/progress", IMPORTERS),
    ("post", "indicators.apply", "/indicators/imports/{pending}/apply", IMPORTERS),
    ("post", "indicators.discard", "/indicators/imports/{pending}/discard", IMPORTERS),
    ("get", "indicators.mapping", "/indicators/mapping/{court}", ADMIN),
    ("get", "indicators.settings", "/indicators/settings", ADMIN),
    ("get", "indicators.province_ranks", "/indicators/province-ranks?month=2021-03", ADMIN),
    ("post", "indicators.province_ranks", "/indicators/province-ranks", ADMIN),
    ("post", "indicators.save_target", "/indicators/targets", ADMIN),
    ("get", "indicators.reports_index", "/indicators/reports", ADMIN),
    ("post", "indicators.issue_report", "/indicators/reports/issue", ADMIN),
    ("get", "indicators.download_report", "/indicators/reports/{report}/download", ADMIN),
]


@pytest.fixture
def world(app, db, tmp_path):
    court, other = make_court("豫0802"), make_court("豫0883")
    head = make_user(roles=(Role.JUDGE,), court=court, division=court.divisions[0], is_division_head=True)
    people = {
        "admin": make_user(roles=(Role.ADMIN,)),
        "liaison": make_user(roles=(Role.LIAISON,), court=court),
        "other_liaison": make_user(roles=(Role.LIAISON,), court=other),
        "judge": make_user(roles=(Role.JUDGE,), court=court),
        "head": head,
        "reviewer": make_user(roles=(Role.REVIEWER,), court=other),
    }
    imports.apply(None, upload(court, csv_file(tmp_path, ROWS)))
    pending = upload(court, csv_file(tmp_path, ROWS[:2], name="b.csv"))
    report = reports.issue(people["admin"], "monthly", "2021-03", "意见。")
    db.session.commit()
    return people, {"court": court.id, "pending": pending.id, "report": report.id}


def test_every_indicators_route_is_in_the_table(app):
    served = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("indicators.")}
    assert served == {endpoint for _m, endpoint, _u, _w in ROUTES}


def _data(endpoint: str) -> dict:
    if endpoint == "indicators.save_target":
        return {"year": "2022", "level": "全市", "key": "acceptance", "op": ">=", "value": "92"}
    if endpoint == "indicators.issue_report":
        return {"kind": "monthly", "period": "2021-03", "commentary": ""}
    return {}


@pytest.mark.parametrize("method, endpoint, url, allowed", ROUTES, ids=[r[1] for r in ROUTES])
def test_indicators_route_per_role(app, client, login, world, method, endpoint, url, allowed):
    """Refused roles go first, so an allowed role's change cannot hide a refusal."""
    people, ids = world
    seen = {}
    for who in sorted(ROLES, key=lambda role: role in allowed):
        if who == "anonymous":
            response = getattr(client, method)(url.format(**ids), data=_data(endpoint))
            seen[who] = response.status_code
            assert response.status_code in (302, 401)
            assert "/auth/login" in response.headers.get("Location", "/auth/login")
            continue
        login(people[who])
        response = getattr(client, method)(url.format(**ids), data=_data(endpoint))
        response.get_data()  # a streamed body is read to its end, as a browser would
        response.close()
        seen[who] = response.status_code
        if who in allowed:
            assert response.status_code not in (403, 404, 500), (who, response.status_code)
        else:
            assert response.status_code == 403, (who, response.status_code)
    assert set(seen) == set(ROLES)

