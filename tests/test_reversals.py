"""The 发改 programme's services: register → self-check → evaluation → objection → decision,
the ≥ 3 list, meetings, guidance and the points ledger."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import AuditLog, Notification
from models.points import PointsEntry
from models.reversal import DecisionBody, GuidanceKind, HigherLevel, ReversalStatus
from reviewer.errors import DomainError
from reviewer.reversals import flags, guidance, ledger, meetings, workflow
from reviewer.reversals.rules import MeetingState
from tests.reversal_helpers import record, reversal_world


@pytest.fixture
def w(app, db):
    return reversal_world()


def _evaluate(w, case, confirmed=True, points=Decimal("-1")):
    return workflow.evaluate(w["admin"], case, confirmed=confirmed, categories=["fact_unclear"], points=points,
                             opinion="认定事实不清。", basic_view="一审认为证据充分", intermediate_view="二审认为证据不足",
                             today=case.self_check_due + timedelta(days=1))


def test_recording_notifies_the_judge_with_a_deadline(w, db):
    case = record(w, decided_on=date(2025, 10, 8), today=date(2025, 10, 10))
    assert case.self_check_due == date(2025, 10, 20)
    assert case.status == ReversalStatus.SELF_CHECK and not case.excluded
    note = db.session.scalar(select(Notification).where(Notification.user_id == w["judge"].id))
    assert "2025-10-20" in note.text
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "reversal.record")) is not None


def test_new_evidence_is_excluded_and_duplicates_refused(w):
    assert record(w, reason="new_evidence").excluded
    with pytest.raises(DomainError, match="已登记"):
        record(w, reason="new_evidence")


def test_full_path_with_objection_and_committee(w, db):
    case = record(w)
    with pytest.raises(DomainError, match="自查报告尚未提交"):
        workflow.evaluate(w["admin"], case, confirmed=True, categories=[], points=Decimal("-1"), opinion="x",
                          basic_view=None, intermediate_view=None, today=case.self_check_due)
    workflow.submit_self_check(w["judge"], case, "对证据审查不够细致。")
    evaluation = _evaluate(w, case)
    assert case.status == ReversalStatus.EVALUATED and evaluation.basic_view and evaluation.intermediate_view
    workflow.object_once(w["judge"], case, "二审采信了新的鉴定意见。")
    with pytest.raises(DomainError):
        workflow.object_once(w["judge"], case, "再次申辩")
    workflow.decide(w["admin"], case, body=DecisionBody.JUDGES_MEETING, confirmed=True, points=Decimal("-0.5"),
                    text="经讨论，确有问题，酌减扣分。", decided_on=date(2025, 11, 20))
    assert case.status == ReversalStatus.CLOSED
    entry = db.session.scalar(select(PointsEntry).where(PointsEntry.judge_id == w["judge"].id))
    assert entry.points == Decimal("-0.5") and entry.occurred_on == date(2025, 10, 8)


def test_provincial_case_goes_to_the_committee(w):
    case = record(w, level=HigherLevel.PROVINCIAL)
    workflow.submit_self_check(w["judge"], case, "自查。")
    _evaluate(w, case)
    assert case.status == ReversalStatus.DISPUTED
    with pytest.raises(DomainError, match="审判委员会"):
        workflow.decide(w["admin"], case, body=DecisionBody.JUDGES_MEETING, confirmed=True, points=0,
                        text="x", decided_on=date(2025, 11, 1))


def test_december_case_closed_in_january_lands_in_december(w, db):
    case = record(w, decided_on=date(2025, 12, 30))
    workflow.submit_self_check(w["judge"], case, "自查。")
    _evaluate(w, case, points=Decimal("0"))          # no amount: the rule's default
    workflow.close_uncontested(w["admin"], case)
    judges, _ = ledger.totals(2025)
    assert [(j.id, j.name, j.total) for j in judges] == [(w["judge"].id, w["judge"].display_name, Decimal("-1"))]
    assert ledger.totals(2026) == ([], [])


def test_excluded_or_unconfirmed_cases_cost_nothing(w, db):
    for n, (reason, confirmed) in enumerate((("new_evidence", True), ("fact_unclear", False)), start=1):
        case = record(w, n=n, reason=reason)
        workflow.submit_self_check(w["judge"], case, "自查。")
        _evaluate(w, case, confirmed=confirmed)
        workflow.close_uncontested(w["admin"], case)
    assert db.session.scalar(select(PointsEntry.id)) is None


def test_three_confirmed_cases_flag_the_judge_and_the_talk_is_recorded(w):
    for n in (1, 2, 3):
        case = record(w, n=n, decided_on=date(2025, 3 + n, 2))
        workflow.submit_self_check(w["judge"], case, "自查。")
        _evaluate(w, case)
    [(judge_year, judge, cases, talk)] = flags.flagged(2025)
    assert judge is w["judge"] and len(cases) == 3 and talk is None
    flags.record_talk(w["supervision"], w["judge"], 2025, date(2025, 11, 1), "已谈话。")
    assert flags.flagged(2025)[0][3] is not None
    with pytest.raises(DomainError, match="不在"):
        flags.record_talk(w["supervision"], w["other_judge"], 2025, date(2025, 11, 1), "")


def test_meeting_confirmed_by_the_head_earns_half_a_point(w, db, tmp_path):
    case = record(w, decided_on=date(2025, 10, 8))
    meeting = meetings.file_meeting(w["judge"], w["division"], "2025-10", date(2025, 11, 3), [case.id],
                                    "证据审查不细", "建立证据清单", minutes=None)
    with pytest.raises(DomainError, match="会议记录"):
        meetings.confirm(w["head"], meeting)
    meeting.minutes_id = _docx(db).id
    meetings.confirm(w["head"], meeting)
    _, divisions = ledger.totals(2025)
    assert [(d.id, d.total) for d in divisions] == [(w["division"].id, Decimal("0.5"))]
    _, cells = meetings.board(["2025-10", "2025-11"], date(2025, 12, 20))
    assert cells[(w["division"].id, "2025-10")][0] is MeetingState.HELD
    assert cells[(w["other_judge"].division_id, "2025-10")][0] is MeetingState.EXEMPT
    assert cells[(w["city_division"].id, "2025-10")][0] is MeetingState.MISSED


def test_guidance_earns_two_points_and_is_searchable(w):
    guidance.publish(w["city_head"], w["city_division"], GuidanceKind.CLASS_CASE, "民间借贷类案裁判指引",
                     "关于借贷合意的认定……", date(2025, 9, 1))
    with pytest.raises(DomainError, match="中院"):
        guidance.publish(w["head"], w["division"], GuidanceKind.BUSINESS, "x", "y", date(2025, 9, 1))
    assert [d.title for d in guidance.search("借贷合意")[0]] == ["民间借贷类案裁判指引"]
    assert guidance.search("100%")[0] == []
    assert [(d.id, d.name, d.total) for d in ledger.totals(2025)[1]] == [
        (w["city_division"].id, w["city_division"].name, Decimal("2"))]


def test_a_corrected_entry_nets_out_and_cannot_be_corrected_twice(w, db):
    doc = guidance.publish(w["admin"], w["city_division"], GuidanceKind.BUSINESS, "指引", "正文", date(2025, 9, 1))
    entry = db.session.scalar(select(PointsEntry).where(PointsEntry.source_id == doc.id))
    counter = ledger.correct(w["admin"], entry, "重复登记")
    assert counter.points == Decimal("-2") and counter.occurred_on == entry.occurred_on
    assert [(d.id, d.total) for d in ledger.totals(2025)[1]] == [(w["city_division"].id, Decimal("0"))]
    with pytest.raises(DomainError, match="已冲正"):
        ledger.correct(w["admin"], entry, "again")
    with pytest.raises(DomainError, match="冲正记录本身"):
        ledger.correct(w["admin"], counter, "again")


def test_new_rate_from_its_effective_date(w):
    from models.points import PointsSubject
    with pytest.raises(DomainError, match="重叠"):
        ledger.add_rule(w["admin"], "meeting_record", "评析会", Decimal("1"), PointsSubject.DIVISION,
                        date(2025, 1, 1), None)


def test_self_check_reminders_once_per_kind(w):
    case = record(w, decided_on=date(2025, 10, 8), today=date(2025, 10, 8))
    assert workflow.send_self_check_reminders(date(2025, 10, 17)) == {"overdue": 0, "due_soon": 1}
    assert workflow.send_self_check_reminders(date(2025, 10, 17)) == {"overdue": 0, "due_soon": 0}
    assert workflow.send_self_check_reminders(date(2025, 10, 19)) == {"overdue": 1, "due_soon": 0}
    assert case.self_check_overdue(date(2025, 10, 19))


def _docx(db):
    from tests.factories import make_stored_file
    return make_stored_file("minutes", "记录.docx")
