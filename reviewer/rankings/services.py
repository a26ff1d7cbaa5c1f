"""Monthly ranking services: propose, edit the draft, publish (张榜公布) and unpublish."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload, load_only, selectinload

from models import Court, Evaluation, Grade, Judgment, Review, ReviewItemScore, ReviewStatus, utcnow
from models.ranking import ListKind, MonthlyRanking, RankingEntry
from reviewer import audit
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.rankings import adjustment, rules

POLICY = rules.RankingPolicy()
KIND_OF = {rules.EXCELLENT: ListKind.EXCELLENT, rules.FLAWED: ListKind.FLAWED}


class StaleRanking(DomainError):
    """Someone else saved the draft after this page was loaded."""


@dataclass
class Candidate:
    """A judgment of the month with a confirmed evaluation, as plain values (not ORM objects): the
    editor reads ~400 of them per view. Writers load the listed rows themselves (publication).
    Read-only by convention: not a frozen dataclass, whose __init__ sets each field through
    object.__setattr__ (0.8 ms of the editor's CPU for 415 candidates, 0.1 ms unfrozen)."""

    judgment_id: int
    case_number: str | None
    court_id: int
    evaluation_id: int
    computed_score: Decimal | None
    final_grade: Grade
    confirmed_at: datetime | None
    veto_count: int | None      # None: not counted (a grade no list takes, not on the ranking)

    @cached_property
    def entry(self) -> rules.RankingEntry:
        """The rule's view of the candidate (built once: the proposal and the fair-score moves read it)."""
        return rules.RankingEntry(
            subject_id=self.judgment_id, case_number=self.case_number or "",
            score=float(self.computed_score) if self.computed_score is not None else None,
            grade=self.final_grade.name if self.final_grade else None,
            veto_count=self.veto_count or 0, confirmed_at=self.confirmed_at,   # counted where rankable
        )


# What the ranking's entries show of a judgment: never its paragraphs (the full text).
_CANDIDATE_COLUMNS = (Judgment.id, Judgment.court_id, Judgment.month, Judgment.case_number, Judgment.cause,
                      Judgment.status, Judgment.judge_id, Judgment.purpose)


def candidates(month: str) -> dict[int, Candidate]:
    """Confirmed judgment evaluations of the month (one statement whatever the size), by judgment id.

    The statement starts from the month's judgment ids (`IN (SELECT id … WHERE month = ?)`, on
    ix_judgments_month), then reaches the evaluations and the reviews' item rows by their subject
    and review indexes. So the cost follows the month's size, not the years stored (SQLite without
    ANALYZE statistics otherwise scans every judgment review by kind). Only the columns a
    candidate holds are read, as plain rows: no ORM identity, no texts.

    Veto hits are counted only where they are ranked or shown: for the grades either list takes
    (POLICY) and for the judgments on the month's ranking, by a subquery per such row (the
    reviews' index, then their item rows); `veto_count` is None for the others (most of a month,
    graded 合格: counting all their reviews' item rows was most of the statement's time).
    """
    month_ids = select(Judgment.id).where(Judgment.month == month)
    ranked_grades = [Grade[name] for name in (*POLICY.excellent_grades, *POLICY.flawed_grades)]
    listed = (select(RankingEntry.judgment_id).join(MonthlyRanking, MonthlyRanking.id == RankingEntry.ranking_id)
              .where(MonthlyRanking.month == month))
    veto_hits = (select(func.count(ReviewItemScore.id)).join(Review, Review.id == ReviewItemScore.review_id)
                 .where(Review.subject_kind == "judgment", Review.subject_id == Judgment.id,
                        Review.status == ReviewStatus.SUBMITTED, ReviewItemScore.veto_hit.is_(True))
                 .correlate(Judgment).scalar_subquery())
    veto_count = case((or_(Evaluation.final_grade.in_(ranked_grades), Judgment.id.in_(listed)), veto_hits),
                      else_=None)
    rows = db.session.execute(
        select(Judgment.id, Judgment.case_number, Judgment.court_id, Evaluation.id, Evaluation.computed_score,
               Evaluation.final_grade, Evaluation.confirmed_at, veto_count)
        .join(Evaluation, and_(Evaluation.subject_kind == "judgment", Evaluation.subject_id == Judgment.id))
        .where(Judgment.month == month, Evaluation.subject_id.in_(month_ids), Evaluation.final_grade.is_not(None))
    ).all()
    return {row[0]: Candidate(*row) for row in rows}


def propose(month: str, pool: dict[int, Candidate] | None = None) -> rules.MonthlyRanking:
    pool = candidates(month) if pool is None else pool
    return rules.rank_month(adjustment.ranking_entries(month, (c.entry for c in pool.values())), POLICY)


def rankable_entries(pool: dict[int, Candidate]) -> list[rules.RankingEntry]:
    """The rule's entries of the candidates `rules.rank_month` can list (scored, graded for either
    list under POLICY): a few dozen of a month's ~400, so the others' entries are never built."""
    grades = set(POLICY.excellent_grades) | set(POLICY.flawed_grades)
    return [c.entry for c in pool.values() if c.computed_score is not None and c.final_grade.name in grades]


def eligible(kind: ListKind, candidate: Candidate) -> bool:
    """Excellent list: graded 优秀 only. Flawed list: any confirmed grade but 优秀 — being on the
    flawed list is the office's call, separate from the score band (DOMAIN.md §4)."""
    grade = candidate.final_grade
    if kind == ListKind.EXCELLENT:
        return grade is not None and grade.name in POLICY.excellent_grades
    return grade is not None and grade.name not in POLICY.excellent_grades


def get_ranking(month: str) -> MonthlyRanking | None:
    """The month's ranking with its entries, their judgments (without texts) and courts: two
    statements, the entries joined to their judgments and courts (one row each)."""
    return db.session.scalar(
        select(MonthlyRanking).where(MonthlyRanking.month == month)
        .options(selectinload(MonthlyRanking.entries).joinedload(RankingEntry.judgment, innerjoin=True)
                 .options(load_only(*_CANDIDATE_COLUMNS), joinedload(Judgment.court, innerjoin=True)))
    )


class DraftRow(NamedTuple):
    """A ranking entry as the editor shows it, as plain values."""
    kind: ListKind
    position: int
    judgment_id: int
    reason: str
    case_number: str | None
    court: str


def draft_rows(ranking: MonthlyRanking | None) -> dict[ListKind, list[DraftRow]]:
    """The ranking's entries by list, in position order, with their judgments' case numbers and
    court names: one statement of plain rows, for the editor (the entries, judgments and courts as
    ORM objects, as `get_ranking` loads them, cost it ~2 ms of CPU for ten rows). Empty lists when
    there is no ranking yet."""
    rows: dict[ListKind, list[DraftRow]] = {kind: [] for kind in ListKind}
    if ranking is None:
        return rows
    for row in db.session.execute(
            select(RankingEntry.kind, RankingEntry.position, RankingEntry.judgment_id, RankingEntry.reason,
                   Judgment.case_number, Court.name)
            .join(Judgment, Judgment.id == RankingEntry.judgment_id).join(Court, Court.id == Judgment.court_id)
            .where(RankingEntry.ranking_id == ranking.id)
            .order_by(RankingEntry.kind, RankingEntry.position, RankingEntry.id)):
        rows[row.kind].append(DraftRow(*row))
    return rows


def default_reason(candidate: Candidate) -> str:
    grade = candidate.final_grade
    return f"综合得分 {candidate.computed_score} 分，评定等级为“{grade.label}”。"


def create_draft(month: str, actor) -> MonthlyRanking:
    """Start the month's draft from the proposal (reasons prefilled, to be rewritten by the office)."""
    if get_ranking(month) is not None:
        raise DomainError(f"{month} 的榜单已存在。")
    pool = candidates(month)
    proposal = propose(month, pool)
    ranking = MonthlyRanking(month=month, created_by_id=actor.id, updated_by_id=actor.id,
                             note="\n".join(proposal.notes) or None)
    for ranked in (proposal.excellent, proposal.flawed):
        for position, entry in enumerate(ranked.entries, start=1):
            ranking.entries.append(_entry(KIND_OF[ranked.kind], position, pool[entry.subject_id],
                                          default_reason(pool[entry.subject_id])))
    db.session.add(ranking)
    db.session.flush()
    audit.record(actor, "ranking.create", ranking, after={"month": month, "entries": len(ranking.entries)})
    return ranking


def _entry(kind: ListKind, position: int, candidate: Candidate, reason: str) -> RankingEntry:
    return RankingEntry(kind=kind, position=position, judgment_id=candidate.judgment_id,
                        evaluation_id=candidate.evaluation_id, score=candidate.computed_score,
                        grade=candidate.final_grade.name, reason=reason.strip())


def check_version(ranking: MonthlyRanking, lock_version) -> None:
    try:
        seen = int(lock_version)
    except (TypeError, ValueError):
        seen = -1
    if seen != ranking.lock_version:
        who = ranking.updated_by.display_name if ranking.updated_by else "他人"
        raise StaleRanking(f"该榜单已被{who}修改（您打开页面后有新的保存），本次保存未生效。请刷新页面查看最新内容后再编辑。")


def save_draft(ranking: MonthlyRanking, actor, lock_version, lists: dict[ListKind, list[tuple[int, str]]]) -> None:
    """Replace both lists with `lists` (kind → ordered [(judgment_id, reason)])."""
    if ranking.is_published:
        raise DomainError("榜单已公布，不能修改；如需修改请先撤销公布。")
    check_version(ranking, lock_version)
    pool = candidates(ranking.month)
    seen: set[int] = set()
    for kind, rows in lists.items():
        for judgment_id, _reason in rows:
            candidate = pool.get(judgment_id)
            if candidate is None:
                raise DomainError("所选文书不是本月已确认等级的文书。")
            if not eligible(kind, candidate):
                raise DomainError(f"{candidate.case_number}（{candidate.final_grade.label}）不能列入{kind.label}榜。")
            if judgment_id in seen:
                raise DomainError(f"{candidate.case_number} 不能同时或重复列入榜单。")
            seen.add(judgment_id)
        available = sum(1 for c in pool.values() if eligible(kind, c))
        problem = rules.check_list_size(len(rows), available, POLICY)
        if problem:
            raise DomainError(f"{kind.label}榜：{problem}")
    before = _snapshot(ranking)
    current = {e.judgment_id: e for e in ranking.entries}
    for kind, rows in lists.items():
        for position, (judgment_id, reason) in enumerate(rows, start=1):
            entry = current.pop(judgment_id, None)
            if entry is None:
                ranking.entries.append(_entry(kind, position, pool[judgment_id], reason))
            else:
                entry.kind, entry.position, entry.reason = kind, position, reason.strip()
    for entry in current.values():
        ranking.entries.remove(entry)
    ranking.updated_by_id, ranking.updated_at = actor.id, utcnow()
    db.session.flush()
    audit.record(actor, "ranking.save", ranking, before=before, after=_snapshot(ranking))


def _snapshot(ranking: MonthlyRanking) -> dict:
    return {kind.value: [(e.judgment_id, e.reason) for e in ranking.entries_of(kind)] for kind in ListKind}
