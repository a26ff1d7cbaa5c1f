"""Judgments as a review subject ('judgment')."""
from __future__ import annotations

from sqlalchemy.orm import selectinload

from models import Judgment, JudgmentStatus, SheetKind
from reviewer.subjects.registry import ANCHOR_PARAGRAPH, SubjectKind

_REVIEWABLE_JUDGMENT = (JudgmentStatus.SUBMITTED, JudgmentStatus.IN_REVIEW, JudgmentStatus.EVALUATED)


def _judgment_assigned(judgment: Judgment) -> None:
    if judgment.status == JudgmentStatus.SUBMITTED:
        judgment.status = JudgmentStatus.IN_REVIEW


def _judgment_evaluated(judgment: Judgment) -> None:
    if judgment.status in (JudgmentStatus.SUBMITTED, JudgmentStatus.IN_REVIEW):
        judgment.status = JudgmentStatus.EVALUATED


def _judgment_unevaluated(judgment: Judgment) -> None:
    if judgment.status == JudgmentStatus.EVALUATED:
        judgment.status = JudgmentStatus.IN_REVIEW


JUDGMENT = SubjectKind(
    kind="judgment",
    label="裁判文书",
    model=Judgment,
    sheet_kind=SheetKind.JUDGMENT,
    court_id=lambda j: j.court_id,
    judge_user_id=lambda j: j.judge_id,
    title=lambda j: j.case_number or f"文书 #{j.id}",
    detail_endpoint="judgments.detail",
    detail_args=lambda j: {"judgment_id": j.id},
    month=lambda j: j.month,
    reviewable=lambda j: j.status in _REVIEWABLE_JUDGMENT,
    anchor=ANCHOR_PARAGRAPH,
    anchor_limit=lambda j: len(j.paragraphs or []),
    pane_template="reviews/_subject_judgment.html",
    load_options=(selectinload(Judgment.court),),
    month_filter=lambda month: (Judgment.month == month) & Judgment.status.in_(_REVIEWABLE_JUDGMENT),
    board_filter=lambda month: (Judgment.month == month) & Judgment.status.in_(
        _REVIEWABLE_JUDGMENT + (JudgmentStatus.PUBLISHED,)),
    on_assigned=_judgment_assigned,
    on_evaluated=_judgment_evaluated,
    on_unevaluated=_judgment_unevaluated,
)
