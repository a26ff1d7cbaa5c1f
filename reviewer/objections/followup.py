"""An upheld objection guided to its end: the steps it implies and their state.

1. if the judgment is on a published list: withdraw that entry (public reason) — or the whole
   month, on the ranking page;
2. reopen the submitted sheets with the objection's reason (the reviewers correct and resubmit);
3. re-confirm the grade on the comparison page;
4. republish the withdrawn entry with the new grade (or it stays withdrawn, its note public).
Every step is its own service call (flushes, audits, raises `DomainError`).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from models import Evaluation, Review, ReviewStatus
from models.objection import Objection, ObjectionStatus
from models.ranking import MonthlyRanking, RankingEntry, RankingStatus
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.rankings import publication
from reviewer.reviews.services import reopen_review


@dataclass
class Steps:
    """What the objection page shows after an objection was upheld."""

    evaluation: Evaluation | None
    entry: RankingEntry | None      # the judgment's entry on a published list
    submitted_sheets: int
    open_sheets: int

    @property
    def published(self) -> bool:
        return self.entry is not None and self.entry.withdrawn_at is None

    @property
    def withdrawn(self) -> bool:
        return self.entry is not None and self.entry.withdrawn_at is not None

    @property
    def confirmed(self) -> bool:
        return self.evaluation is not None and self.evaluation.final_grade is not None


def steps(objection: Objection) -> Steps:
    evaluation = db.session.scalar(select(Evaluation).where(
        Evaluation.subject_kind == "judgment", Evaluation.subject_id == objection.judgment_id))
    entry = db.session.scalar(select(RankingEntry).join(MonthlyRanking).where(
        RankingEntry.judgment_id == objection.judgment_id, MonthlyRanking.status == RankingStatus.PUBLISHED))
    counts = dict(db.session.execute(select(Review.status, func.count()).where(
        Review.subject_kind == "judgment", Review.subject_id == objection.judgment_id).group_by(Review.status)).all())
    submitted = counts.get(ReviewStatus.SUBMITTED, 0)
    return Steps(evaluation, entry, submitted, sum(counts.values()) - submitted)


def _upheld(objection: Objection) -> None:
    if objection.status != ObjectionStatus.UPHELD:
        raise DomainError("只有成立的异议才有后续步骤。")


def withdraw_entry(objection: Objection, actor, reason: str) -> None:
    _upheld(objection)
    entry = steps(objection).entry
    if entry is None:
        raise DomainError("该文书不在已公布的榜单上，无需撤回。")
    publication.withdraw_entry(entry, actor, reason)


def reopen_sheets(objection: Objection, actor, reason: str) -> int:
    """Send every submitted sheet of the judgment back with `reason`; returns how many."""
    _upheld(objection)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("重新打开评查表必须填写理由。")
    reviews = db.session.scalars(select(Review).where(
        Review.subject_kind == "judgment", Review.subject_id == objection.judgment_id,
        Review.status == ReviewStatus.SUBMITTED).order_by(Review.id)).all()
    if not reviews:
        raise DomainError("没有已提交的评查表可以重新打开。")
    for review in reviews:
        reopen_review(review, f"异议成立：{reason}", actor)
    return len(reviews)


def republish_entry(objection: Objection, actor) -> None:
    _upheld(objection)
    found = steps(objection)
    if not found.withdrawn:
        raise DomainError("该文书没有被撤回的榜单条目。")
    publication.republish_entry(found.entry, actor)
