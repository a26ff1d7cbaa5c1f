"""Objection services: a judge's own evaluations, lodging an objection, answering it."""
from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from models import Evaluation, Judgment, Role, User, UserRole, utcnow
from models.notification import NotificationKind
from models.objection import Objection, ObjectionStatus
from reviewer import audit, keyset
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.judgments.queries import LIST_ORDER, TEXT_DEFERRED
from reviewer.notifications.services import local_url, notify

MAX_TEXT = 2000


def own_judgments_query(user):
    """The user's judgments (承办法官) whose evaluation the office has confirmed, newest first.

    The list shows month, case number and cause: the judgments' texts (paragraphs, parties,
    signatories) stay in the database (`judgments.queries.TEXT_DEFERRED`)."""
    return (
        select(Judgment)
        .join(Evaluation, and_(Evaluation.subject_kind == "judgment", Evaluation.subject_id == Judgment.id))
        .where(Judgment.judge_id == user.id, Evaluation.final_grade.is_not(None))
        .options(joinedload(Judgment.court), *TEXT_DEFERRED)
        .order_by(Judgment.month.desc(), Judgment.id.desc())
    )


def own_judgments_page(user, args):
    """A keyset page (`reviewer.keyset.KeysetPage`, 20 rows, total counted up to 1,000) of
    `own_judgments_query`, on (month, id) like the judgment list."""
    return keyset.paginate(own_judgments_query(user), LIST_ORDER, args)


def evaluations_for(judgments) -> dict[int, Evaluation]:
    ids = [j.id for j in judgments]
    rows = db.session.scalars(select(Evaluation).where(
        Evaluation.subject_kind == "judgment", Evaluation.subject_id.in_(ids or [0])))
    return {e.subject_id: e for e in rows}


def objection_counts(judgments) -> dict[int, int]:
    ids = [j.id for j in judgments]
    rows = db.session.execute(select(Objection.judgment_id, func.count(Objection.id))
                              .where(Objection.judgment_id.in_(ids or [0])).group_by(Objection.judgment_id))
    return dict(rows.all())


def evaluation_of(judgment) -> Evaluation | None:
    return db.session.scalar(select(Evaluation).where(
        Evaluation.subject_kind == "judgment", Evaluation.subject_id == judgment.id))


def lodge(user, judgment, evaluation, text: str) -> Objection:
    text = (text or "").strip()
    if not text:
        raise DomainError("请填写异议的事实和理由。")
    if len(text) > MAX_TEXT:
        raise DomainError(f"异议内容不能超过 {MAX_TEXT} 字。")
    pending = db.session.scalar(select(Objection.id).where(
        Objection.judgment_id == judgment.id, Objection.raised_by_id == user.id,
        Objection.status == ObjectionStatus.OPEN))
    if pending is not None:
        raise DomainError("您对该文书的异议尚在处理中，请等待答复后再提出。")
    objection = Objection(judgment_id=judgment.id, evaluation_id=evaluation.id, raised_by_id=user.id, text=text)
    db.session.add(objection)
    db.session.flush()
    audit.record(user, "objection.lodge", objection, after={"judgment_id": judgment.id, "text": text},
                 summary=f"对 {judgment.case_number} 的评查结果提出异议")
    admins = db.session.scalars(select(User).join(UserRole, UserRole.user_id == User.id)
                                .where(UserRole.role == Role.ADMIN, User.active.is_(True))).all()
    for admin in admins:
        notify(admin, NotificationKind.OBJECTION, f"{user.display_name} 对 {judgment.case_number} 的评查结果提出异议。",
               url=local_url("objections.detail", objection_id=objection.id))
    return objection


def answer(admin, objection: Objection, outcome: ObjectionStatus, text: str) -> None:
    text = (text or "").strip()
    if not objection.is_open:
        raise DomainError("该异议已答复。")
    if outcome not in (ObjectionStatus.UPHELD, ObjectionStatus.REJECTED):
        raise DomainError("请选择处理结果。")
    if not text:
        raise DomainError("请填写答复意见。")
    objection.status, objection.answer = outcome, text
    objection.answered_by_id, objection.answered_at = admin.id, utcnow()
    db.session.flush()
    audit.record(admin, "objection.answer", objection, before={"status": "open"},
                 after={"status": outcome.value, "answer": text}, summary=f"答复异议：{outcome.label}")
    notify(objection.raised_by, NotificationKind.OBJECTION,
           f"您对 {objection.judgment.case_number} 提出的异议已答复：{outcome.label}。",
           url=local_url("objections.detail", objection_id=objection.id))
