"""Agreement statistics from the database: loading, the CLI, the office's page, route × role."""
from __future__ import annotations

import json
import re

import pytest

from models import Role
from reviewer.agreement import services
from tests.conftest import count_queries
from tests.agreement_helpers import month_with_a_strict_reviewer
from tests.factories import make_court, make_user

def test_compute_reads_the_months_sheets_and_finds_the_strict_reviewer(db):
    strict, others = month_with_a_strict_reviewer()
    result = services.compute("judgment", "2021-04")
    report = result.report
    assert (report.sheets, report.subjects, report.shared_subjects, report.reviewers) == (24, 12, 12, 4)
    assert report.icc.single.sufficient and report.icc.single.value > 0.75
    assert report.severities[0].reviewer_id == strict.id
    assert report.severities[0].severity.n == 6
    assert report.severities[0].severity.value == pytest.approx(8, abs=0.6)
    assert report.severities[0].reading == "偏严"
    # the raw score of a subject strict scored is below its adjusted score
    raw, adjusted = report.scores_of(int(report.scored_subjects[0]))
    assert adjusted > raw


def test_other_months_and_kinds_are_not_mixed_in(db):
    month_with_a_strict_reviewer("2021-04")
    month_with_a_strict_reviewer("2021-05", count=4)
    assert services.compute("judgment", "2021-05").report.subjects == 4
    assert services.compute("judgment", "2021-Q2").report.subjects == 16
    assert services.compute("hearing", "2021-04").report.sheets == 0


def test_small_month_says_insufficient_not_a_number(db):
    month_with_a_strict_reviewer(count=3)
    report = services.compute("judgment", "2021-04").report
    assert report.icc.single.value is None and report.icc.single.note == "样本不足"
    assert all(row.severity.value is None for row in report.severities)


def test_query_count_does_not_grow_with_the_data(db):
    month_with_a_strict_reviewer(count=4)
    with count_queries() as small:
        services.compute("judgment", "2021-04")
    month_with_a_strict_reviewer(count=12)
    with count_queries() as large:
        services.compute("judgment", "2021-04")
    assert small[0] == large[0] <= 6


def test_bad_scope_is_a_chinese_message(db):
    with pytest.raises(services.AgreementError, match="无法识别"):
        services.compute("judgment", "四月")
    with pytest.raises(services.AgreementError, match="评查对象"):
        services.compute("appeal", "2021-04")


def test_cli_prints_json_with_intervals_and_severity(app, db):
    strict, _ = month_with_a_strict_reviewer()
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["agreement", "--period", "2021-04", "--kind", "judgment", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["period"] == "2021-04" and data["kind"] == "judgment"
    icc = data["icc"]["icc_2_1"]
    assert icc["low"] < icc["value"] < icc["high"] and icc["n"] == 12
    assert data["icc"]["icc_2_k"]["value"] is not None
    assert {"grade_ordinal", "items_interval"} <= set(data["alpha"])
    first = data["severity"][0]
    assert first["reviewer_id"] == strict.id and first["severity"]["n"] == 6
    assert first["severity"]["low"] < first["severity"]["value"] < first["severity"]["high"]


def test_cli_text_and_bad_period(app, db):
    month_with_a_strict_reviewer()
    db.session.commit()
    runner = app.test_cli_runner()
    text = runner.invoke(args=["agreement", "--period", "2021-04"])
    assert text.exit_code == 0 and "ICC(2,1)" in text.output and "偏严" in text.output
    bad = runner.invoke(args=["agreement", "--period", "2021-13"])
    assert bad.exit_code != 0 and "无法识别" in bad.output


def test_page_shows_figures_readings_method_and_svg_charts(client, login, db):
    month_with_a_strict_reviewer()
    admin = make_user(roles=(Role.ADMIN,))
    login(admin)
    page = client.get("/agreement/?period=2021-04&kind=judgment")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for text in ("ICC(2,1)", "一致性良好", "Shrout &amp; Fleiss", "Krippendorff", "偏严", "<svg", "Koo &amp; Li"):
        assert text in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []   # no inline script (CSP)
    assert " onclick=" not in html and "cdn" not in html.lower()


def test_page_defaults_to_the_latest_month_and_bad_period_is_explained(client, login, db):
    month_with_a_strict_reviewer("2021-06", count=5)
    login(make_user(roles=(Role.ADMIN,)))
    assert "2021年6月" in client.get("/agreement/").get_data(as_text=True)
    bad = client.get("/agreement/?period=abc")
    assert bad.status_code == 409 and "无法识别" in bad.get_data(as_text=True)


def test_page_query_count_is_constant(client, login, db):
    """The page reading its stored report (the job, run at the first view here, is not counted)."""
    month_with_a_strict_reviewer(count=4)
    login(make_user(roles=(Role.ADMIN,)))
    client.get("/agreement/?period=2021-04")
    with count_queries() as small:
        client.get("/agreement/?period=2021-04")
    month_with_a_strict_reviewer(count=12)
    client.get("/agreement/?period=2021-04")
    with count_queries() as large:
        client.get("/agreement/?period=2021-04")
    assert small[0] == large[0]


# Route × role: every route of the agreement blueprint, for every role.
MATRIX = [
    ("agreement.index", "GET", "/agreement/?period=2021-04", {"admin"}),
]
ROLES = {"admin": (Role.ADMIN,), "reviewer": (Role.REVIEWER,), "liaison": (Role.LIAISON,), "judge": (Role.JUDGE,)}


# The calibration routes have their own table in tests/test_agreement_calibration.py.
CALIBRATION_ROUTES = {
    ("agreement.calibration_index", "GET"), ("agreement.calibrate", "GET"), ("agreement.calibrate", "POST"),
    ("agreement.attempt_result", "GET"), ("agreement.references", "GET"), ("agreement.mark_reference", "POST"),
    ("agreement.reference", "GET"), ("agreement.reference", "POST"), ("agreement.create_set", "POST"),
    ("agreement.save_settings", "POST"),
}


def test_matrix_covers_every_agreement_route(app):
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("agreement.") for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == {(endpoint, method) for endpoint, method, _, _ in MATRIX} | CALIBRATION_ROUTES


@pytest.mark.parametrize("endpoint, method, url, allowed", MATRIX)
@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_route_by_role(client, login, db, endpoint, method, url, allowed, role):
    court = make_court()
    if role != "anonymous":
        login(make_user(roles=ROLES[role], court=court))
    response = client.open(url, method=method)
    if role in allowed:
        assert response.status_code in (200, 302)
    elif role == "anonymous":
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    else:
        assert response.status_code == 403
