"""Calibration on reference judgments (标准样卷): the comparison rule, the office's and reviewers' pages,
the "calibrated before assignment" requirement, route × role."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from models import AuditLog, CalibrationAttempt, ReferenceSubject, Role
from reviewer.agreement import calibration, settings
from reviewer.agreement import calibration_rules as rules
from reviewer.errors import DomainError
from reviewer.reviews import assigning
from tests.evaluation_factories import evaluate, make_reviewer, make_sheet
from tests.factories import make_court, make_judgment, make_user

D = Decimal


@pytest.mark.parametrize("reference, own, kind", [
    (rules.Entry(D("4"), reason="说理不足"), rules.Entry(), rules.MISSED),
    (rules.Entry(), rules.Entry(D("2"), reason="多扣"), rules.EXTRA),
    (rules.Entry(D("4")), rules.Entry(D("3")), rules.DIFFERENT),
    (rules.Entry(D("4")), rules.Entry(D("4.25")), rules.SAME),
    (rules.Entry(veto_hit=True), rules.Entry(), rules.MISSED),
    (rules.Entry(D("1"), veto_hit=True), rules.Entry(D("1")), rules.DIFFERENT),
    (rules.Entry(), rules.Entry(), rules.SAME),
])
def test_item_comparison_kinds(reference, own, kind):
    row = rules.ItemComparison(1, "说理", D("10"), reference, own)
    assert row.kind == kind


def test_outcome_totals_and_the_tolerance():
    items = [(1, "说理", D("60")), (2, "主文", D("40")), (3, "否决", D("0"))]
    reference = {1: rules.Entry(D("10"), reason="说理不足"), 2: rules.Entry(D("2"), reason="表述不清")}
    own = {1: rules.Entry(D("4")), 3: rules.Entry(veto_hit=True)}
    outcome = rules.compare(items, reference, own, D("10"))
    assert (outcome.total_difference, outcome.absolute_deviation) == (D("-8"), D("8"))
    assert (outcome.missed, outcome.extra, outcome.veto_disagreements) == (1, 1, 1)
    assert outcome.passed is False                      # a veto decision differs
    assert rules.compare(items, reference, {1: rules.Entry(D("4"))}, D("10")).passed is True
    assert rules.compare(items, reference, {}, D("10")).passed is False   # 12 points off


def _reference(db):
    """A confirmed judgment whose two sheets deducted 10 and 6 from 说理 (agreed: 8)."""
    a, b = make_reviewer(), make_reviewer()
    judgment = make_judgment(court=make_court(), month="2021-04")
    evaluate(judgment, 92, "优秀", reviewers=[a, b], deductions=[10, 6], reason="说理不充分")
    return judgment


def test_marking_a_reference_takes_the_combined_deductions_and_is_audited(db):
    admin = make_user(roles=(Role.ADMIN,))
    judgment = _reference(db)
    reference = calibration.mark_reference(admin, "judgment", judgment.id, "民事说理样卷")
    assert reference.title == judgment.case_number
    [item] = reference.items
    assert item.deduction == D("8.00") and item.reason == "说理不充分"
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "calibration.reference_mark"))
    with pytest.raises(DomainError, match="已是标准样卷"):
        calibration.mark_reference(admin, "judgment", judgment.id)


def test_only_confirmed_subjects_become_references(db):
    admin = make_user(roles=(Role.ADMIN,))
    with pytest.raises(DomainError, match="已确认评查等级"):
        calibration.mark_reference(admin, "judgment", make_judgment(court=make_court()).id)
    with pytest.raises(DomainError, match="不存在"):
        calibration.mark_reference(admin, "judgment", 987654)


def _set_with_reference(db):
    admin = make_user(roles=(Role.ADMIN,))
    reference = calibration.mark_reference(admin, "judgment", _reference(db).id)
    return admin, reference, calibration.create_set(admin, "2021 年第二季度校准", [reference.id])


def test_reviewer_scores_the_set_and_sees_the_item_by_item_comparison(client, login, db):
    _, reference, calibration_set = _set_with_reference(db)
    reviewer = make_reviewer()
    sheet = make_sheet()
    items = {i.key: i for i in sheet.items}
    login(reviewer)
    index = client.get("/agreement/calibration/").get_data(as_text=True)
    assert "2021 年第二季度校准" in index and "开始评查" in index
    url = f"/agreement/calibration/{calibration_set.id}/{reference.id}"
    assert client.get(url).status_code == 200
    missing_reason = client.post(url, data={f"d_{items['reasoning'].id}": "3", "submit": "1"})
    assert missing_reason.status_code == 302
    assert "必须填写扣分理由" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={f"d_{items['reasoning'].id}": "3", f"r_{items['reasoning'].id}": "略有不足",
                                      f"d_{items['ruling'].id}": "2", f"r_{items['ruling'].id}": "主文不明",
                                      "submit": "1"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "说理不充分" in html and "多扣" in html and "扣分不同" in html
    attempt = db.session.scalar(select(CalibrationAttempt))
    assert (attempt.absolute_deviation, attempt.missed, attempt.extra, attempt.passed) == (D("7.00"), 0, 1, True)
    assert client.post(url, data={"submit": "1"}).status_code == 302   # submitted: shows the result again
    assert db.session.scalar(select(CalibrationAttempt)).absolute_deviation == D("7.00")


def test_office_overview_and_settings_page(client, login, db):
    admin, reference, calibration_set = _set_with_reference(db)
    reviewer = make_reviewer()
    calibration.save_attempt(reviewer, calibration.attempt_for(reviewer, calibration_set, reference),
                             {}, submit=True)
    login(admin)
    html = client.get("/agreement/references/").get_data(as_text=True)
    assert reference.title in html and reviewer.display_name in html and "评查公平性设置" in html
    response = client.post("/agreement/settings", data={"ranking_basis": "adjusted", "require_calibration": "y",
                                                        "tolerance": "12", "valid_days": "30"})
    assert response.status_code == 302
    assert settings.current_settings().ranking_basis == "adjusted"
    assert settings.current_settings().require_calibration is True


def test_required_calibration_keeps_uncalibrated_reviewers_off_assignments(db):
    admin, reference, calibration_set = _set_with_reference(db)
    calibrated, other = make_reviewer(court=make_court("豫0811")), make_reviewer(court=make_court("豫0811"))
    calibration.save_attempt(calibrated, calibration.attempt_for(calibrated, calibration_set, reference),
                             {reference.items[0].item_id: (str(reference.items[0].deduction), None, False, "同标准")},
                             submit=True)
    judgment = make_judgment(court=make_court("豫0883"), month="2021-05")
    assert calibrated in assigning.reviewers() and other in assigning.reviewers()
    settings.update_settings(admin, ranking_basis="raw", require_calibration=True, tolerance=D("10"), valid_days=92)
    assert calibrated in assigning.reviewers() and other not in assigning.reviewers()
    with pytest.raises(DomainError, match="校准"):
        assigning.assign("judgment", judgment.id, other, admin)


def test_a_reviewer_cannot_open_anothers_result(client, login, db):
    _, reference, calibration_set = _set_with_reference(db)
    owner = make_reviewer()
    attempt = calibration.attempt_for(owner, calibration_set, reference)
    calibration.save_attempt(owner, attempt, {}, submit=True)
    login(make_reviewer())
    assert client.get(f"/agreement/calibration/attempts/{attempt.id}").status_code == 403
    login(owner)
    assert client.get(f"/agreement/calibration/attempts/{attempt.id}").status_code == 200


ROLES = {"admin": (Role.ADMIN,), "reviewer": (Role.REVIEWER,), "liaison": (Role.LIAISON,), "judge": (Role.JUDGE,)}
MATRIX = [
    ("agreement.calibration_index", "GET", "/agreement/calibration/", {"admin", "reviewer"}),
    ("agreement.calibrate", "GET", "/agreement/calibration/{set}/{reference}", {"reviewer"}),
    ("agreement.attempt_result", "GET", "/agreement/calibration/attempts/{attempt}", {"admin"}),
    ("agreement.references", "GET", "/agreement/references/", {"admin"}),
    ("agreement.mark_reference", "POST", "/agreement/references/mark", {"admin"}),
    ("agreement.reference", "GET", "/agreement/references/{reference}", {"admin"}),
    ("agreement.create_set", "POST", "/agreement/references/sets", {"admin"}),
    ("agreement.save_settings", "POST", "/agreement/settings", {"admin"}),
]


def test_matrix_covers_every_calibration_route(app):
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("agreement.") and rule.endpoint != "agreement.index"
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    covered = {(endpoint, method) for endpoint, method, _, _ in MATRIX}
    covered |= {("agreement.calibrate", "POST"), ("agreement.reference", "POST")}   # same check as their GET
    assert routes == covered


@pytest.mark.parametrize("endpoint, method, url, allowed", MATRIX)
@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_calibration_route_by_role(client, login, db, endpoint, method, url, allowed, role):
    _, reference, calibration_set = _set_with_reference(db)
    owner = make_reviewer()
    attempt = calibration.attempt_for(owner, calibration_set, reference)
    calibration.save_attempt(owner, attempt, {}, submit=True)
    url = url.format(set=calibration_set.id, reference=reference.id, attempt=attempt.id)
    if role != "anonymous":
        login(make_user(roles=ROLES[role], court=make_court("豫0811")))
    response = client.open(url, method=method, data={})
    if role in allowed:
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert "/auth/login" not in response.headers["Location"]
    elif role == "anonymous":
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    else:
        assert response.status_code == 403
    assert db.session.scalar(select(ReferenceSubject.id)) is not None
