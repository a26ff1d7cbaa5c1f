"""Confirming a month's grades in one step: the evaluations whose computed grade can stand as it
is — combined, not yet confirmed, not published, no spread flag, no veto — confirmed as computed,
all or none (`reviewer.batch`). A flagged one needs the comparison page and a person's judgment.
"""
from __future__ import annotations

from sqlalchemy import select

from models import Evaluation
from reviewer import audit, batch
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.reviews.evaluations import confirm_grade


def _plain():
    return (Evaluation.computed_score.is_not(None), Evaluation.final_grade.is_(None),
            Evaluation.locked.is_(False), Evaluation.spread_flag.is_(False), Evaluation.vetoed.is_(False))


def candidates(spec, month: str) -> list[tuple[object, Evaluation]]:
    """(subject, evaluation) of the month that can be confirmed in one step, in board order."""
    rows = db.session.execute(
        select(spec.model, Evaluation)
        .join(Evaluation, (Evaluation.subject_kind == spec.kind) & (Evaluation.subject_id == spec.model.id))
        .where(spec.on_board(month), *_plain()).options(*spec.load_options)
        .order_by(spec.model.court_id, spec.model.id)).all()
    return [(subject, evaluation) for subject, evaluation in rows]


def refusal(evaluation: Evaluation) -> str | None:
    """Why this evaluation cannot be confirmed in a batch, or None."""
    if evaluation.locked:
        return "评查结果已公布并锁定。"
    if evaluation.final_grade is not None:
        return f"已确认为{evaluation.final_grade.label}，无需再确认。"
    if evaluation.computed_grade is None:
        return "评查表尚未全部提交并汇总。"
    if evaluation.spread_flag:
        return "评查员分差过大，请在对比页逐件确认。"
    if evaluation.vetoed:
        return "有否决项，请在对比页逐件确认。"
    return None


def confirm_all(spec, evaluation_ids: list[int], actor) -> list[batch.ItemReport]:
    """Confirm each chosen evaluation at its computed grade, or none; audited per item and once
    for the batch."""
    evaluations = list(db.session.scalars(select(Evaluation).where(
        Evaluation.subject_kind == spec.kind, Evaluation.id.in_(evaluation_ids)).order_by(Evaluation.id))) \
        if evaluation_ids else []
    subjects = {s.id: s for s in db.session.scalars(select(spec.model).where(
        spec.model.id.in_([e.subject_id for e in evaluations])))} if evaluations else {}

    def one(evaluation):
        reason = refusal(evaluation)
        if reason:
            raise DomainError(reason)
        confirm_grade(evaluation, evaluation.computed_grade, None, actor)

    def title(evaluation):
        subject = subjects.get(evaluation.subject_id)
        grade = evaluation.computed_grade.label if evaluation.computed_grade else "—"
        return f"{spec.title(subject) if subject is not None else evaluation.subject_id}（{grade}）"

    reports = batch.run_all(evaluations, one, title, "已确认")
    audit.record(actor, "evaluation.batch_confirm", None,
                 after={"kind": spec.kind, "evaluations": [e.id for e in evaluations]},
                 summary=f"一次确认 {len(evaluations)} 件{spec.label}的等级（按汇总等级）")
    return reports
