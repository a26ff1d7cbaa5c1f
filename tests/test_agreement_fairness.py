"""Severity where it matters: compare page, ranking draft (moves, the office's score basis), board."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from models import AuditLog, Role
from reviewer import permissions as p
from reviewer.agreement import services, settings
from reviewer.agreement.severity import Severity, unusual_sheet
from reviewer.agreement.statistics import Estimate
from reviewer.errors import DomainError
from reviewer.rankings import adjustment
from reviewer.rankings import services as rankings
from reviewer.rankings.rules import RankingEntry
from tests.agreement_helpers import STRICT_MONTH as MONTH
from tests.agreement_helpers import strict_month as _strict_month
from tests.evaluation_factories import evaluate, make_reviewer
from tests.factories import make_court, make_judgment, make_user


def test_moves_flag_entries_the_adjustment_brings_in_or_out():
    entries = [RankingEntry(i, f"（2021）豫08民终{i}号", score, "EXCELLENT") for i, score in
               enumerate([96, 95, 94, 93, 92, 91.5], start=1)]
    flags = adjustment.moves(entries, {6: 97.0, 5: 91.0})
    assert flags == {6: "调整后进入优秀榜", 5: "调整后移出优秀榜"}
    assert adjustment.moves(entries, {1: 96.5}) == {}


@pytest.mark.parametrize("difference, expected", [(6.5, False), (9.5, True), (2.0, True), (None, False)])
def test_unusual_sheet_against_the_reviewers_pattern(difference, expected):
    row = Severity(1, Estimate(6.0, 5.0, 7.0, 10), 1.0, 3.0, 12)
    if difference is None:
        assert unusual_sheet(9.0, Severity(1, Estimate(None, n=2, note="样本不足"), None, 0.0, 2)) is False
    else:
        assert unusual_sheet(difference, row) is expected


def test_ranking_draft_shows_adjusted_scores_moves_and_the_raw_basis(client, login, db):
    _, judgments = _strict_month()
    login(make_user(roles=(Role.ADMIN,)))
    html = client.get(f"/rankings/{MONTH}/edit").get_data(as_text=True)
    assert "调整分" in html and "调整后进入优秀榜" in html and "调整后移出优秀榜" in html
    assert "榜单按原始综合得分" in html
    proposal = rankings.propose(MONTH)
    assert {e.subject_id for e in proposal.excellent.entries} == {i for i, k in judgments.items() if k == "plain"}


def test_office_can_choose_the_adjusted_score_and_the_rule_says_so(client, login, db):
    _, judgments = _strict_month()
    admin = make_user(roles=(Role.ADMIN,))
    settings.update_settings(admin, ranking_basis=settings.ADJUSTED, require_calibration=False,
                             tolerance=Decimal("10"), valid_days=92)
    proposal = rankings.propose(MONTH)
    listed = {judgments[e.subject_id] for e in proposal.excellent.entries}
    assert "strict" in listed
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "fairness.settings")) is not None
    login(admin)
    assert "榜单按宽严度调整分排序" in client.get(f"/rankings/{MONTH}/edit").get_data(as_text=True)


def test_settings_refuse_values_out_of_range(db):
    admin = make_user(roles=(Role.ADMIN,))
    with pytest.raises(DomainError, match="口径"):
        settings.update_settings(admin, ranking_basis="median", require_calibration=False,
                                 tolerance=Decimal("10"), valid_days=92)
    with pytest.raises(DomainError, match="有效期"):
        settings.update_settings(admin, ranking_basis="raw", require_calibration=False,
                                 tolerance=Decimal("10"), valid_days=0)


def test_compare_page_shows_raw_and_adjusted_score_and_sheet_notes_to_the_office(client, login, db):
    strict, judgments = _strict_month()
    subject_id = next(i for i, k in judgments.items() if k == "strict")
    login(make_user(roles=(Role.ADMIN,)))
    html = client.get(f"/reviews/judgment/{subject_id}/compare").get_data(as_text=True)
    assert "原始综合得分" in html and "宽严度调整分" in html
    assert "偏严" in html and "本份比同组多扣 +6.0" in html


def test_assignment_board_shows_each_reviewers_severity(client, login, db):
    _strict_month()
    login(make_user(roles=(Role.ADMIN,)))
    html = client.get(f"/reviews/assign?kind=judgment&month={MONTH}").get_data(as_text=True)
    assert "宽严 +" in html


def test_the_boards_severities_are_the_models_without_the_fitted_effects(db):
    strict, _ = _strict_month()
    fitted = services.severity_for_month("judgment", MONTH).model.severities
    plain = services.severities_for_month("judgment", MONTH)
    assert [(r.reviewer_id, r.severity, r.consistency, r.sheets) for r in plain] == \
        [(r.reviewer_id, r.severity, r.consistency, r.sheets) for r in fitted]
    assert {r.effect for r in plain} == {0.0} and any(r.effect for r in fitted)
    assert plain[0].reviewer_id == strict.id and plain[0].reading == "偏严"


@pytest.mark.parametrize("roles, allowed", [((Role.ADMIN,), True), ((Role.REVIEWER,), False),
                                            ((Role.JUDGE,), False), ((Role.LIAISON,), False)])
def test_only_the_office_sees_severity(db, roles, allowed):
    user = make_user(roles=roles, court=make_court())
    assert p.can_view_severity(user) is allowed and p.can_view_agreement(user) is allowed


@pytest.mark.parametrize("difference, attempts, bias, spread, expected", [
    (6.0, 3, 6.0, 1.0, False),      # deducts 6 more than the others, as in calibration
    (0.0, 3, 6.0, 1.0, True),       # suddenly like everyone else: 6 points from the pattern
    (8.5, 3, 6.0, 1.0, True),       # 2.5 > 2 × 1.0
    (7.5, 3, 6.0, 1.0, False),      # within two spreads
    (6.8, 3, 6.0, 0.0, False),      # identical attempts, but less than a point away
    (9.0, 1, 6.0, 0.0, False),      # one attempt is no pattern
    (None, 3, 6.0, 1.0, False),
])
def test_a_sheet_departing_from_the_calibrated_pattern(difference, attempts, bias, spread, expected):
    from reviewer.agreement.calibrated import CalibratedPattern, departs

    assert departs(difference, CalibratedPattern(attempts, bias, spread)) is expected


def test_compare_page_flags_a_sheet_off_the_reviewers_calibration(client, login, db):
    """A reviewer calibrated as lenient (2 points less than the references, steadily) who deducts
    6 points more than the co-reviewer on a judgment is flagged; the co-reviewer, never calibrated,
    is not."""
    from models import AttemptStatus, CalibrationAttempt, CalibrationSet, ReferenceSubject, ScoreSheet, utcnow

    court = make_court()
    lenient, other = make_reviewer(), make_reviewer()
    judgment = make_judgment(court=court, month=MONTH)
    evaluate(judgment, 90, "合格", reviewers=[lenient, other], deductions=[10, 4])
    sheet = db.session.scalar(select(ScoreSheet).order_by(ScoreSheet.id))
    calibration_set = CalibrationSet(name="第一组")
    db.session.add(calibration_set)
    for value in ("-2.0", "-2.5", "-1.5"):   # one attempt per reference of the set
        reference = ReferenceSubject(subject_kind="judgment", subject_id=make_judgment(court=court, month=MONTH).id,
                                     sheet_id=sheet.id, title="样卷")
        db.session.add(reference)
        db.session.flush()
        db.session.add(CalibrationAttempt(set_id=calibration_set.id, reference_id=reference.id,
                                          reviewer_id=lenient.id, status=AttemptStatus.SUBMITTED,
                                          submitted_at=utcnow(), total_difference=Decimal(value)))
    db.session.commit()
    login(make_user(roles=(Role.ADMIN,)))
    html = client.get(f"/reviews/judgment/{judgment.id}/compare").get_data(as_text=True)
    assert "校准：比标准样卷多扣 -2.0（3 次，标准差 0.4）" in html
    assert html.count("与该评查员的校准表现明显不符") == 1


def test_the_severity_model_alone_matches_the_full_report(db):
    """The pages fit only the severity model (`severity_for_month`); its severities and adjusted
    scores are the full agreement report's, subject by subject and reviewer by reviewer."""
    from reviewer.agreement import services

    strict, judgments = _strict_month()
    full = services.for_month("judgment", MONTH)
    light = services.severity_for_month("judgment", MONTH)
    assert light.period.label == full.period.label
    assert [(s.reviewer_id, s.severity.value, s.effect, s.sheets) for s in light.model.severities] == \
        [(s.reviewer_id, s.severity.value, s.effect, s.sheets) for s in full.report.severities]
    for subject_id in judgments:
        assert light.model.scores_of(subject_id) == full.report.scores_of(subject_id)
    assert light.model.severity_of(strict.id).severity.value > 0
    assert light.model.scores_of(10 ** 6) is None
