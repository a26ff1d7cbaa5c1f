"""A case's path after it is recorded: self-check → evaluation → (objection → meeting) → closed.

Rules (measures 1 and 6 of the plan):
- the judge in charge submits the self-check report (text and/or a .docx) once; late reports are
  accepted and stay marked overdue (the due date is kept);
- the office — or, for a case the provincial court changed, the intermediate court's 审判监督庭,
  which is notified when the report is in — evaluates once the report is in (or the due date has passed): problem confirmed or
  not, the categories, the points (≤ 0) and a written opinion, with the basic and intermediate
  courts' views side by side (双向评析). A case changed by the provincial court always goes to
  the adjudication committee ("逐案提交审委会研究讨论"), so it waits for the decision;
- the judge may object (申辩) once, with reasons, before the case is closed; the case then waits
  for the meeting (专业法官会议 or 审委会) whose decision and minutes close it;
- the ledger's deduction for a confirmed, not excluded problem is posted when the case closes,
  dated by the higher court's decision (see points.py).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from models import Court, CourtLevel, Division, Role, User, UserRole, utcnow
from models.court import TRIAL_SUPERVISION_NAMES
from models.notification import NotificationKind
from models.reversal import (DecisionBody, HigherLevel, ReversalCase, ReversalEvaluation,
                             ReversalStatus)
from reviewer import audit, storage
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.notifications.services import local_url, notify
from reviewer.reversals import ledger

MAX_TEXT = 20_000
MAX_DOCX = 20 * 1024 * 1024
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _url(case: ReversalCase) -> str:
    return local_url("reversals.detail", case_id=case.id)


def store_docx(actor, upload, kind: str):
    """Keep an uploaded .docx (None when no file was chosen); DomainError for another format."""
    if upload is None or not getattr(upload, "filename", ""):
        return None
    name = storage.clean_display_name(upload.filename)
    if not name.lower().endswith(".docx"):
        raise DomainError("只能上传 .docx 格式的文件。")
    temp = storage.receive(upload.stream, name, MAX_DOCX)
    return storage.store(temp, kind, DOCX_MIME, uploaded_by=actor, ext=".docx")


def submit_self_check(actor, case: ReversalCase, text: str, upload=None) -> None:
    if case.status != ReversalStatus.SELF_CHECK:
        raise DomainError("该案的自查报告已提交。")
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise DomainError(f"自查报告不能超过 {MAX_TEXT} 字。")
    stored = store_docx(actor, upload, "selfcheck")
    if not text and stored is None:
        raise DomainError("请填写自查报告或上传 .docx 文件。")
    case.self_check_text = text or None
    case.self_check_file_id = stored.id if stored else None
    case.self_check_at = utcnow()
    case.status = ReversalStatus.EVALUATING
    db.session.flush()
    audit.record(actor, "reversal.self_check", case, summary=f"{case.case_number} 提交自查报告")
    if case.higher_level == HigherLevel.PROVINCIAL:
        for user in trial_supervision_users():
            notify(user, NotificationKind.GENERAL, f"省高院发改案件 {case.case_number} 的自查报告已提交，待审判监督庭评查。",
                   url=_url(case), dedupe_key=f"reversal-evaluate:{case.id}")


def evaluate(actor, case: ReversalCase, *, confirmed: bool, categories: list[str], points: Decimal,
             opinion: str, basic_view: str | None, intermediate_view: str | None, today: date) -> ReversalEvaluation:
    """Record the office's evaluation; DomainError when the case cannot be evaluated now."""
    if case.evaluation is not None:
        raise DomainError("该案已评查。")
    if case.status == ReversalStatus.SELF_CHECK and not case.self_check_overdue(today):
        raise DomainError("承办法官的自查报告尚未提交，且未过提交期限。")
    if not (opinion or "").strip():
        raise DomainError("请填写评查意见。")
    points = Decimal(points or 0)
    if points > 0:
        raise DomainError("扣分应填零或负数。")
    if not confirmed:
        points = Decimal("0")
    evaluation = ReversalEvaluation(
        case=case, problem_confirmed=confirmed, categories=list(categories or []), points=points,
        opinion=opinion.strip(), basic_view=(basic_view or "").strip() or None,
        intermediate_view=(intermediate_view or "").strip() or None, evaluated_by_id=actor.id)
    db.session.add(evaluation)
    case.status = (ReversalStatus.DISPUTED if case.higher_level == HigherLevel.PROVINCIAL
                   else ReversalStatus.EVALUATED)
    db.session.flush()
    audit.record(actor, "reversal.evaluate", case, after={
        "confirmed": confirmed, "categories": evaluation.categories, "points": str(points)},
        summary=f"{case.case_number} 评查：{'确有问题' if confirmed else '不存在问题'}")
    if case.judge is not None:
        notify(case.judge, NotificationKind.GENERAL,
               f"{case.case_number} 的评查意见已出：{'确有问题' if confirmed else '不存在问题'}"
               f"{'，如有异议可申辩一次' if case.status == ReversalStatus.EVALUATED else '，将提交审委会讨论'}。",
               url=_url(case))
    return evaluation


def close_uncontested(actor, case: ReversalCase) -> None:
    """The office closes an evaluated case the judge did not object to; posts the deduction."""
    if case.status != ReversalStatus.EVALUATED:
        raise DomainError("只有已评查且无申辩的案件可以办结。")
    case.status = ReversalStatus.CLOSED
    db.session.flush()
    ledger.post_case(actor, case)
    audit.record(actor, "reversal.close", case, summary=f"{case.case_number} 办结")


def object_once(actor, case: ReversalCase, reasons: str) -> None:
    evaluation = case.evaluation
    if evaluation is None or case.status != ReversalStatus.EVALUATED:
        raise DomainError("只能对已评查、未办结的案件申辩。")
    if evaluation.objected_at is not None:
        raise DomainError("每案只能申辩一次。")
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError("请填写申辩理由。")
    if len(reasons) > MAX_TEXT:
        raise DomainError(f"申辩理由不能超过 {MAX_TEXT} 字。")
    evaluation.objection = reasons
    evaluation.objected_at = utcnow()
    case.status = ReversalStatus.DISPUTED
    db.session.flush()
    audit.record(actor, "reversal.object", case, summary=f"{case.case_number} 承办法官申辩")
    for admin in _office_users():
        notify(admin, NotificationKind.OBJECTION, f"{case.case_number} 的承办法官提出申辩，待提交会议决定。",
               url=_url(case), dedupe_key=f"reversal-objection:{case.id}")


def decide(actor, case: ReversalCase, *, body: DecisionBody, confirmed: bool, points: Decimal,
           text: str, decided_on: date, minutes=None) -> None:
    """Record the meeting's decision (and minutes); it closes the case and posts the deduction."""
    evaluation = case.evaluation
    if evaluation is None or case.status != ReversalStatus.DISPUTED:
        raise DomainError("只有待会议决定的案件可以录入决定。")
    if case.higher_level == HigherLevel.PROVINCIAL and body != DecisionBody.COMMITTEE:
        raise DomainError("被省高院发改的案件应提交审判委员会讨论。")
    if not (text or "").strip():
        raise DomainError("请填写会议决定。")
    points = Decimal(points or 0)
    if points > 0:
        raise DomainError("扣分应填零或负数。")
    stored = store_docx(actor, minutes, "decision")
    evaluation.decision_body = body
    evaluation.decision_confirmed = confirmed
    evaluation.decision_points = points if confirmed else Decimal("0")
    evaluation.decision_text = text.strip()
    evaluation.decision_minutes_id = stored.id if stored else None
    evaluation.decided_on = decided_on
    evaluation.decided_by_id = actor.id
    case.status = ReversalStatus.CLOSED
    db.session.flush()
    ledger.post_case(actor, case)
    audit.record(actor, "reversal.decide", case, after={"body": body, "confirmed": confirmed,
                                                        "points": str(evaluation.decision_points)},
                 summary=f"{case.case_number} {body.label}决定：{'确有问题' if confirmed else '不存在问题'}")
    if case.judge is not None:
        notify(case.judge, NotificationKind.GENERAL, f"{case.case_number} 经{body.label}讨论已作出决定。",
               url=_url(case))


def trial_supervision_users() -> list[User]:
    """The active judges of the intermediate court's 审判监督庭 (they evaluate provincial cases)."""
    users = db.session.scalars(select(User).join(UserRole).join(Division, User.division_id == Division.id)
                               .join(Court, Division.court_id == Court.id).where(
        UserRole.role == Role.JUDGE, User.active.is_(True), Court.level == CourtLevel.INTERMEDIATE,
        Division.name.in_(TRIAL_SUPERVISION_NAMES)))
    return list(dict.fromkeys(users))


def _office_users() -> list[User]:
    return list(db.session.scalars(select(User).join(UserRole).where(
        UserRole.role == Role.ADMIN, User.active.is_(True))))


def send_self_check_reminders(today: date, due_soon_days: int = 2) -> dict[str, int]:
    """Remind judges of self-check reports due soon or overdue; each kind once per case."""
    rows = db.session.scalars(select(ReversalCase).where(
        ReversalCase.status == ReversalStatus.SELF_CHECK, ReversalCase.judge_id.is_not(None),
        ReversalCase.self_check_due.is_not(None))).all()
    counts = {"overdue": 0, "due_soon": 0}
    for case in rows:
        overdue = today > case.self_check_due
        if not overdue and (case.self_check_due - today).days > due_soon_days:
            continue
        kind = "overdue" if overdue else "due_soon"
        note = notify(case.judge, NotificationKind.OVERDUE if overdue else NotificationKind.DUE_SOON,
                      f"{case.case_number} 的自查报告{'已逾期' if overdue else '即将到期'}"
                      f"（期限 {case.self_check_due.isoformat()}），请尽快提交。",
                      url=_url(case), dedupe_key=f"selfcheck-{kind}:{case.id}")
        counts[kind] += note is not None
    return counts
