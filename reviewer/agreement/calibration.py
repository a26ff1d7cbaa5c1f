"""Calibration on reference judgments (标准样卷): marking references, sets, attempts, the overview.

Services flush and never commit; every state change is audited. Errors are `CalibrationError`
(a `DomainError`) with the Chinese sentence for the user. The comparison rule is in
`calibration_rules`; the office's tolerance, validity and "calibrated before assignment"
requirement in `settings`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from models import (AttemptStatus, Role, UserRole, CalibrationAttempt, CalibrationMember, CalibrationScore, CalibrationSet,
                    Evaluation, ReferenceItem, ReferenceSubject, Review, ReviewItemScore, ReviewStatus,
                    ScoreItem, User, utcnow)
from reviewer.agreement import calibration_rules as rules
from reviewer.agreement.loading import SUBJECT_LABELS, SUBJECT_MODELS
from reviewer.agreement.settings import current_settings
from reviewer.audit import record
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.scoresheets.scoring import ScoringError, score_item
from reviewer.scoresheets.services import rule_of


class CalibrationError(DomainError):
    pass


def subject_title(kind: str, obj) -> str:
    return getattr(obj, "case_number", None) or f"{SUBJECT_LABELS[kind]} {obj.id}"


def mark_reference(actor, kind: str, subject_id: int, note: str = "") -> ReferenceSubject:
    """Mark an evaluated subject as a reference; its agreed deductions start as the combined ones.

    The subject must have a confirmed grade. Each item's agreed deduction starts as the mean of the
    submitted sheets' deductions, the veto as hit when any sheet hit it, the reason as the sheets'
    reasons joined; the office then edits them (`update_reference`).
    """
    if kind not in SUBJECT_MODELS:
        raise CalibrationError("评查对象类型无效。")
    obj = db.session.get(SUBJECT_MODELS[kind], subject_id)
    if obj is None:
        raise CalibrationError(f"{SUBJECT_LABELS[kind]}（编号 {subject_id}）不存在。")
    evaluation = db.session.scalar(select(Evaluation).where(
        Evaluation.subject_kind == kind, Evaluation.subject_id == subject_id))
    if evaluation is None or evaluation.final_grade is None or evaluation.sheet_id is None:
        raise CalibrationError("只有已确认评查等级的对象才能设为标准样卷。")
    if db.session.scalar(select(ReferenceSubject.id).where(
            ReferenceSubject.subject_kind == kind, ReferenceSubject.subject_id == subject_id)):
        raise CalibrationError("该对象已是标准样卷。")
    reference = ReferenceSubject(subject_kind=kind, subject_id=subject_id, sheet_id=evaluation.sheet_id,
                                 title=subject_title(kind, obj), note=(note or "").strip() or None,
                                 created_by_id=actor.id)
    db.session.add(reference)
    sheets = db.session.scalar(select(func.count(Review.id)).where(
        Review.subject_kind == kind, Review.subject_id == subject_id, Review.status == ReviewStatus.SUBMITTED)) or 1
    rows = db.session.execute(
        select(ReviewItemScore.item_id, func.sum(ReviewItemScore.deduction),
               func.max(case((ReviewItemScore.veto_hit.is_(True), 1), else_=0)))
        .join(Review, Review.id == ReviewItemScore.review_id)
        .where(Review.subject_kind == kind, Review.subject_id == subject_id, Review.status == ReviewStatus.SUBMITTED)
        .group_by(ReviewItemScore.item_id)).all()
    reasons: dict[int, list[str]] = {}
    for item_id, reason in db.session.execute(
            select(ReviewItemScore.item_id, ReviewItemScore.reason).join(Review, Review.id == ReviewItemScore.review_id)
            .where(Review.subject_kind == kind, Review.subject_id == subject_id,
                   Review.status == ReviewStatus.SUBMITTED, ReviewItemScore.reason.is_not(None))):
        if reason.strip() and reason.strip() not in reasons.setdefault(item_id, []):
            reasons[item_id].append(reason.strip())
    for item_id, total, veto in rows:
        mean = (Decimal(str(total or 0)) / sheets).quantize(Decimal("0.01"))
        if mean > 0 or veto:
            reference.items.append(ReferenceItem(item_id=item_id, deduction=mean, veto_hit=bool(veto),
                                                 reason="；".join(reasons.get(item_id, [])) or None))
    db.session.flush()
    record(actor, "calibration.reference_mark", reference, after={"subject": f"{kind}:{subject_id}"},
           summary=f"设为标准样卷：{reference.title}")
    return reference


def sheet_items(sheet_id: int) -> list[ScoreItem]:
    return list(db.session.scalars(select(ScoreItem).where(ScoreItem.sheet_id == sheet_id)
                                   .order_by(ScoreItem.section_id, ScoreItem.order, ScoreItem.id)))


def validated_entries(items, values: dict, *, require_reason: bool) -> dict[int, rules.Entry]:
    """Form values {item id: (deduction, occurrences, veto, reason)} → entries; ScoringError → CalibrationError."""
    entries = {}
    for item in items:
        deduction, occurrences, veto, reason = values.get(item.id, (None, None, False, ""))
        try:
            scored = score_item(rule_of(item), deduction=deduction, occurrences=occurrences,
                                veto_hit=bool(veto), reason=reason, require_reason=require_reason)
        except ScoringError as error:
            raise CalibrationError(error.message) from None
        if scored.deduction > 0 or scored.veto_hit or scored.reason:
            entries[item.id] = rules.Entry(scored.deduction, scored.veto_hit, scored.reason)
    return entries


def update_reference(actor, reference: ReferenceSubject, values: dict, note: str = "") -> None:
    """Replace the agreed deductions and reasons (a reason is required for every deduction)."""
    entries = validated_entries(sheet_items(reference.sheet_id), values, require_reason=True)
    before = {str(i.item_id): str(i.deduction) for i in reference.items}
    reference.items.clear()
    db.session.flush()
    for item_id, entry in entries.items():
        reference.items.append(ReferenceItem(item_id=item_id, deduction=entry.deduction,
                                             veto_hit=entry.veto_hit, reason=entry.reason or None))
    reference.note = (note or "").strip() or None
    db.session.flush()
    record(actor, "calibration.reference_update", reference, before=before,
           after={str(k): str(v.deduction) for k, v in entries.items()}, summary=f"修改标准样卷：{reference.title}")


def create_set(actor, name: str, reference_ids) -> CalibrationSet:
    name = (name or "").strip()
    if not name:
        raise CalibrationError("请填写校准组名称。")
    if db.session.scalar(select(CalibrationSet.id).where(CalibrationSet.name == name)):
        raise CalibrationError(f"已有名为“{name}”的校准组。")
    ids = list(dict.fromkeys(int(i) for i in reference_ids))
    references = {r.id: r for r in db.session.scalars(select(ReferenceSubject).where(
        ReferenceSubject.id.in_(ids), ReferenceSubject.active.is_(True)))} if ids else {}
    if not references or len(references) != len(ids):
        raise CalibrationError("请至少选择一份有效的标准样卷。")
    calibration_set = CalibrationSet(name=name, created_by_id=actor.id)
    for position, reference_id in enumerate(ids):
        calibration_set.members.append(CalibrationMember(reference_id=reference_id, position=position))
    db.session.add(calibration_set)
    db.session.flush()
    record(actor, "calibration.set_create", calibration_set, after={"name": name, "references": ids},
           summary=f"新建校准组：{name}（{len(ids)} 份样卷）")
    return calibration_set


def find_attempt(reviewer, calibration_set: CalibrationSet, reference: ReferenceSubject) -> CalibrationAttempt | None:
    """The reviewer's attempt on a reference of a set, if started; CalibrationError if not a member."""
    if reference.id not in {m.reference_id for m in calibration_set.members}:
        raise CalibrationError("该标准样卷不在此校准组中。")
    return db.session.scalar(select(CalibrationAttempt).where(
        CalibrationAttempt.set_id == calibration_set.id, CalibrationAttempt.reference_id == reference.id,
        CalibrationAttempt.reviewer_id == reviewer.id))


def attempt_for(reviewer, calibration_set: CalibrationSet, reference: ReferenceSubject) -> CalibrationAttempt:
    """The reviewer's attempt on a reference of a set (created as a draft the first time)."""
    attempt = find_attempt(reviewer, calibration_set, reference)
    if attempt is None:
        attempt = CalibrationAttempt(set_id=calibration_set.id, reference_id=reference.id, reviewer_id=reviewer.id)
        db.session.add(attempt)
        db.session.flush()
    return attempt


def save_attempt(reviewer, attempt: CalibrationAttempt, values: dict, *, submit: bool) -> rules.Outcome | None:
    """Save the reviewer's entries; on submit compare with the reference and record the result."""
    if attempt.reviewer_id != reviewer.id:
        raise CalibrationError("只能填写自己的校准评查表。")
    if attempt.status == AttemptStatus.SUBMITTED:
        raise CalibrationError("该校准评查表已提交，不能再修改。")
    reference = attempt.reference
    items = sheet_items(reference.sheet_id)
    entries = validated_entries(items, values, require_reason=submit)
    attempt.scores.clear()
    db.session.flush()
    for item_id, entry in entries.items():
        attempt.scores.append(CalibrationScore(item_id=item_id, deduction=entry.deduction,
                                               veto_hit=entry.veto_hit, reason=entry.reason or None))
    if not submit:
        db.session.flush()
        return None
    result = outcome(attempt, items)
    attempt.status, attempt.submitted_at = AttemptStatus.SUBMITTED, utcnow()
    attempt.total_difference, attempt.absolute_deviation = result.total_difference, result.absolute_deviation
    attempt.missed, attempt.extra, attempt.passed = result.missed, result.extra, result.passed
    db.session.flush()
    record(reviewer, "calibration.submit", attempt,
           after={"reference": reference.id, "absolute_deviation": str(result.absolute_deviation),
                  "missed": result.missed, "extra": result.extra, "passed": result.passed},
           summary=f"提交校准：{reference.title}，偏差 {result.absolute_deviation} 分")
    return result


def outcome(attempt: CalibrationAttempt, items=None) -> rules.Outcome:
    """The item-by-item comparison of an attempt with its reference (tolerance from the settings)."""
    items = items if items is not None else sheet_items(attempt.reference.sheet_id)
    reference = {i.item_id: rules.Entry(i.deduction, i.veto_hit, i.reason or "") for i in attempt.reference.items}
    own = {s.item_id: rules.Entry(s.deduction, s.veto_hit, s.reason or "") for s in attempt.scores}
    return rules.compare([(i.id, i.description, i.points) for i in items], reference, own,
                         Decimal(str(current_settings().tolerance)))


@dataclass(frozen=True)
class OverviewRow:
    reviewer: User
    attempts: int
    passed: int
    mean_deviation: float | None
    last_submitted: datetime | None
    calibrated: bool


def overview(reviewers: list[User], now: datetime | None = None) -> list[OverviewRow]:
    """Per reviewer: submitted attempts, passed, mean absolute deviation, last one, calibrated now."""
    calibrated = calibrated_ids([u.id for u in reviewers], now)
    rows = {r[0]: r for r in db.session.execute(
        select(CalibrationAttempt.reviewer_id, func.count(CalibrationAttempt.id),
               func.sum(case((CalibrationAttempt.passed.is_(True), 1), else_=0)),
               func.avg(CalibrationAttempt.absolute_deviation), func.max(CalibrationAttempt.submitted_at))
        .where(CalibrationAttempt.status == AttemptStatus.SUBMITTED)
        .group_by(CalibrationAttempt.reviewer_id))}
    result = []
    for user in reviewers:
        row = rows.get(user.id)
        result.append(OverviewRow(user, row[1] if row else 0, int(row[2] or 0) if row else 0,
                                  round(float(row[3]), 2) if row and row[3] is not None else None,
                                  row[4] if row else None, user.id in calibrated))
    return result


def calibrated_ids(reviewer_ids, now: datetime | None = None) -> set[int]:
    """Reviewers with a passed calibration within the settings' validity (one statement)."""
    ids = list(reviewer_ids)
    if not ids:
        return set()
    since = (now or utcnow()) - timedelta(days=current_settings().valid_days or 92)
    return set(db.session.scalars(select(CalibrationAttempt.reviewer_id).where(
        CalibrationAttempt.reviewer_id.in_(ids), CalibrationAttempt.passed.is_(True),
        CalibrationAttempt.submitted_at >= since).distinct()))


def only_calibrated(people: list[User]) -> list[User]:
    """`people` as they are, or only the calibrated ones when the office requires calibration."""
    if not current_settings().require_calibration:
        return people
    calibrated = calibrated_ids([u.id for u in people])
    return [u for u in people if u.id in calibrated]


def calibration_problem(user: User) -> str | None:
    """Why `user` may not be assigned for lack of calibration, or None."""
    if current_settings().require_calibration and not calibrated_ids([user.id]):
        return "审管办要求评查员先通过标准样卷校准，该评查员尚无有效的校准结果。"
    return None


def sets_with_members() -> list[CalibrationSet]:
    return list(db.session.scalars(select(CalibrationSet).options(
        selectinload(CalibrationSet.members).selectinload(CalibrationMember.reference))
        .order_by(CalibrationSet.created_at.desc(), CalibrationSet.id.desc())))


def reviewer_users() -> list[User]:
    """Active reviewers, by court and id (one statement)."""
    return list(db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == Role.REVIEWER, User.active.is_(True))
        .order_by(User.court_id, User.id)).unique())
