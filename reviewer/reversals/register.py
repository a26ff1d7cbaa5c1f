"""The register of 发改 cases: reason categories, recording a case, the scope each user sees.

Rules (measure 1, 6, 17 of the plan; see rules.py): a case whose reason is excluded (default
出现新证据 — 二审新证据) or that the office marks excluded never counts against the judge;
recording a case notifies the judge in charge, sets the self-check deadline (REVERSAL_SELF_CHECK_DAYS,
default 10 days) and, for 发回重审/指令再审, proposes it for handling by a court leader.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import or_, select, update

from models import CourtLevel, Division, Judgment, Role, User
from models.notification import NotificationKind
from models.reversal import HigherLevel, ReversalCase, ReversalReason, ReversalResult
from reviewer import audit
from reviewer import permissions as p
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.notifications.services import local_url, notify
from reviewer.reversals import rules

# (code, name, excluded): the default categories; the office may add or change them.
DEFAULT_REASONS = (
    ("fact_unclear", "事实不清", False),
    ("law_error", "适用法律错误", False),
    ("procedure", "程序违法", False),
    ("new_evidence", "出现新证据（二审新证据）", True),
    ("discretion", "裁量不同", False),
    ("other", "其他", False),
)


def ensure_reasons() -> list[ReversalReason]:
    """The reason categories, installing the defaults the first time (flushes)."""
    reasons = db.session.scalars(select(ReversalReason).order_by(ReversalReason.sort_order)).all()
    if reasons:
        return list(reasons)
    for order, (code, name, excluded) in enumerate(DEFAULT_REASONS):
        db.session.add(ReversalReason(code=code, name=name, excluded=excluded, sort_order=order))
    db.session.flush()
    return ensure_reasons()


def excluded_codes() -> set[str]:
    return set(db.session.scalars(select(ReversalReason.code).where(ReversalReason.excluded.is_(True))))


def self_check_days() -> int:
    return int(current_app.config.get("REVERSAL_SELF_CHECK_DAYS", rules.DEFAULT_SELF_CHECK_DAYS))


@dataclass
class CaseInput:
    case_number: str
    court_id: int
    division_id: int | None
    judge_id: int | None
    higher_case_number: str
    higher_level: HigherLevel
    higher_division_id: int | None
    result: ReversalResult
    decided_on: date
    reason_id: int
    excluded: bool = False
    excluded_note: str | None = None
    major_impact: bool = False


def record_case(actor, data: CaseInput, today: date) -> ReversalCase:
    """Add one case to the register (flushes, audits, notifies the judge)."""
    reason = db.session.get(ReversalReason, data.reason_id)
    if reason is None:
        raise DomainError("请选择发改原因。")
    if data.decided_on > today:
        raise DomainError("发改日期不能晚于今天。")
    exists = db.session.scalar(select(ReversalCase.id).where(
        ReversalCase.case_number == data.case_number.strip(),
        ReversalCase.higher_case_number == data.higher_case_number.strip()))
    if exists is not None:
        raise DomainError(f"{data.case_number} 的该次发改已登记。")
    judge = db.session.get(User, data.judge_id) if data.judge_id else None
    if judge is not None and judge.court_id != data.court_id:
        raise DomainError("承办法官不属于原审法院。")
    division = db.session.get(Division, data.division_id) if data.division_id else None
    if division is not None and division.court_id != data.court_id:
        raise DomainError("承办部门不属于原审法院。")
    higher = db.session.get(Division, data.higher_division_id) if data.higher_division_id else None
    if higher is not None and (data.higher_level != HigherLevel.INTERMEDIATE
                               or higher.court.level != CourtLevel.INTERMEDIATE):
        raise DomainError("发改部门应为中院的业务庭（仅中院发改的案件填写）。")
    case = ReversalCase(
        case_number=data.case_number.strip(), court_id=data.court_id, division_id=data.division_id,
        judge_id=data.judge_id, higher_case_number=data.higher_case_number.strip(),
        higher_level=data.higher_level, higher_division_id=data.higher_division_id, result=data.result,
        decided_on=data.decided_on, reason_id=reason.id,
        excluded=rules.is_excluded(reason.code, excluded_codes(), data.excluded),
        excluded_note=data.excluded_note or None, major_impact=data.major_impact,
        self_check_due=rules.self_check_due(today, self_check_days()) if judge else None,
        created_by_id=actor.id,
    )
    case.judgment_id = db.session.scalar(select(Judgment.id).where(
        Judgment.case_number == case.case_number).limit(1))
    db.session.add(case)
    db.session.flush()
    audit.record(actor, "reversal.record", case, after={
        "case_number": case.case_number, "result": case.result, "reason": reason.code,
        "excluded": case.excluded}, summary=f"登记发改案件 {case.case_number}（{case.result.label}）")
    if judge is not None:
        notify(judge, NotificationKind.ASSIGNMENT,
               f"您承办的 {case.case_number} 被{case.higher_level.label}{case.result.label}，"
               f"请于 {case.self_check_due.isoformat()} 前提交自查报告。",
               url=local_url("reversals.detail", case_id=case.id))
    return case


def link_judgment(judgment: Judgment) -> int:
    """Intake hook (signals.judgment_ingested / judgment_metadata_changed): attach the judgment to
    the register's unlinked cases with its case number, of its court. Flushes; returns how many."""
    if not judgment.case_number:
        return 0
    result = db.session.execute(update(ReversalCase).where(
        ReversalCase.case_number == judgment.case_number.strip(), ReversalCase.court_id == judgment.court_id,
        ReversalCase.judgment_id.is_(None)).values(judgment_id=judgment.id))
    return result.rowcount or 0


def assign_leader(actor, case: ReversalCase, leader: User | None) -> None:
    """Name the court leader who handles the case (measure 17), or clear it."""
    if leader is not None and leader.court_id != case.court_id:
        raise DomainError("办案院领导应为原审法院人员。")
    before = case.leader_id
    case.leader_id = leader.id if leader else None
    db.session.flush()
    audit.record(actor, "reversal.leader", case, before={"leader_id": before},
                 after={"leader_id": case.leader_id}, summary=f"{case.case_number} 院领导办案人员调整")


def visible_cases(user):
    """A select of the cases `user` may see: office/supervision all, liaison the court, a
    division head the division, a judge their own, the 审判监督庭 the provincial court's."""
    query = select(ReversalCase)
    if p.can_see_all_reversals(user):
        return query
    clauses = [ReversalCase.judge_id == user.id, ReversalCase.leader_id == user.id]
    if user.has_role(Role.LIAISON) and user.court_id:
        clauses.append(ReversalCase.court_id == user.court_id)
    if user.is_division_head and user.division_id:
        clauses.append(ReversalCase.division_id == user.division_id)
        clauses.append(ReversalCase.higher_division_id == user.division_id)
    if p.is_trial_supervision(user):
        clauses.append(ReversalCase.higher_level == HigherLevel.PROVINCIAL)
    return query.where(or_(*clauses))
