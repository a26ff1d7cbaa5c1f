"""Combining a subject's submitted sheets into its evaluation, and confirming the final grade."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from models import (Assignment, Evaluation, Grade, Review, ReviewItemScore, ScoreSection, ScoreSheet,
                    User, utcnow)
from reviewer import audit, signals
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer import subjects
from reviewer.scoresheets.scoring import Combination, SheetEntry, combine
from reviewer.scoresheets.services import rule_of


@dataclass
class SubjectResult:
    """Everything the comparison page needs about one subject."""

    kind: str
    subject_id: int
    reviews: list[Review]
    sheet: ScoreSheet | None
    combination: Combination
    evaluation: Evaluation | None
    expected: int


def load_reviews(kind: str, subject_id: int) -> list[Review]:
    """The subject's reviews with their scores, remarks, reviewers (with their courts) and
    assignments: three statements whatever the sheets — the reviewers, courts and assignments
    joined to the reviews, the item scores and the remarks loaded by id. The reviewers' roles are
    not loaded (read on first use)."""
    reviewer = joinedload(Review.reviewer)
    return list(db.session.scalars(
        select(Review).where(Review.subject_kind == kind, Review.subject_id == subject_id)
        .options(
            selectinload(Review.item_scores),
            selectinload(Review.remarks),
            reviewer.joinedload(User.court),
            reviewer.lazyload(User.role_rows),
            joinedload(Review.assignment),
        )
        .order_by(Review.id)
    ).unique())


def _sheet(sheet_id: int) -> ScoreSheet | None:
    """The sheet with its sections (joined) and their items: two statements."""
    return db.session.scalars(
        select(ScoreSheet).where(ScoreSheet.id == sheet_id)
        .options(joinedload(ScoreSheet.sections).selectinload(ScoreSection.items))
    ).unique().first()


def entry_of(review: Review, item_keys: dict[int, str]) -> SheetEntry:
    return SheetEntry(
        reviewer_id=review.reviewer_id,
        submitted=review.status.name == "SUBMITTED",
        deductions={item_keys[s.item_id]: s.deduction for s in review.item_scores},
        veto_hits=frozenset(item_keys[s.item_id] for s in review.item_scores if s.veto_hit),
    )


def compute(kind: str, subject_id: int) -> SubjectResult:
    """Combine the subject's sheets (pure rule in `scoring.combine`) without writing anything."""
    expected = db.session.scalar(select(func.count(Assignment.id)).where(
        Assignment.subject_kind == kind, Assignment.subject_id == subject_id)) or 0
    reviews = load_reviews(kind, subject_id)
    evaluation = db.session.scalar(select(Evaluation).where(
        Evaluation.subject_kind == kind, Evaluation.subject_id == subject_id))
    sheet_ids = {r.sheet_id for r in reviews}
    if len(sheet_ids) > 1:
        combination = Combination(False, "各评查员使用的评分表版本不一致，无法汇总。")
        return SubjectResult(kind, subject_id, reviews, _sheet(min(sheet_ids)), combination, evaluation, expected)
    sheet = _sheet(sheet_ids.pop()) if sheet_ids else None
    if sheet is None:
        return SubjectResult(kind, subject_id, reviews, None, Combination(False, "尚无评查表。"), evaluation, expected)
    keys = {item.id: item.key for item in sheet.items}
    combination = combine(
        [rule_of(item) for item in sheet.items],
        [entry_of(r, keys) for r in reviews],
        expected=expected, bands=sheet.grade_bands, spread_threshold=sheet.spread_threshold,
    )
    return SubjectResult(kind, subject_id, reviews, sheet, combination, evaluation, expected)


def refresh_evaluation(kind: str, subject_id: int) -> Evaluation | None:
    """Recompute the subject's evaluation after a submit, reopen or assignment change.

    When the sheets can be combined the computed fields are (re)written; when they no longer can
    (a sheet reopened, a reviewer added) they are cleared. A confirmation whose basis changed is
    withdrawn. A locked (published) evaluation is never touched.
    """
    result = compute(kind, subject_id)
    evaluation = result.evaluation
    if evaluation is not None and evaluation.locked:
        return evaluation
    c = result.combination
    if not c.combinable:
        if evaluation is not None:
            _clear(evaluation)
        return evaluation
    if evaluation is None:
        evaluation = Evaluation(subject_kind=kind, subject_id=subject_id)
        db.session.add(evaluation)
    grade = Grade[c.grade]
    changed = (evaluation.computed_score != c.score or evaluation.computed_grade != grade
               or evaluation.vetoed != c.vetoed)
    evaluation.sheet_id = result.sheet.id
    evaluation.review_count = len(result.reviews)
    evaluation.computed_score = c.score
    evaluation.computed_grade = grade
    evaluation.vetoed = c.vetoed
    evaluation.spread = c.spread
    evaluation.spread_flag = c.spread_flag
    evaluation.computed_at = utcnow()
    if changed and evaluation.final_grade is not None:
        _withdraw_confirmation(evaluation)
    db.session.flush()
    audit.record(None, "evaluation.compute", evaluation,
                 after={"score": c.score, "grade": c.grade, "vetoed": c.vetoed, "spread": c.spread},
                 summary=f"汇总得分 {c.score}（{grade.label}）")
    return evaluation


def _withdraw_confirmation(evaluation: Evaluation) -> None:
    if evaluation.final_grade is not None:
        spec = subjects.get(evaluation.subject_kind)
        if spec is not None and spec.on_unevaluated:
            obj = subjects.load(evaluation.subject_kind, evaluation.subject_id)
            if obj is not None:
                spec.on_unevaluated(obj)
    evaluation.final_grade = None
    evaluation.override_reason = None
    evaluation.confirmed_by_id = None
    evaluation.confirmed_at = None


def _clear(evaluation: Evaluation) -> None:
    had = evaluation.computed_score is not None or evaluation.final_grade is not None
    evaluation.computed_score = None
    evaluation.computed_grade = None
    evaluation.vetoed = False
    evaluation.spread = None
    evaluation.spread_flag = False
    evaluation.computed_at = None
    _withdraw_confirmation(evaluation)
    db.session.flush()
    if had:
        audit.record(None, "evaluation.clear", evaluation, summary="评查表变动，汇总结果已撤销，待重新汇总")


def confirm_grade(evaluation: Evaluation, grade: Grade, reason: str | None, actor) -> Evaluation:
    """The office confirms the final grade; a grade other than the computed one needs a reason."""
    if evaluation.locked:
        raise DomainError("评查结果已公布并锁定，不能修改等级。")
    if evaluation.computed_grade is None:
        raise DomainError("全部评查表提交并汇总后才能确认等级。")
    reason = (reason or "").strip()
    if grade != evaluation.computed_grade and not reason:
        raise DomainError(
            f"最终等级（{grade.label}）与汇总等级（{evaluation.computed_grade.label}）不同，必须填写调整理由。"
        )
    before = {"final_grade": evaluation.final_grade, "override_reason": evaluation.override_reason}
    evaluation.final_grade = grade
    evaluation.override_reason = reason if grade != evaluation.computed_grade else (reason or None)
    evaluation.confirmed_by_id = actor.id
    evaluation.confirmed_at = utcnow()
    spec = subjects.get(evaluation.subject_kind)
    obj = subjects.load(evaluation.subject_kind, evaluation.subject_id)
    if spec is not None and obj is not None and spec.on_evaluated:
        spec.on_evaluated(obj)
    db.session.flush()
    audit.record(actor, "evaluation.confirm", evaluation, before=before,
                 after={"final_grade": grade, "override_reason": evaluation.override_reason},
                 summary=f"确认等级：{grade.label}" + (f"（调整理由：{reason}）" if reason else ""))
    signals.grade_confirmed.send(evaluation, actor=actor)
    return evaluation


def item_scores_by_item(review: Review) -> dict[int, ReviewItemScore]:
    return {s.item_id: s for s in review.item_scores}
